"""Bad input: every kind of broken, hostile or foreign input gets one clear message and is
recorded as failed, the rest of the batch goes on, and the store holds only the good
articles, each whole (docs/reliability.md, "Bad input").

Small text fixtures are in tests/fixtures/bad/ (invented reports); binary, big and broken
files are made here, in tmp_path."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.errors import InputError
from crosswire.ingest.batch import ingest
from crosswire.ingest.clean import clean_text
from crosswire.ingest.dedupe import fingerprints
from crosswire.ingest.language import language_of
from crosswire.ingest.readers import (
    MAX_TEXT_CHARS,
    decode,
    read,
    read_stream,
    read_warc,
)
from crosswire.models import Document, Mention
from crosswire.options import MAX_INPUT_BYTES, make_options
from crosswire.store import Store
from crosswire.store.schema import fingerprints as fingerprint_table
from tests.helpers import SHARED

BAD = Path(__file__).parent / "fixtures" / "bad"
PUBLISHED = date(2018, 6, 19)


def report(i: int, place: str = "Northville") -> str:
    """An invented report, different for each i."""
    return (
        f"Shelling hit a market in the town of {place} on Tuesday, killing at least {i + 2} "
        f"people and wounding {i + 10}, a local official said.\n\n"
        f"The official said the shells came from the hills east of {place}, where an armed "
        f"group has held positions since the spring; report number {i}.\n"
    )


def warc(bodies: list[str], *, gz: bool = True, ctype: str = "text/html") -> bytes:
    """A WARC file of one 200 response per body."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i, body in enumerate(bodies):
        payload = f"<html><body><p>{body}</p></body></html>" if "html" in ctype else body
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", f"{ctype}; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"http://example.org/{i}",
            "response",
            payload=io.BytesIO(payload.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return buf.getvalue()


def run(store: Store, *args: str, **opts: object) -> tuple[list[str], list[str]]:
    """Ingest; the ids added and the failure messages."""
    result = ingest(list(args), store, make_options(db=store.db, **opts))  # type: ignore[arg-type]
    return result.added, [str(e) for e in result.failed]


def assert_whole(store: Store) -> dict[str, str]:
    """Every stored article has all its fingerprints; returns text by article id."""
    stored = {a.id: a.text for a in store.articles()}
    with store.engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(fingerprint_table.c.article_id, func.count()).group_by(
                    fingerprint_table.c.article_id
                )
            ).all()
        )
    assert counts == {i: len(fingerprints(t)) for i, t in stored.items() if fingerprints(t)}
    return stored


# -- one batch of everything ------------------------------------------------------------------

DEEP = (
    "<html><body>"
    + "<div>" * 10_000
    + f"<p>{report(90)}</p>"
    + "</div>" * 10_000
    + "</body></html>"
)


def bad_batch(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write a folder of good and bad inputs: (good file -> a phrase of its text, bad input ->
    the words its one message must hold)."""
    folder.mkdir()
    lines = [
        {"id": "good-line", "text": report(1), "published": "2018-06-19"},
        {"id": "text-number", "text": 5},
        {"id": "text-list", "text": ["Shelling", "hit"]},
        {"id": "text-null", "text": None},
        {"id": {"nested": "object"}, "text": report(2)},
        {"title": "no text at all"},
        {"id": "title-list", "text": report(3), "title": ["a", "b"]},
        {"id": "date-number", "text": report(4), "published": 20180619},
        {"id": "date-word", "text": report(5), "published": "yesterday"},
    ]
    gz = warc([report(20), report(21), report(22)])
    plain = warc([report(30), report(31)], gz=False)
    files: dict[str, bytes | str] = {
        "good.txt": report(0),
        "latin1.txt": report(6, "Montr\u00e9al").encode("latin-1"),
        "utf16-bom.txt": report(7).encode("utf-16"),
        "utf16-nobom.txt": report(8).encode("utf-16-le"),
        "mixed.txt": report(9, "S\u00e3o Tom\u00e9").encode()
        + "Caf\u00e9 owners said they had closed their shops.\n".encode("cp1252"),
        "bidi.txt": report(10)
        .replace("market", "mar\u200bket\u202e")
        .replace("town", "\u2066town\u2069"),
        "malformed.html": f"<html><body><p>{report(11)}<div><span><p>unclosed</b></i>",
        "feed.jsonl": "\n".join(json.dumps(r) for r in lines) + "\n{not json\n",
        "whole.warc.gz": gz,
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40,
        "empty.txt": b"",
        "blank.txt": " \n\t\n  \r\n",
        "script.html": "<html><head><script>var x = 1;</script></head><body>"
        "<script>document.write('hello');</script></body></html>",
        "deep.html": DEEP,
        "cut.warc.gz": gz[: len(gz) // 2],
        "overlong.warc": plain.replace(b"Content-Length: ", b"Content-Length: 9", 1),
        "french.txt": (BAD / "french.txt").read_bytes(),
        "arabic.txt": (BAD / "arabic.txt").read_bytes(),
        "quote.txt": (BAD / "english_with_french_quote.txt").read_bytes(),
    }
    for name, body in files.items():
        (folder / name).write_bytes(body if isinstance(body, bytes) else body.encode())
    good = {
        "good.txt": "report number 0",
        "latin1.txt": "Montr\u00e9al",
        "utf16-bom.txt": "report number 7",
        "utf16-nobom.txt": "report number 8",
        "mixed.txt": "Caf\u00e9 owners",
        "bidi.txt": "market in the town",
        "malformed.html": "report number 11",
        "good-line": "report number 1",
        "date-number": "report number 4",
        "date-word": "report number 5",
        "http://example.org/0": "report number 20",
        "quote.txt": "Villeneuve",
    }
    bad = {
        "binary.txt": "binary data, not text",
        "empty.txt": "empty",
        "blank.txt": "empty",
        "script.html": "no article text found",
        "deep.html": "no article text found",
        "feed.jsonl: line 2": "'text' is a number (5), not a string",
        "feed.jsonl: line 3": "'text' is a list, not a string",
        "feed.jsonl: line 4": "no 'text' field",
        "feed.jsonl: line 5": "'id' is an object, not a string",
        "feed.jsonl: line 6": "no 'text' field",
        "feed.jsonl: line 7": "'title' is a list, not a string",
        "feed.jsonl: line 10": "invalid JSON",
        "cut.warc.gz": "cut short",
        "overlong.warc: http://example.org/0": "cut short: its Content-Length says 9",
        "french.txt": "not English (looks like French); crosswire extracts from English text",
        "arabic.txt": "not English (looks like Arabic script)",
    }
    return good, bad


def test_a_batch_of_bad_inputs_fails_each_once_and_stores_only_the_good(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad = bad_batch(tmp_path / "in")
    added, failed = run(store, str(tmp_path / "in"))
    for where, words in bad.items():
        hits = [f for f in failed if f"{where}:" in f and words in f]
        assert len(hits) == 1, (where, words, failed)
    assert len(failed) == len(bad), failed
    stored = assert_whole(store)
    assert len(added) == len(stored) == len(good) + 2  # the whole WARC: records 20, 21, 22
    texts = list(stored.values())
    for name, phrase in good.items():
        assert any(phrase in t for t in texts), (name, phrase)
    # Invisible and bidirectional controls are gone from what is stored.
    assert not any(ch in t for t in texts for ch in "\u200b\u202e\u2066\u2069\ufeff")
    # A JSONL date that is not a date is a warning, and the article is kept without it.
    assert "published 20180619 is not a date; ignored" in caplog.text
    by_name = {a.name: a for a in store.articles()}
    assert by_name["date-number"].published is None
    # A second run adds nothing, fails the same inputs the same way, and half-stores nothing.
    again, failed_again = run(store, str(tmp_path / "in"))
    assert again == [] and sorted(failed_again) == sorted(failed)
    assert assert_whole(store) == stored


# -- size -----------------------------------------------------------------------------------

MAXRSS = (
    "import resource, sys\n"
    "from crosswire.cli import cli\n"
    "try:\n"
    "    cli.main(args=sys.argv[1:], standalone_mode=False)\n"
    "finally:\n"
    "    print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def ingest_rss(*args: str) -> tuple[str, int]:
    """Run `crosswire ingest ARGS` in a new process: its stderr and peak memory in KB."""
    done = subprocess.run(
        [sys.executable, "-c", MAXRSS, "ingest", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    peak = int(done.stderr.rsplit("MAXRSS", 1)[1])
    return done.stderr, peak


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_100_mb_text_is_refused_without_reading_it_whole(tmp_path: Path, fmt: str) -> None:
    big = tmp_path / f"big.{fmt}"
    line = ("The market was shelled again on Tuesday, officials said. " * 40).strip()
    with big.open("w") as out:
        if fmt == "jsonl":
            out.write('{"id": "big", "text": "')
        while out.tell() < 100 * 1024 * 1024:
            out.write(line + (" " if fmt == "jsonl" else "\n"))
        if fmt == "jsonl":
            out.write('"}\n' + json.dumps({"id": "small", "text": report(0)}) + "\n")
    small = tmp_path / f"small.{fmt}"
    small.write_text(report(1) if fmt == "txt" else json.dumps({"text": report(1)}))
    db = str(tmp_path / "test.db")
    # The default limit refuses it, naming the option.
    err, _ = ingest_rss(str(big), "--db", db, "--quiet")
    limit = f"over the size limit of {MAX_INPUT_BYTES:,} bytes (see --max-bytes)"
    assert (limit if fmt == "txt" else "too long for one article") in err, err
    # With a raised limit it is too long to be one article, and memory stays flat.
    _, baseline = ingest_rss(str(small), "--db", db, "--quiet", "--max-bytes", "300000000")
    err, peak = ingest_rss(str(big), "--db", db, "--quiet", "--max-bytes", "300000000")
    assert f"{MAX_TEXT_CHARS:,} characters, spaCy's max_length" in err, err
    assert peak - baseline < 60 * 1024, (peak, baseline)  # KB: well under the 100 MB file
    with Store(db) as store:
        names = sorted(a.name for a in store.articles())
    assert names == (["small"] if fmt == "txt" else ["small", "small:1"])


def test_an_article_over_spacy_max_length_is_refused_in_every_format() -> None:
    text = "Shelling hit the market. " * (MAX_TEXT_CHARS // 25 + 1)
    with pytest.raises(InputError, match="too long for one article"):
        list(read(text.encode(), "txt", source="x", name="x"))
    line = json.dumps({"text": text}).encode()
    [found] = read_stream(io.BytesIO(line), "jsonl", source="x", name="x", max_bytes=10**8)
    assert isinstance(found, InputError) and "too long for one article" in str(found)


# -- encodings and invisible characters -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("caf\u00e9 in Montr\u00e9al".encode("latin-1"), "caf\u00e9 in Montr\u00e9al"),
        ("Shelling hit S\u00e3o Tom\u00e9.".encode("utf-16"), "Shelling hit S\u00e3o Tom\u00e9."),
        (
            "Shelling hit S\u00e3o Tom\u00e9.".encode("utf-16-le"),
            "Shelling hit S\u00e3o Tom\u00e9.",
        ),
        (
            "Shelling hit S\u00e3o Tom\u00e9.".encode("utf-16-be"),
            "Shelling hit S\u00e3o Tom\u00e9.",
        ),
        (
            "na\u00efve caf\u00e9\n".encode() + "\u2018quoted\u2019 caf\u00e9\n".encode("cp1252"),
            "na\u00efve caf\u00e9\n\u2018quoted\u2019 caf\u00e9\n",
        ),
    ],
    ids=["latin-1", "utf-16-bom", "utf-16-le", "utf-16-be", "mixed-utf8-cp1252"],
)
def test_wrong_and_mixed_encodings_decode_right(data: bytes, expected: str) -> None:
    assert decode(data, "x") == expected


@pytest.mark.parametrize(
    "mark",
    list(
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    ),
)
def test_invisible_and_bidi_controls_are_removed(mark: str) -> None:
    text = f"Shelling{mark} hit the {mark}market.{mark}"
    assert clean_text(text) == "Shelling hit the market."


# -- extraction on hostile text (spaCy runs for real) ----------------------------------------


def extract(text: str, published: date | None = PUBLISHED) -> list[Mention]:
    from crosswire import nlp
    from crosswire.workers import Task, extract_doc

    text = clean_text(text)
    task = Task("a", text, published.isoformat() if published else None, "LWS")
    found = extract_doc(task, nlp.parse(text))
    for m in found.mentions:
        for claim in m.claims:
            assert text[claim.span[0] : claim.span[1]] == claim.quote
        for start, end in m.sentences:
            assert 0 <= start <= end <= len(text)
        for est in (m.fatalities, m.injuries):
            values = [v for v in (est.low, est.best, est.high) if v is not None]
            assert values == sorted(values) and all(0 <= v <= 10_000_000 for v in values)
        if m.date is not None:
            start, end = date.fromisoformat(m.date.start), date.fromisoformat(m.date.end)
            assert start <= end
            assert published is None or end <= published
    return list(found.mentions)


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed 99999999999999999999 people in Northville on Tuesday, police said.",
        "Gunmen killed 1e309 people in Northville on Tuesday, police said.",
        "Gunmen killed " + "9" * 5000 + " people in Northville on Tuesday, police said.",
        "Gunmen killed 12,000,000 people and wounded 5-99999999999 in Northville on Tuesday.",
        "Gunmen killed a billion billion billion people in Northville on Tuesday.",
    ],
    ids=["20-digits", "1e309", "5000-digits", "12-million", "billion-billion"],
)
def test_absurd_numbers_give_no_toll_and_no_error(sentence: str) -> None:
    mentions = extract(sentence)
    assert all(m.fatalities.best is None for m in mentions)


def test_a_toll_at_the_bound_is_kept() -> None:
    [main, *_] = extract("The flood killed 9,000,000 cattle and 3 people in Northville on Tuesday.")
    assert main.fatalities.best in (3, 9_000_000)


@pytest.mark.parametrize(
    "sentence",
    [
        "On February 30, 2018, a bomb killed four people in Northville, police said.",
        "A bomb killed four people in Northville in 2099, police said.",
        "A bomb killed four people in Northville on 31/13/2018, police said.",
        "A bomb killed four people in Northville on 2018-02-30 and on 2018-13-01.",
        "A bomb killed four people in Northville this year, police said.",
    ],
    ids=["february-30", "2099", "31-13-2018", "iso", "this-year"],
)
def test_impossible_and_future_dates_give_valid_intervals(sentence: str) -> None:
    assert extract(sentence)
    assert extract(sentence, published=None) is not None


def test_a_50k_character_sentence_is_analysed_in_time() -> None:
    words = "the armed men who came down from the hills east of the town and "
    sentence = "Shelling " + words * (50_000 // len(words)) + "killed five people on Tuesday."
    assert len(sentence) > 50_000
    began = time.monotonic()
    extract(sentence)
    assert time.monotonic() - began < 60


def test_invisible_characters_leave_valid_spans() -> None:
    text = (
        "\u202eNORTHVILLE (LWS) - \u200bShelling killed \u2066seven\u2069 people on Tuesday, "
        "police said.\u200f"
    )
    [main, *_] = extract(text)
    assert main.fatalities.best == 7


# -- language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("french.txt", "French"),
        ("spanish.txt", "Spanish"),
        ("arabic.txt", "Arabic script"),
        ("english_with_french_quote.txt", None),
    ],
)
def test_language_is_told_from_the_text(name: str, language: str | None) -> None:
    assert language_of(clean_text((BAD / name).read_text())) == language


def test_short_texts_are_not_judged() -> None:
    assert language_of("Explosion \u00e0 Villeneuve: trois morts") is None


def dev_articles() -> Iterator[dict[str, str]]:
    for path in sorted((SHARED / "dev").glob("*/articles.jsonl")):
        with path.open() as lines:
            yield from (json.loads(line) for line in lines)


@pytest.mark.shared
def test_no_english_article_of_the_dev_set_is_refused() -> None:
    if not (SHARED / "dev").is_dir():
        pytest.skip("../shared/dev is not here")
    refused = [
        (a["id"], lang)
        for a in dev_articles()
        if (lang := language_of(clean_text(a["text"]))) is not None
    ]
    assert refused == []


# -- JSONL and WARC ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"text": 5}, "'text' is a number (5), not a string"),
        ({"text": 1e309}, "'text' is a number (inf), not a string"),
        ({"text": True}, "'text' is a boolean, not a string"),
        ({"text": {"a": 1}}, "'text' is an object, not a string"),
        ({"text": None}, "no 'text' field"),
        ({"text": "   "}, "no 'text' field"),
        ({}, "no 'text' field"),
        ({"id": [1], "text": "Shelling hit the market."}, "'id' is a list, not a string"),
        ({"url": 5, "text": "Shelling hit the market."}, "'url' is a number (5), not a string"),
        ({"publisher": {}, "text": "Shelling."}, "'publisher' is an object, not a string"),
    ],
)
def test_jsonl_wrong_types_fail_the_line(record: dict[str, object], problem: str) -> None:
    data = (json.dumps(record) + "\n" + json.dumps({"id": 7, "text": "Fine."})).encode()
    found = list(read_stream(io.BytesIO(data), "jsonl", source="f", name="f", max_bytes=10**6))
    assert isinstance(found[0], InputError) and str(found[0]).startswith(f"f: line 1: {problem}")
    assert isinstance(found[1], Document) and found[1].name == "7"


def record_starts(data: bytes) -> list[int]:
    """Where each record of a whole WARC file begins."""
    archive = ArchiveIterator(io.BytesIO(data))
    return [archive.get_record_offset() for _ in archive]


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_a_warc_cut_anywhere_loses_nothing_silently(gz: bool) -> None:
    """Cut at every byte: the records before the cut come back, and then one InputError
    unless the cut falls exactly between two records (a shorter file, whole); never an
    exception, never a silent loss."""
    data = warc([report(i) for i in range(3)], gz=gz, ctype="text/plain")
    starts = record_starts(data)
    assert len(starts) == 3
    for cut in range(1, len(data)):
        found = list(read_warc(io.BytesIO(data[:cut]), source="w", max_bytes=10**6))
        docs = [d for d in found if isinstance(d, Document)]
        errors = [e for e in found if isinstance(e, InputError)]
        assert found == docs + errors and len(errors) == (0 if cut in starts else 1), cut
        assert len(docs) == (starts.index(cut) if cut in starts else len(docs)), cut
        assert [d.name for d in docs] == [f"http://example.org/{i}" for i in range(len(docs))]
        for d in docs:
            assert d.text == report(int(d.name.rsplit("/", 1)[1])), cut


def test_gzip_sniffing_of_a_cut_file_does_not_crash() -> None:
    data = gzip.compress(warc([report(0)], gz=False))
    found = list(read(data[: len(data) // 2], "warc", source="w", name="w"))
    assert len(found) == 1 and isinstance(found[0], InputError)
