"""How many a number phrase says, and how sure it is.

`numeric_count(sent, tok)` reads the count written around a number token, `vague_count(sent,
tok)` a vague quantity ending at a token, and `written_count(sent, noun)` the number or vague
word a noun carries ("38 fighters", "several people"). Each gives a `Count`: the value as
stated, the bounds the wording allows, the qualifier and the tokens it covers. What the
number counts is for the caller to say (crosswire.extract.counts: the dead and injured).

* A count is digits or number words ("Thirty-eight", "two dozen", "one hundred and five",
  via text2num), a range ("20 to 30", "20-30", "between 20 and 30": value is the low end,
  qualifier at_least, high the high end) or a vague word ("several", "dozens", "hundreds of
  thousands"), with the qualifier written around it ("at least", "more than", "nearly", "up
  to", "some", "or more"). "a dozen" and "a hundred" are round figures (about).
* "-year-old", "aged 25", "Justin Burns, 14" are ages and "2015" a year, never counts.
* A count above `MAX_COUNT` (ten million: more than any one incident's dead or injured) is
  a misreading or a typo ("99999999999999999999 killed", "1e309"), and is no count.

The qualifier and vague phrases are the `qualifier`, `after` and `vague` lines of
counts_words.tsv (its header says what they are).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from text_to_num import text2num

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Qualifier = Literal["exact", "at_least", "more_than", "about", "at_most", "vague"]
_Reading = tuple[int | None, int | None, int | None]  # value, low, high


@dataclass(frozen=True, slots=True)
class Count:
    """A quantity read from tokens and the token range [start, end) it covers."""

    value: int | None
    low: int | None
    high: int | None
    qualifier: Qualifier
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Phrases:
    before: tuple[tuple[tuple[str, ...], str], ...]  # qualifier phrases, longest first
    after: tuple[tuple[tuple[str, ...], str], ...]
    vague: dict[tuple[str, ...], _Reading]


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    """The qualifier, after and vague lines of counts_words.tsv, read once."""
    text = resources.files("crosswire.extract").joinpath("counts_words.tsv").read_text("utf-8")
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {"qualifier": [], "after": []}
    vague: dict[tuple[str, ...], _Reading] = {}
    for line in text.splitlines():
        kind, *fields = line.split("\t") if line.strip() and line[0] != "#" else ("",)
        if kind in phrases:
            phrases[kind].append((tuple(fields[1].split()), fields[0]))
        elif kind == "vague":
            value, low, high = (None if f == "-" else int(f) for f in fields[1:4])
            vague[tuple(fields[0].split())] = (value, low, high)
    before, after = (tuple(sorted(p, key=lambda x: -len(x[0]))) for p in phrases.values())
    return _Phrases(before, after, dict(sorted(vague.items(), key=lambda x: -len(x[0]))))


MAX_COUNT = 10_000_000
"""The largest count read; anything above is dropped (see the module docstring)."""

_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6}
_DIGITS = re.compile(r"^(\d{1,3}(,\d{3})+|\d+(\.\d+)?)$")
_RANGE_TOKEN = re.compile(r"^(\d+)[-–](\d+)$")
_AGE_AFTER = re.compile(r"^\s*-?\s*(years?|months?|weeks?|days?)\s*-?\s*old\b", re.IGNORECASE)
YEAR = re.compile(r"^(19|20)\d\d$")
_RANGE_LINKS = frozenset({"to", "-", "–", "or"})
_MODIFIERS = frozenset({"nummod", "quantmod", "amod", "det", "compound", "nmod", "advmod"})
_BOUNDS: dict[str, Callable[[int], tuple[int | None, int | None]]] = {  # label -> (low, high)
    "exact": lambda n: (n, n),
    "at_least": lambda n: (n, None),
    "more_than": lambda n: (n + 1, None),
    "about": lambda n: (None, None),
    "nearly": lambda n: (None, n),  # "nearly 40" is about 40, and below it
    "at_most": lambda n: (None, n),
}


def _word_value(word: str) -> float | None:
    """The value of one number word or digit string, or None."""
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    if word in _MULTIPLIERS:
        return float(_MULTIPLIERS[word])
    try:
        return float(text2num(word, "en"))
    except ValueError:
        return None


def is_numeral(tok: Token) -> bool:
    """A cardinal number token: digits, a number word or "dozen" (not "first", "1990s")."""
    low = tok.lower_
    if low in _MULTIPLIERS or _DIGITS.match(low) or _RANGE_TOKEN.match(low):
        return True
    return bool(tok.like_num) and _word_value(low) is not None


def _run_value(sent: Span, start: int, end: int) -> int | None:
    """The value of the number tokens [start, end): text2num on number words ("thirty-eight",
    "one hundred and five"), else number times multipliers ("two dozen", "a hundred")."""
    words: list[str] = []
    for tok in sent.doc[start:end]:  # hyphenated pieces joined: "thirty-eight"
        if words and (tok.text == "-" or words[-1].endswith("-")):
            words[-1] += tok.lower_
        else:
            words.append(tok.lower_)
    if all(w.replace("-", "").isalpha() for w in words) and "dozen" not in words:
        try:
            return _sane(text2num(" ".join(words), "en"))
        except ValueError:
            pass
    total: float | None = None
    for word in words:
        if word in ("a", "an"):
            total = 1.0
        elif word in _MULTIPLIERS:
            total = (total or 1.0) * _MULTIPLIERS[word]
        elif (value := _word_value(word)) is None:
            return None
        else:
            total = value if total is None else total + value
    return None if total is None else _sane(total)


def _sane(value: float) -> int | None:
    """`value` as an int, or None above `MAX_COUNT` (or infinite: "1" and 400 zeros)."""
    return int(value) if 0 <= value <= MAX_COUNT else None


def _digits(digits: str) -> int | None:
    """A run of digits as a count, None when it is over `MAX_COUNT` (checked before int(),
    which refuses strings of over 4,300 digits)."""
    return _sane(int(digits)) if len(digits) <= len(str(MAX_COUNT)) else None


def _run(sent: Span, i: int) -> tuple[int, int]:
    """The token range [start, end) of the number written around token i: number words,
    hyphens and "and" inside them ("Thirty-eight", "one hundred and five"), "a" before
    "dozen"; never two digit strings, nor a year and a word ("2016 Four")."""
    doc = sent.doc

    def part(j: int) -> bool:
        if not sent.start <= j < sent.end:
            return False
        tok, nxt = doc[j], doc[j + 1] if j + 1 < sent.end else None
        if is_numeral(tok):
            return True
        if nxt is None or j == sent.start:
            return False
        if tok.lower_ in ("a", "an"):
            return nxt.lower_ in _MULTIPLIERS
        if tok.text == "-":  # "20-30" is a range, read by numeric_count
            return doc[j - 1].is_alpha and nxt.is_alpha and is_numeral(doc[j - 1])
        return tok.lower_ == "and" and doc[j - 1].lower_ in _MULTIPLIERS and is_numeral(nxt)

    def joins(j: int) -> bool:
        a, b = doc[j], doc[j + 1]
        if not (is_numeral(a) and is_numeral(b)) or b.lower_ in _MULTIPLIERS:
            return True
        return not (_DIGITS.match(a.lower_) or _DIGITS.match(b.lower_))

    start, end = i, i + 1
    while part(start - 1) and joins(start - 1):
        start -= 1
    while part(end) and joins(end - 1):
        end += 1
    return start, end


def matches(sent: Span, at: int, phrase: Sequence[str]) -> bool:
    """True if the tokens from `at` on spell `phrase` (lower case), inside the sentence."""
    if at < sent.start or at + len(phrase) > sent.end:
        return False
    return all(sent.doc[at + k].lower_ == w for k, w in enumerate(phrase))


def numeric_count(sent: Span, anchor: Token) -> Count | None:
    """The count written around a number token: its run, a range ("20 to 30", "20-30",
    "between 20 and 30") and its qualifier; None for an age or a year."""
    doc, (start, end) = sent.doc, _run(sent, anchor.i)
    low, high = _run_value(sent, start, end), None
    single = _RANGE_TOKEN.match(doc[start].lower_) if end - start == 1 else None
    between = matches(sent, start - 1, ["between"]) and matches(sent, end, ["and"])
    if single:
        low, high = _digits(single.group(1)), _digits(single.group(2))
    elif (
        end + 1 < sent.end
        and is_numeral(doc[end + 1])
        and (doc[end].lower_ in _RANGE_LINKS or between)
    ):
        end2 = _run(sent, end + 1)[1]
        high, end = _run_value(sent, end + 1, end2), end2
    elif (
        start - 2 >= sent.start
        and doc[start - 1].lower_ in _RANGE_LINKS
        and is_numeral(doc[start - 2])
    ):
        start2 = _run(sent, start - 2)[0]
        low, high, start = _run_value(sent, start2, start - 1), low, start2
    if low is None or _is_age(sent, start, end) or _of_superlative(anchor):
        return None
    return _qualified(sent, start, end, low, high)


def _of_superlative(anchor: Token) -> bool:
    """ "one of the deadliest attacks", "one of the worst days": a rank, not a count."""
    for prep in (c for c in anchor.children if c.lower_ == "of"):
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if any(m.tag_ == "JJS" for m in noun.children) or noun.tag_ == "JJS":
                return True
    return False


def _is_age(sent: Span, start: int, end: int) -> bool:
    """An age or a year, not a count: before "-year-old" or "years old", after "aged", set
    off by a comma after a name ("Justin Burns, 14", "a girl, 16, was"), a year ("2015")."""
    doc = sent.doc
    if _AGE_AFTER.match(doc.text[doc[end - 1].idx + len(doc[end - 1]) :][:24]):
        return True
    if matches(sent, start - 1, ["aged"]):
        return True
    if start - 2 >= sent.start and doc[start - 1].text == ",":
        comma_after = end < sent.end and doc[end].text == ","
        if doc[start - 2].pos_ == "PROPN" or (doc[start - 2].pos_ == "NOUN" and comma_after):
            return True
    one = doc[start]
    return end - start == 1 and bool(YEAR.match(one.text)) and one.ent_type_ == "DATE"


def _qualified(sent: Span, start: int, end: int, low: int, high: int | None) -> Count:
    """The count of the number [start, end) with the qualifier written before or after it."""
    if high is not None and high > low:
        first = start - 1 if matches(sent, start - 1, ["between"]) else start
        return Count(low, low, high, "at_least", first, end)
    label, first, last = "exact", start, end
    for phrase, name in _phrases().before:
        if matches(sent, start - len(phrase), phrase):
            label, first = name, start - len(phrase)
            break
    for phrase, name in _phrases().after if label == "exact" else ():
        if matches(sent, end, phrase):
            label, last = name, end + len(phrase)
            break
    if sent.doc[start].lower_ in ("a", "an") and label == "exact":
        label = "about"  # "a dozen", "a hundred" are round figures
    lo, hi = _BOUNDS[label](low)
    qualifier: Qualifier = "about" if label == "nearly" else label  # type: ignore[assignment]
    return Count(low, lo, hi, qualifier, first, last)


def vague_count(sent: Span, tok: Token) -> Count | None:
    """A vague quantity ending at `tok` ("several", "dozens", "an unknown number"); "of"
    between two of them multiplies them ("hundreds of thousands")."""
    vague = _phrases().vague
    plain = _without_adjectives(sent, tok)
    for phrase, (value, low, high) in vague.items():
        first, end = tok.i - len(phrase) + 1, tok.i + 1
        if phrase[-1] != tok.lower_:
            continue
        if not matches(sent, first, phrase):
            words = plain[-len(phrase) :]
            if len(words) < len(phrase) or [t.lower_ for t in words] != list(phrase):
                continue
            first = words[0].i
        outer = vague.get((sent.doc[first - 2].lower_,)) if first - 2 >= sent.start else None
        if value and outer and outer[0] and matches(sent, first - 1, ["of"]):
            value, low, first = outer[0] * value, outer[0] * (low or 1), first - 2
        inner = vague.get((sent.doc[end + 1].lower_,)) if end + 1 < sent.end else None
        if value and inner and (inner[0] or 0) >= 100 and matches(sent, end, ["of"]):
            value, low, end = value * (inner[0] or 1), (low or 1) * (inner[0] or 1), end + 2
        return Count(value, low, high, "vague", first, end)
    return None


def _without_adjectives(sent: Span, tok: Token) -> list[Token]:
    """The words of `tok`'s phrase up to it, its adjectives left out: "a large number"
    reads as the vague "a number", "a small but growing number" too."""
    start = max(sent.start, tok.left_edge.i)
    dropped = {t.i for c in tok.lefts if c.dep_ in ("amod", "cc", "conj") for t in c.subtree}
    return [t for t in sent.doc[start : tok.i + 1] if t.i not in dropped and t.dep_ != "punct"]


def is_vague_word(tok: Token) -> bool:
    """A one-word vague quantity ("several", "dozens")."""
    return (tok.lower_,) in _phrases().vague


def written_count(sent: Span, noun: Token) -> Count | None:
    """A number or vague word on a noun: its own ("dozens"), a modifier's ("38 fighters",
    "several people", "both men") or a modifier's modifier's ("At least 70 regime and rebel
    fighters"); ages are skipped ("a 7-year-old boy" has no number of its own)."""
    found = vague_count(sent, noun)
    for c in noun.lefts if found is None else []:
        if c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj"):
            return Count(2, 2, 2, "exact", c.i, c.i + 1)
        if c.dep_ not in _MODIFIERS or (c.ent_type_ in ("DATE", "TIME") and not is_numeral(c)):
            continue
        for n in [c] + [n for n in c.lefts if n.dep_ == "nummod" and c.dep_ != "nummod"]:
            found = found or (numeric_count(sent, n) if is_numeral(n) else vague_count(sent, n))
    return found
