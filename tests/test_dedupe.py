"""Tests for crosswire.ingest.dedupe: exact keys, winnowed fingerprints and their relation."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.ingest.dedupe import (
    DUPLICATE_RESEMBLANCE,
    MIN_SHARED,
    ORIGIN_CONTAINMENT,
    K,
    Overlap,
    Relation,
    W,
    exact_key,
    fingerprints,
    normalised_words,
    overlap,
    relation,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# Invented texts, written for these tests.
WIRE = (
    "Rescue workers pulled four bodies from the rubble of a collapsed market building in the "
    "river town of Halvemark late on Tuesday, after a shell struck the roof during the busiest "
    "hour of trading, the regional health office said. Two of the dead were stallholders and "
    "two were customers, according to a list the office published. A further eleven people "
    "were taken to the district hospital with burns and fractures. Neither of the armed groups "
    "active around the town has said it fired the shell."
)
LOCAL_A = (
    "The market had reopened only in March, after a winter in which most traders sold their "
    "goods from car boots along the ring road. Local councillors had argued for months over "
    "whether to repair the old hall or build a new one further from the front line, and the "
    "repairs were finished in a hurry before the spring festival. On Wednesday morning, "
    "shopkeepers on the neighbouring street swept glass from the pavement and taped plastic "
    "sheeting over their windows. A baker who gave only his first name said he had heard the "
    "whistle of the shell a second before the blast. The mayor cancelled a planned visit to "
    "the capital and called an emergency meeting of the town council for Thursday evening."
)
LOCAL_B = (
    "Halvemark lies on a bend of the river about forty kilometres from the provincial capital "
    "and had some twenty thousand residents before the fighting began. Aid agencies say that "
    "fewer than half of them remain, most of them elderly people who refused to leave their "
    "homes. The town has changed hands twice in the past three years, and its bridges were "
    "destroyed in the first months of the conflict. A ferry now carries food and medicine "
    "across the water twice a week when the weather allows. Observers from an international "
    "monitoring mission visited the area in January and reported damage to the school, the "
    "water station and the post office, but said they could not tell which side caused it."
)
QUOTE = "We heard the shell coming and then the roof fell in on all of us"
CHANGED = (
    "A further eleven people were taken to the district hospital with burns and fractures.",
    "Nine other people were treated at the scene by volunteers and sent home that night.",
)


def related(a: str, b: str) -> Relation | None:
    return relation(overlap(fingerprints(a), fingerprints(b)))


def test_identical_texts_have_the_same_exact_key() -> None:
    assert exact_key(WIRE) == exact_key(WIRE)
    assert len(exact_key(WIRE)) == 32
    int(exact_key(WIRE), 16)


@pytest.mark.parametrize(
    "variant",
    [
        "Rescue  workers\n\npulled four BODIES from the rubble.",
        "  rescue workers pulled four bodies from the rubble ",
        "Rescue workers -- pulled four bodies, from the rubble!",
        "RESCUE\tWORKERS PULLED FOUR BODIES FROM THE RUBBLE",
    ],
)
def test_whitespace_case_and_punctuation_do_not_change_the_exact_key(variant: str) -> None:
    assert exact_key(variant) == exact_key("Rescue workers pulled four bodies from the rubble.")


def test_different_words_change_the_exact_key() -> None:
    assert exact_key("Four people were killed.") != exact_key("Five people were killed.")
    assert exact_key("Four people were killed.") != exact_key("Killed were four people.")


def test_apostrophes_are_dropped_inside_words() -> None:
    assert normalised_words("Syria\u2019s war, the town's mayor") == [
        "syrias",
        "war",
        "the",
        "towns",
        "mayor",
    ]


def test_a_copy_with_one_sentence_changed_is_a_duplicate() -> None:
    original = f"{WIRE}\n\n{LOCAL_A}\n\n{LOCAL_B}"
    edited = original.replace(*CHANGED)
    assert edited != original
    o = overlap(fingerprints(original), fingerprints(edited))
    assert o.shared / max(o.size_a, o.size_b) >= DUPLICATE_RESEMBLANCE
    assert relation(o) == "duplicate"


def test_articles_sharing_a_long_wire_passage_share_an_origin() -> None:
    assert len(normalised_words(WIRE)) >= 80
    a = f"{LOCAL_A}\n\n{WIRE}"
    b = f"{WIRE}\n\n{LOCAL_B}"
    o = overlap(fingerprints(a), fingerprints(b))
    assert o.shared >= MIN_SHARED
    assert o.shared / min(o.size_a, o.size_b) >= ORIGIN_CONTAINMENT
    assert relation(o) == "origin"


def test_articles_sharing_only_a_short_quote_are_not_related() -> None:
    assert len(normalised_words(QUOTE)) == 15
    a = f'{LOCAL_A} "{QUOTE}," one trader told reporters.'
    b = f'{LOCAL_B} "{QUOTE}," said a woman who sells vegetables there.'
    assert overlap(fingerprints(a), fingerprints(b)).shared > 0
    assert related(a, b) is None


def test_unrelated_articles_are_not_related() -> None:
    assert related(LOCAL_A, LOCAL_B) is None
    assert related(WIRE, "") is None
    assert fingerprints("") == frozenset()


@pytest.mark.parametrize(
    ("o", "expected"),
    [
        (Overlap(shared=0, size_a=0, size_b=0), None),
        (Overlap(shared=MIN_SHARED - 1, size_a=MIN_SHARED - 1, size_b=MIN_SHARED - 1), None),
        (Overlap(shared=95, size_a=100, size_b=98), "duplicate"),
        (Overlap(shared=40, size_a=100, size_b=300), "origin"),
        (Overlap(shared=20, size_a=200, size_b=300), None),
    ],
)
def test_relation_thresholds(o: Overlap, expected: Relation | None) -> None:
    assert relation(o) == expected


def test_fingerprints_are_blake2b_of_the_shingle_masked_to_63_bits() -> None:
    digest = hashlib.blake2b(b"four people were killed today", digest_size=8).digest()
    expected = int.from_bytes(digest, "big") & (2**63 - 1)
    assert fingerprints("Four people were KILLED today.", k=5) == {expected}
    assert all(0 <= h < 2**63 for h in fingerprints(WIRE))


def test_short_texts_still_get_one_fingerprint() -> None:
    assert len(fingerprints("Shots fired.")) == 1
    assert len(fingerprints("one two three four five six seven")) == 1


def test_fingerprints_do_not_depend_on_the_interpreter_hash_seed() -> None:
    code = (
        "import sys; from crosswire.ingest.dedupe import fingerprints; "
        "print(sorted(fingerprints(sys.stdin.read())))"
    )
    expected = str(sorted(fingerprints(WIRE)))
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=WIRE,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert out.stdout.strip() == expected


_WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=4)
_WORDS = st.lists(_WORD, max_size=60)


@settings(max_examples=300, deadline=None)
@given(
    k=st.integers(min_value=1, max_value=7),
    window=st.integers(min_value=1, max_value=8),
    extra=st.integers(min_value=0, max_value=10),
    passage=st.lists(_WORD, min_size=40, max_size=60),
    before_a=_WORDS,
    after_a=_WORDS,
    before_b=_WORDS,
    after_b=_WORDS,
)
def test_winnowing_guarantee(
    k: int,
    window: int,
    extra: int,
    passage: list[str],
    before_a: list[str],
    after_a: list[str],
    before_b: list[str],
    after_b: list[str],
) -> None:
    shared = passage[: k + window - 1 + extra]
    a = " ".join(before_a + shared + after_a)
    b = " ".join(before_b + shared + after_b)
    assert fingerprints(a, k=k, window=window) & fingerprints(b, k=k, window=window)


@given(passage=st.lists(_WORD, min_size=K + W - 1, max_size=K + W + 5), noise=_WORDS)
def test_winnowing_guarantee_with_the_defaults(passage: list[str], noise: list[str]) -> None:
    a = " ".join(noise + passage)
    b = " ".join(passage + noise[::-1])
    assert fingerprints(a) & fingerprints(b)


@pytest.mark.shared
def test_seed_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared is not here")
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    prints = {name: fingerprints(text) for name, text in texts.items()}
    found = {
        (a, b): relation(overlap(prints[a], prints[b]))
        for a, b in itertools.combinations(sorted(prints), 2)
    }
    assert found.pop(("001", "003")) == "origin"  # the same AFP copy, edited
    assert found.pop(("001", "004")) is None  # one ~20-word quote in common
    assert set(found.values()) == {None}
