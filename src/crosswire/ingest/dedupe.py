"""Recognise copies and syndicated wire copy, so that one report is not counted twice.

Two measures, both pure functions of the text:

- `exact_key` hashes the normalised word sequence: equal keys mean the same words in the
  same order, whatever the whitespace, case or punctuation.
- `fingerprints` winnows hashed k-word shingles (Schleimer, Wilkerson and Aiken 2003, the
  algorithm behind MOSS). Every passage of at least `K + W - 1` words that two texts share
  yields at least one fingerprint they share, and a text of n words keeps about
  2n / (W + 1) fingerprints, so they can live in an indexed SQL table
  `fingerprints(hash BIGINT, article_id)` and candidates are found with a join.

`relation` then judges an `Overlap` (fingerprints in common, and each side's count):
a near-exact copy is a "duplicate"; an article that reuses long passages of the same wire
copy shares its "origin"; a single quote in common is no relation at all.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DUPLICATE_RESEMBLANCE",
    "MIN_SHARED",
    "ORIGIN_CONTAINMENT",
    "K",
    "Overlap",
    "Relation",
    "W",
    "exact_key",
    "fingerprints",
    "normalised_words",
    "overlap",
    "relation",
]

# How the constants were chosen (figures from `benchmarks/dedupe_pairs.py` and the seeds):
# - K = 5 words per shingle, W = 6 shingles per window: every shared passage of 10 or more
#   words is caught, and a text keeps about 2/7 of its words as fingerprints (~170 rows for a
#   600-word article). Edited wire copy breaks verbatim runs every 10 to 30 words (seeds 001
#   and 003 share about 170 words in 12 pieces of 5 to 30), so the guarantee must sit near 10;
#   K = 4..7 and W = 4..8 separated the cases below about equally, and W = 6 keeps the table
#   smaller than W = 4 without the overlap that W = 8 showed.
# - MIN_SHARED = 16: `dedupe_pairs.py --splice 300` puts one passage into two unrelated gvc
#   articles; they then share 5..10 fingerprints at 30 words, 8..15 at 45, 9..20 at 60
#   (median 16) and 10..26 at 80 (1st..99th percentile; the low tail is passages that repeat
#   themselves, like photo captions). At 16, 0.7% of 45-word, 57% of 60-word and 98% of
#   80-word passages count: "about 60 words or more in common". A quote (seeds 001/004
#   share 21 words: 3 fingerprints), a copyright line (46 words: 10) or ACLED's template
#   sentences (10..13) stay below it; seeds 001/003 share 32.
# - DUPLICATE_RESEMBLANCE = 0.85: copies that differ by a headline, a footer or one
#   sentence measured 0.93..1.00; one wire story edited or extended by another outlet
#   0.56..0.84 (that is "origin": the later copy may carry new facts).
# - ORIGIN_CONTAINMENT = 0.2: every pair above MIN_SHARED with less than a fifth of the
#   smaller text in common was one outlet's page furniture or stock background paragraph
#   (fakes: asharqalawsat, alaraby, trt) or a shared video caption (gvc); 001/003 is at 0.31.
K = 5
W = 6
MIN_SHARED = 16
DUPLICATE_RESEMBLANCE = 0.85
ORIGIN_CONTAINMENT = 0.2

_HASH_MASK = (1 << 63) - 1
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u2018`]")
_WORD = re.compile(r"[^\W_]+")

Relation = Literal["duplicate", "origin"]


@dataclass(frozen=True, slots=True)
class Overlap:
    """How many fingerprints two texts have in common, and how many each has."""

    shared: int
    size_a: int
    size_b: int


def normalised_words(text: str) -> list[str]:
    """Split `text` into casefolded Unicode words, apostrophes dropped ("Syria's" -> "syrias")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(_APOSTROPHES.sub("", folded))


def exact_key(text: str) -> str:
    """Return a 32-character hex hash of the normalised word sequence of `text`."""
    joined = " ".join(normalised_words(text)).encode("utf-8")
    return hashlib.blake2b(joined, digest_size=16).hexdigest()


def _shingle_hash(words: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _HASH_MASK


def fingerprints(text: str, *, k: int = K, window: int = W) -> frozenset[int]:
    """Winnow the k-word shingles of `text` into a set of 63-bit fingerprints.

    Each window of `window` consecutive shingle hashes contributes its minimum. MOSS
    records the rightmost minimum on ties; that choice only changes which position is
    recorded, not the hash value, so the set of window minima is the same fingerprint set.
    A text with fewer than `k` words is one shingle; one with fewer shingles than `window`
    is one window.
    """
    if k < 1 or window < 1:
        raise ValueError(f"k and window must be at least 1, got k={k}, window={window}")
    words = normalised_words(text)
    if not words:
        return frozenset()
    hashes = [_shingle_hash(words[i : i + k]) for i in range(max(1, len(words) - k + 1))]
    if len(hashes) <= window:
        return frozenset((min(hashes),))
    return frozenset(min(hashes[i : i + window]) for i in range(len(hashes) - window + 1))


def overlap(a: frozenset[int], b: frozenset[int]) -> Overlap:
    """Compare two fingerprint sets."""
    return Overlap(shared=len(a & b), size_a=len(a), size_b=len(b))


def relation(o: Overlap) -> Relation | None:
    """Judge an overlap: "duplicate", "origin" (shared wire copy) or None (unrelated).

    Fewer than `MIN_SHARED` fingerprints in common (about 60 words) is never a relation:
    short texts can only be matched by `exact_key`.
    """
    if o.shared < MIN_SHARED:
        return None
    if o.shared / max(o.size_a, o.size_b) >= DUPLICATE_RESEMBLANCE:
        return "duplicate"
    if o.shared / min(o.size_a, o.size_b) >= ORIGIN_CONTAINMENT:
        return "origin"
    return None
