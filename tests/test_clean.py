"""Tests for crosswire.ingest.clean: character fixes, whitespace and page furniture."""

from __future__ import annotations

import itertools
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.ingest.clean import FURNITURE_LABELS, clean_text, is_label_line

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

BODY = "The council met on Friday to discuss the new bridge over the river."
OTHER = "Residents said the repairs had taken far longer than anyone expected."


# Characters


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The mayorâ€™s office said it was closed.", "The mayor's office said it was closed."),
        ("â€œWe are readyâ€\x9d, she said.", '"We are ready", she said.'),
        ("“Quoted” and ‘single’ marks.", "\"Quoted\" and 'single' marks."),
        ("The ﬁrst train left.", "The first train left."),
        ("Cafe\u0301 owners", "Café owners"),
        ("zero\u200bwidth\u200d and\ufeff soft\u00adhyphen", "zerowidth and softhyphen"),
        ("a\u00a0b\u2009c\u3000d\te", "a b c d e"),
    ],
)
def test_characters_are_repaired_and_normalised(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_line_breaks_become_newlines() -> None:
    assert clean_text("one line\r\ntwo line\rthree line\u2028Four") == (
        "one line\ntwo line\nthree line\nFour"
    )


def test_html_entities_are_left_alone() -> None:
    assert clean_text("Smith &amp; Sons") == "Smith &amp; Sons"


# Whitespace


def test_lines_are_stripped_and_spaces_collapsed() -> None:
    assert clean_text("   two   spaces  here  \n\t tabbed\tline ") == "two spaces here\ntabbed line"


def test_at_most_one_blank_line_and_text_stripped() -> None:
    raw = "\n\n  \nFirst paragraph.\n\n\n \n\nSecond paragraph.\n\n\n"
    assert clean_text(raw) == "First paragraph.\n\nSecond paragraph."


def test_single_newlines_are_kept() -> None:
    assert clean_text("First line.\nSecond line.") == "First line.\nSecond line."


def test_empty_and_blank_text() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\t\n\u00a0") == ""


# Rule (a): UI labels


@pytest.mark.parametrize(
    "label",
    ["Share", "share", "SHARE", "Share:", "Share :", "Copied", "Tweet", "Print", "Email",
     "Comments", "Advertisement", "Read more", "READ MORE:", "Follow us", "Subscribe",
     "Skip to content", "Hide Transcript Show Transcript", "Copy Link Copy",
     "Facebook | Twitter | Email", "Share this: Facebook"],
)  # fmt: skip
def test_label_lines_are_dropped(label: str) -> None:
    assert clean_text(f"{BODY}\n{label}\n{OTHER}") == f"{BODY}\n{OTHER}"


@pytest.mark.parametrize(
    "line",
    ["Share prices fell sharply", "Email: desk@example.org", "Read more about the plan here.",
     "Print edition", "Comments were closed after the vote."],
)  # fmt: skip
def test_lines_that_only_start_with_a_label_are_kept(line: str) -> None:
    assert line in clean_text(f"{BODY}\n{line}\n{OTHER}")


def test_labels_table_is_matched_whole() -> None:
    assert all(is_label_line(label) for label in FURNITURE_LABELS)
    assert not is_label_line("Share the load")


# Rule (b): JSON lines


@pytest.mark.parametrize(
    "line", ['["news","World"]', '["other", "Region"]', '{"tags": ["a", "b"]}', "[]"]
)
def test_json_lines_are_dropped(line: str) -> None:
    assert clean_text(f"{BODY}\n{line}\n{OTHER}") == f"{BODY}\n{OTHER}"


@pytest.mark.parametrize("line", ['["news", World]', "[Updated at noon]", "{not json}"])
def test_bracketed_lines_that_are_not_json_are_kept(line: str) -> None:
    assert line in clean_text(f"{BODY}\n{line}\n{OTHER}")


# Rule (c): a single lowercase word


@pytest.mark.parametrize("line", ["block", "div", "placeholder"])
def test_single_lowercase_word_lines_are_dropped(line: str) -> None:
    assert clean_text(f"{line}\n{BODY}\n{line}\n{OTHER}\n\n{line}") == f"{BODY}\n{OTHER}"


@pytest.mark.parametrize("line", ["Gazette", "NEWSDESK", "ok.", "e-mail-list", "two words"])
def test_other_short_lines_are_kept(line: str) -> None:
    assert line in clean_text(f"{BODY}\n{line}\n{OTHER}").split("\n")


# Rule (d): short lines in another script at either end


def test_trailing_label_in_other_script_is_dropped() -> None:
    assert clean_text(f"{BODY}\n{OTHER}\nПоделиться :") == f"{BODY}\n{OTHER}"
    assert clean_text(f"{BODY}\n\nشارك") == BODY


def test_leading_label_in_other_script_is_dropped() -> None:
    assert clean_text(f"Ελληνικά\n{BODY}") == BODY


def test_other_script_line_inside_the_text_is_kept() -> None:
    text = f"{BODY}\nПоделиться\n{OTHER}"
    assert clean_text(text) == text


def test_long_other_script_line_at_the_end_is_kept() -> None:
    text = f"{BODY}\nэто длинная строка из пяти слов"
    assert clean_text(text) == text


def test_short_same_script_lines_at_the_ends_are_kept() -> None:
    text = f"CITY GAZETTE\n{BODY}\nBy our reporter"
    assert clean_text(text) == text


def test_label_in_latin_under_other_script_text_is_dropped() -> None:
    body = "Это предложение написано по-русски и довольно длинное."
    assert clean_text(f"{body}\nShare it") == body


# Rule (e): repeated captions


CAPTION = "Volunteers clear mud from the main street after the flood. (Photo: Town Herald)"
LEDE = "Floodwater cut the only road into the valley on Sunday, officials said."


def test_repeated_caption_is_dropped_entirely() -> None:
    assert clean_text(f"{BODY}\n{CAPTION}\n{CAPTION}\n{OTHER}") == f"{BODY}\n{OTHER}"


def test_repeated_caption_across_blank_line_is_dropped() -> None:
    assert clean_text(f"{BODY}\n\n{CAPTION}\n\n{CAPTION}\n\n{OTHER}") == f"{BODY}\n\n{OTHER}"


def test_caption_repeated_three_times_is_dropped() -> None:
    assert clean_text(f"{BODY}\n{CAPTION}\n{CAPTION}\n{CAPTION}") == BODY


def test_caption_pair_split_by_furniture_is_dropped() -> None:
    assert clean_text(f"{BODY}\n{CAPTION}\nShare\n{CAPTION}\n{OTHER}") == f"{BODY}\n{OTHER}"


def test_repeated_lede_keeps_one_copy() -> None:
    assert clean_text(f"{LEDE}\n{LEDE}\n{OTHER}") == f"{LEDE}\n{OTHER}"


def test_repeated_line_above_the_dateline_is_dropped() -> None:
    text = f"Flood hits valley\n{LEDE}\n{LEDE}\nLWS, Valleytown :\n{BODY}"
    assert clean_text(text) == f"Flood hits valley\nLWS, Valleytown :\n{BODY}"


@pytest.mark.parametrize(
    "credit",
    ["/LWS File Photo", "(Getty Images)", "REUTERS/Jane Doe", "Photo: Town Herald"],
)
def test_credit_marks_make_a_caption(credit: str) -> None:
    caption = f"Volunteers clear mud from the main street {credit}"
    assert clean_text(f"{BODY}\n{caption}\n{caption}\n{OTHER}") == f"{BODY}\n{OTHER}"


def test_short_repeated_lines_are_kept() -> None:
    text = f"{BODY}\nFour words line here\nFour words line here\n{OTHER}"
    assert clean_text(text) == text


def test_repeated_line_that_is_not_adjacent_is_kept() -> None:
    text = f"{CAPTION}\n{BODY}\n{CAPTION}"
    assert clean_text(text) == text


# Idempotence


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_is_idempotent_on_any_text(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


PIECES = st.sampled_from(
    [BODY, OTHER, CAPTION, "Share", "Copied", '["a","b"]', "block", "Поделиться :", "", " ",
     "\t", "\u00a0", "\r\n", "â€™", "“", "”", "\u200b", "e\u0301", "ANYTOWN (XYZ) – ", "\n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=20).map("\n".join))
def test_clean_text_is_idempotent_on_article_like_text(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_clean_text_output_has_no_furniture_whitespace(raw: str) -> None:
    out = clean_text(raw)
    assert out == out.strip()
    assert "\n\n\n" not in out and "  " not in out and "\t" not in out and "\r" not in out
    assert all(line == line.strip() for line in out.split("\n"))


# The real seed articles


@pytest.mark.shared
def test_seed_articles_lose_furniture_and_keep_sentences() -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    for path in seeds:
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        assert clean_text(cleaned) == cleaned
        lines = cleaned.split("\n")
        raw_lines = [" ".join(line.split()) for line in clean_text_lines(raw)]
        _check_furniture_dropped(lines)
        repeated = {a for a, b in itertools.pairwise(raw_lines) if a and a == b}
        for line in repeated:
            assert line not in lines, f"{path.name}: repeated caption kept"
        for line in raw_lines:
            if line.endswith(".") and line not in repeated:
                assert line in lines, f"{path.name}: sentence lost: {line[:60]}"


def clean_text_lines(raw: str) -> list[str]:
    """The lines of `raw` with characters fixed but no line dropped, for comparison."""
    return [clean_text(line) for line in raw.splitlines()]


def _check_furniture_dropped(lines: list[str]) -> None:
    for line in lines:
        assert line.lower().rstrip(" :") not in {"share", "copied"}
        assert not (line.startswith("[") and _is_json(line))
        assert not (line.isalpha() and line.islower())
    letters = [ch for ch in lines[-1] if ch.isalpha()]
    latin = [ch for ch in letters if unicodedata.name(ch).startswith("LATIN")]
    assert len(latin) * 2 >= len(letters), "a trailing label in another script was kept"


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True
