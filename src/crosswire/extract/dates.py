"""Time expressions in a sentence, resolved to date intervals against the publication date.

`times_in(sent, published)` finds the time expressions of a sentence and resolves each to an
`Interval` (ISO dates, both ends inclusive) with the precision the text supports: "day",
"days" (a few days), "week", "month" or "year"; `resolve(text, published)` reads one
expression given alone. Those that need the publication date p ("on Monday", "last month")
are `relative`, and are not returned without one. `lead_time` picks the time of an
article's main event, `infer_published` a publication date where the text allows one.

Candidates: the rules below (regular expressions; month and weekday names capitalised) and
the spaCy DATE/TIME entities no rule found, read alone. A bare year needs a cue ("in",
"during", "early", "mid-"), and so do a bare month or holiday except as an entity.
The longest of overlapping candidates wins. dateparser is not used (slow; reads ages).

Not incident times: the rules read points in time only, so durations and ages ("for three
years", "four years", "a 19-year-old", "seven-year war", "in the past few months") find
nothing; a candidate after "since", "until", "through", "every", "each", "from", "by" or
"next" is dropped ("since 2011", "every Friday", "next Monday"), as are "the last week", "the
last year".

Resolution:
    * "23 February 2022", "Tuesday, February 23, 2022", "Feb. 23rd 2022", "2022-02-23", US
      "2/23/2022": that day; "20-24 March 2022": "days"; "September 2016": month; "in 2016":
      year. Without a year ("on 23 February", "Sept. 8"): the latest year that puts it on or
      before p.
    * "on Monday", "Monday night", "late on Tuesday", "early Saturday", "2 a.m. Sunday", "just
      before midnight Saturday", "the small hours of Thursday": the most recent such weekday
      on or before p (published on a Monday, "Monday" is p); "last Monday" strictly before p.
    * "today", "tonight", "this morning": p; "yesterday", "last night": p - 1. "overnight",
      "just before midnight": [p - 1, p], "days"; "overnight Saturday": Saturday night.
    * "the day after X", "two days before X": X moved, when X is a day; "the morning of X": X.
    * "last week": Monday to Sunday of the week before p's; "this week": its Monday to p;
      "the weekend": the last Saturday on or before p and its Sunday, "days".
    * "last month", "earlier this month", "last year", "this year": the calendar month or
      year, up to p. "In February": the most recent February not after p's month (published
      in February: that one); "last February": the one before p's month.
    * "three days ago": that day; weeks, months, years ago: that week, month or year.
    * Holidays of dates.tsv ("on Christmas Day", "Thanksgiving"): the latest on or before p,
      or that of the year written.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Literal

from crosswire.extract.memo import per_sentence
from crosswire.models import Interval

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

Precision = Literal["day", "days", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression: its characters in the doc text and the interval it stands for."""

    span: tuple[int, int]
    text: str
    interval: Interval
    relative: bool
    told: bool = False  # it dates a telling ("police said Friday"), not an event


@dataclass(frozen=True, slots=True)
class _Found:
    """A rule's hit in a text before it becomes a TimeExpr (offsets into that text)."""

    start: int
    end: int
    first: date
    last: date
    precision: Precision
    relative: bool


# What a resolver returns: first and last day, precision, and whether p was used.
_Dates = tuple[date, date, Precision, bool]
_Resolver = Callable[[re.Match[str], date | None], _Dates | None]
_Days = tuple[date, date, Precision]
_Relative = Callable[[re.Match[str], date], _Days | None]

_WEEKDAYS = {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4}
_WEEKDAYS |= {"Saturday": 5, "Sunday": 6}
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6}
_MONTHS |= {"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}
_FULL_MONTH = rf"(?:{'|'.join(name.title() for name in _MONTHS)})\b"
_MONTHS |= {name[:3]: i for name, i in _MONTHS.items()} | {"sept": 9}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MONTH = rf"(?:{_FULL_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\b))"
_WEEKDAY = rf"(?:{'|'.join(_WEEKDAYS)})\b"
_DAY = r"(?<![\w.,/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d{2}\b(?!-)"
_NUMBER = rf"(?:\d{{1,3}}|(?i:{'|'.join(_NUMBERS)}))"
_TIME_OF_DAY = r"(?:\s+(?i:morning|afternoon|evening|night))?"


def _ci(words: str) -> str:
    """A group of words matched in any case (the rules are case-sensitive otherwise)."""
    return f"(?i:{words})"


def _relative(resolve: _Relative) -> _Resolver:
    """A resolver that needs the publication date: nothing without one."""

    def resolved(m: re.Match[str], p: date | None) -> _Dates | None:
        dates = None if p is None else resolve(m, p)
        return None if dates is None else (*dates, True)

    return resolved


def _range(m: re.Match[str], p: date | None) -> _Dates | None:
    """ "20-24 March 2022", "March 20 - 24": the days between, "days"."""
    month = _MONTHS[m["mon"].lower().rstrip(".")]
    first = _day_of(m["year"], month, _num(m["d1"]), p)
    last = _day_of(m["year"], month, _num(m["d2"]), p)
    if first is None or last is None or last < first:
        return None
    return first, last, "days", m["year"] is None


def _day_month(m: re.Match[str], p: date | None) -> _Dates | None:
    """ "23 February 2022", "Feb. 23", "Tuesday, February 23, 2022": that day."""
    day = _day_of(m["year"], _MONTHS[m["mon"].lower().rstrip(".")], _num(m["day"]), p)
    return None if day is None else (day, day, "day", m["year"] is None)


def _numeric(m: re.Match[str], p: date | None) -> _Dates | None:
    """ "2022-02-23" and US "2/23/2022" or "2/23/22": that day."""
    year = int(m["year"]) if len(m["year"]) == 4 else 2000 + int(m["year"])
    day = _valid(year, int(m["m"]), int(m["day"]))
    return None if day is None else (day, day, "day", False)


def _month_year(m: re.Match[str], p: date | None) -> _Dates | None:
    """ "September 2016", "September of 2016": the month."""
    year, month = int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")]
    return (*_month_span(year, month, None), "month", False)


@_relative
def _month(m: re.Match[str], p: date) -> _Days | None:
    """ "in February": the latest February not after p's month; "last February" before it."""
    month = _MONTHS[m["mon"].lower()]
    strict = (m["rel"] or "").lower() == "last"
    year = p.year if month < p.month or (month == p.month and not strict) else p.year - 1
    return (*_month_span(year, month, p), "month")


def _year(m: re.Match[str], p: date | None) -> _Dates | None:
    """ "in 2016": the year."""
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), "year", False


@_relative
def _weekday(m: re.Match[str], p: date) -> _Days | None:
    """ "on Monday": the most recent Monday on or before p; "last Monday" strictly before."""
    day = _last_weekday(p, _WEEKDAYS[m["wd"]], strict=(m["rel"] or "").lower() == "last")
    return day, day, "day"


@_relative
def _today(m: re.Match[str], p: date) -> _Days | None:
    """ "today", "tonight", "this morning": p."""
    return p, p, "day"


@_relative
def _yesterday(m: re.Match[str], p: date) -> _Days | None:
    """ "yesterday", "last night": p - 1; "the day before yesterday": p - 2."""
    day = p - timedelta(days=2 if m["before"] else 1)
    return day, day, "day"


@_relative
def _overnight(m: re.Match[str], p: date) -> _Days | None:
    """ "overnight", "just before midnight": [p - 1, p]; "overnight Saturday": that night."""
    if m.groupdict().get("wd") is None:
        return p - timedelta(days=1), p, "days"
    first = _last_weekday(p, _WEEKDAYS[m["wd"]])
    if first == p:  # the night that ends on p
        first -= timedelta(days=1)
    return first, first + timedelta(days=1), "days"


@_relative
def _week(m: re.Match[str], p: date) -> _Days | None:
    """ "last week": Monday to Sunday of the week before p's; "this week": Monday to p."""
    monday = p - timedelta(days=p.weekday())
    if m["rel"].lower().endswith("last"):
        return monday - timedelta(days=7), monday - timedelta(days=1), "week"
    return monday, p, "week"


@_relative
def _weekend(m: re.Match[str], p: date) -> _Days | None:
    """ "the weekend": the most recent Saturday on or before p and its Sunday."""
    saturday = _last_weekday(p, 5)
    if m["rel"].lower() == "last" and p - saturday <= timedelta(days=1):
        saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1), "days"


@_relative
def _calendar(m: re.Match[str], p: date) -> _Days | None:
    """ "last month", "last year": the calendar month or year before p's; "this ...": to p."""
    last = int(m["rel"].lower() == "last")
    if m["unit"].lower() == "year":
        year = p.year - last
        return date(year, 1, 1), (date(year, 12, 31) if last else p), "year"
    index = p.year * 12 + p.month - 1 - last
    return (*_month_span(index // 12, index % 12 + 1, p), "month")


@_relative
def _ago(m: re.Match[str], p: date) -> _Days | None:
    """ "three days ago": p - 3; weeks, months, years ago: that week, month or year."""
    n, unit = _num(m["n"]), m["unit"].lower()
    if unit == "day":
        day = p - timedelta(days=n)
        return day, day, "day"
    if unit == "week":
        then = p - timedelta(days=7 * n)
        monday = then - timedelta(days=then.weekday())
        return monday, monday + timedelta(days=6), "week"
    if unit == "month":
        index = p.year * 12 + p.month - 1 - n
        return (*_month_span(index // 12, index % 12 + 1, None), "month")
    return date(p.year - n, 1, 1), date(p.year - n, 12, 31), "year"


def _holiday(m: re.Match[str], p: date | None) -> _Dates | None:
    """ "Christmas Day": the most recent on or before p, or that of the year written."""
    rule = _tables()[0][" ".join(m["hol"].split()).replace("’", "'")]
    written = m["year"] or m["year2"]
    if written is not None:
        day = _holiday_in(rule, int(written))
    elif p is not None:
        day = _holiday_in(rule, p.year)
        day = day if day <= p else _holiday_in(rule, p.year - 1)
    else:
        return None
    return day, day, "day", written is None


_DASH = r"\s*(?:-|–|to|and)\s*"
_OF_YEAR = rf"(?:,?\s+(?P<year>{_YEAR}))?"
_MONTH_CUE = _ci(r"\b(?:in|during|early|late|mid|of|last|this)-?\s*$")
_YEAR_CUE = _ci(r"\b(?:in|during|early|late|mid|of)-?\s*$")
_HOLIDAY_CUE = _ci(r"\b(?:on|over|during|before|after|since|of|until)[\s-]+$")
_EARLY_LATE = r"(?:(?:early|late|earlier|later)\s+)?"

# The rules: name, pattern, resolver, cue (None: none needed). Names matter to `_scan`.
# fmt: off
_TABLE: tuple[tuple[str, str, _Resolver, str | None], ...] = (
    ("range", rf"(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH}){_OF_YEAR}",
     _range, None),
    ("range", rf"(?P<mon>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY}){_OF_YEAR}", _range, None),
    ("date", rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<day>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})"
     rf"{_OF_YEAR}", _day_month, None),
    ("date", rf"(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<day>{_DAY})(?![-\d]){_OF_YEAR}",
     _day_month, None),
    ("date", r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<day>\d{1,2})\b", _numeric, None),
    ("date", r"(?<![\d/])(?P<m>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)?\d{2})\b", _numeric,
     None),
    ("month_year", rf"(?P<mon>{_MONTH})(?:\s+of)?,?\s+(?P<year>{_YEAR})", _month_year, None),
    ("month", rf"(?:(?P<rel>{_ci('last|this')})\s+)?(?P<mon>{_FULL_MONTH})", _month,
     _MONTH_CUE),
    ("year", rf"\b(?P<year>{_YEAR})", _year, _YEAR_CUE),
    ("weekday", rf"(?:(?P<rel>{_ci('last|this past|past|this')})\s+)?"
     rf"(?P<wd>{_WEEKDAY}){_TIME_OF_DAY}", _weekday, None),
    ("today", _ci(r"\b(?:(?:earlier|later|early|late)\s+)?today\b|\btonight\b"
                  r"|\bthis\s+(?:morning|afternoon|evening)\b"), _today, None),
    ("yesterday", _ci(r"\b(?P<before>the\s+day\s+before\s+)?yesterday\b") + _TIME_OF_DAY
     + "|" + _ci(r"\blast\s+night\b"), _yesterday, None),
    ("overnight", _ci(r"\bovernight\b") + rf"(?:\s+(?:on\s+)?(?P<wd>{_WEEKDAY}))?", _overnight,
     None),
    ("overnight", _ci(r"\b(?:(?:just|shortly|right|soon)\s+)?(?:before|after)\s+midnight\b"),
     _overnight, None),
    ("week", _ci(rf"\b{_EARLY_LATE}(?P<rel>last|this)\s+week\b"), _week, None),
    ("weekend", _ci(r"\b(?P<rel>last|this|this\s+past|the\s+past|the)\s+weekend\b"), _weekend,
     None),
    ("calendar", _ci(rf"\b{_EARLY_LATE}(?P<rel>last|this)\s+(?P<unit>month|year)\b"), _calendar,
     None),
    ("ago", rf"\b(?P<n>{_NUMBER})\s+(?P<unit>{_ci('day|week|month|year')})s?[\s-]+"
     + _ci(r"ago\b"), _ago, None),
)
# fmt: on


@functools.cache
def _rules() -> tuple[tuple[str, re.Pattern[str], _Resolver, re.Pattern[str] | None], ...]:
    """The rules compiled on first use, the holiday rule last (it reads dates.tsv)."""
    names = "|".join(_holiday_pattern(name) for name in _tables()[0])
    holiday = (
        rf"(?:(?P<year>{_YEAR})\s+)?(?:{_ci('the')}\s+)?(?P<hol>{names})"
        rf"(?:,?\s+(?P<year2>{_YEAR}))?"
    )
    table = (*_TABLE, ("holiday", holiday, _holiday, _HOLIDAY_CUE))
    return tuple(
        (name, re.compile(pattern), resolve, re.compile(cue) if cue else None)
        for name, pattern, resolve, cue in table
    )


_NOT_A_POINT = re.compile(
    _ci(r"\b(?:since|until|till|til|through|throughout|every|each|from|by|next|coming)\s+")
    + _ci(r"(?:the\s+)?(?:(?:early|late|mid)-?\s*)?$")
)
"""Words before a candidate that make it a duration, a deadline or a repetition."""

# "the last week", "the last year": durations, unlike "last week".
_THE_MAKES_DURATION, _THE = frozenset({"week", "calendar"}), re.compile(_ci(r"\bthe\s+$"))

_MODIFIER = re.compile(
    _ci(
        r"(?:\b(?:late|early)(?:\s+on)?"
        r"|\b(?:in\s+)?the\s+(?:small|early|wee)\s+hours\s+of"
        r"|\bthe\s+(?:morning|afternoon|evening|night)\s+of"
        r"|\b(?:(?:just|shortly|right|soon)\s+)?(?:before|after)\s+(?:midnight|noon|dawn)(?:\s+on)?"
        r"|\b(?:\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?|noon|midnight)(?:\s+on)?)\s+$"
    )
)
"""What may stand before a day without changing it: "late on", "2 a.m.", "the small hours of"."""

_SHIFT = re.compile(
    _ci(
        r"\b(?:the\s+)?(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?|day|night)"
        r"[\s-]+(?P<dir>after|before)[\s-]+$"
    )
)
"""What moves a day: "the day after", "two days before", "the night before"."""

_LEAD = re.compile(_ci(r"\s*(?:(?:on|in|at|during|around|about|of|between)\s+)?"))
_STAMP = re.compile(
    _ci(r"\b(?:published|posted|updated|modified|created|copyright)\b[^!?\n]{0,25}$|©\s*$")
)
_DATELINE_END = re.compile(r"\s*\)?\s*(?:\([^()\n]{1,40}\)\s*)?(?:--|[-–—])")
_DATELINE_CHARS = 60
_PROSE_WORD = re.compile(r"\b[a-z]{3,}")
_WEEKDAY_NAME = re.compile(rf"\b(?P<wd>{_WEEKDAY})")
_ENTITY_LABELS = frozenset({"DATE", "TIME"})


def resolve(text: str, published: date | None) -> Interval | None:
    """The interval of one time expression given on its own ("on Monday", "since 2011")."""
    found = _one(text, published)
    return None if found is None else _interval(found)


@per_sentence
def times_in(sent: Span, published: date | None) -> list[TimeExpr]:
    """The time expressions of a sentence in text order, resolved against `published`."""
    base, text = sent.start_char, sent.text
    return [
        TimeExpr((base + f.start, base + f.end), text[f.start : f.end], _interval(f), f.relative)
        for f in _found_in(sent, published)
    ]


def lead_time(doc: Doc, published: date | None, *, lead: int = 5) -> TimeExpr | None:
    """The time of the main event: the expression that best dates the incident of the article.

    Time stamps ("Published ...", a date alone on a line or in a dateline) and times after
    the publication date are skipped, and so is the day of a telling whose sentence dates
    its incident otherwise ("the army said on Sunday that civilians were killed this
    month": Sunday, there and anywhere in the article, is the news, not the incident). Of
    the rest, a day ("day" or "days") beats a coarser time; then a time hanging on an
    incident word ("was shot Friday", "the shooting Friday") beats one hanging on no word
    of the tables, which beats one hanging on a report word ("police said Friday", "was
    charged Friday", "a vigil Friday"), which beats one in a sentence with no verb (a
    byline: "Press desk - statement summary, 25 March 2017"); then one in the first `lead`
    sentences beats one further down; then the earliest wins. None when there is none.
    """
    sents = [
        (sent, [(t, _role(doc, t.span)) for t in times_in(sent, published)]) for sent in doc.sents
    ]
    news = {
        t.interval
        for _, told in sents
        if any(r == "event" for _, r in told)
        for t, r in told
        if r == "report" and t.interval.to_the_day
    }
    best: TimeExpr | None = None
    best_key = (False, -2, False)
    for i, (sent, told) in enumerate(sents):
        # A sentence with no verb (a byline, a caption) dates the page, not the event.
        verbless = not any(t.pos_ in ("VERB", "AUX") for t in sent)
        for expr, role in told:
            late = published is not None and expr.interval.start > published.isoformat()
            if late or _is_stamp(doc.text, expr.span) or expr.interval in news:
                continue
            rank = -1 if verbless else _ROLE_RANK[role]
            key = (expr.interval.to_the_day, rank, i < lead)
            if key > best_key:
                best, best_key = expr, key
    return best


def with_tellings(doc: Doc, times: list[TimeExpr]) -> list[TimeExpr]:
    """A sentence's times, those hanging on a report word marked `told`: "the coalition
    said on Saturday that it had struck the building on 17 March" tells of 17 March, and
    "the army said on Sunday that militants had rigged the house" of some day before."""
    return [replace(t, told=True) if _role(doc, t.span) == "report" else t for t in times]


def infer_published(doc: Doc, *, lead: int = 5) -> tuple[date, Literal["inferred"]] | None:
    """A publication date for an article that has none, only where the text supports it.

    The latest full date (day, month, year) in the text, if it stands in the first `lead`
    sentences and its weekday is also named alone ("On 3 May 2021 gunmen ... On Monday,
    police ..."): a lower bound of the publication date that makes "Monday" that day. Else
    None (a later date further down is often an older or future event; weekdays alone or
    "yesterday" cannot date an article).
    """
    explicit = [
        (sent.start_char + f.start, sent.start_char + f.end, f.first, i < lead)
        for i, sent in enumerate(doc.sents)
        for f in _found_in(sent, None)
        if f.precision == "day"
    ]
    if not explicit:
        return None
    latest = max(day for _, _, day, _ in explicit)
    if not any(in_lead for _, _, day, in_lead in explicit if day == latest):
        return None
    named = {
        _WEEKDAYS[m["wd"]]
        for m in _WEEKDAY_NAME.finditer(doc.text)
        if not any(start <= m.start() < end for start, end, _, _ in explicit)
    }
    return (latest, "inferred") if latest.weekday() in named else None


def _found_in(sent: Span, p: date | None) -> list[_Found]:
    """The rules' hits in a sentence, plus the spaCy DATE/TIME entities that resolve alone."""
    text = sent.text
    found = _scan(text, p, bare=False)
    for ent in sent.ents:
        if ent.label_ not in _ENTITY_LABELS:
            continue
        start, end = ent.start_char - sent.start_char, ent.end_char - sent.start_char
        if any(start < f.end and f.start < end for f in found) or _NOT_A_POINT.search(text[:start]):
            continue
        hit = _one(ent.text, p)
        if hit is not None:
            found.append(_extend(text, replace(hit, start=hit.start + start, end=hit.end + start)))
    return sorted(found, key=lambda f: f.start)


def _one(text: str, p: date | None) -> _Found | None:
    """`text` read as one expression: the hit covering it after a leading preposition."""
    lead = _LEAD.match(text)
    start, end = (lead.end() if lead else 0), len(text.rstrip())
    for f in _scan(text, p, bare=True):
        if f.start == start and f.end == end:
            return f
    return None


def _scan(text: str, p: date | None, *, bare: bool) -> list[_Found]:
    """Every rule over `text`, the longest of overlapping hits kept. With `bare` (the text is
    known to be a time expression) a bare month or holiday needs no cue; a year always does."""
    hits: list[_Found] = []
    for name, pattern, resolve, cue in _rules():
        for m in pattern.finditer(text):
            before = text[: m.start()]
            if cue is not None and (not bare or name == "year") and not cue.search(before):
                continue
            if _NOT_A_POINT.search(before) or (name in _THE_MAKES_DURATION and _THE.search(before)):
                continue
            dates = resolve(m, p)
            if dates is not None:
                hits.append(_extend(text, _Found(m.start(), m.end(), *dates)))
    return _longest(hits)


def _extend(text: str, found: _Found) -> _Found:
    """Take in what stands before a day: modifiers ("late on") and shifts ("the day after")."""
    if found.precision != "day":
        return found
    modifier = _MODIFIER.search(text[: found.start])
    start = modifier.start() if modifier else found.start
    shift = _SHIFT.search(text[:start])
    if shift is None:
        return replace(found, start=start)
    days = 1 if shift["n"] is None else _num(shift["n"])
    step = timedelta(days=days if shift["dir"].lower() == "after" else -days)
    return replace(
        found, start=shift.start(), first=found.first + step, last=found.last + step, relative=True
    )


def _longest(hits: Iterable[_Found]) -> list[_Found]:
    """Non-overlapping hits, longer ones first, in text order."""
    kept: list[_Found] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if not any(hit.start < k.end and k.start < hit.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


_ROLE_RANK = {"event": 2, "": 1, "report": 0}


def _role(doc: Doc, span: tuple[int, int]) -> str:
    """The role ("event", "report" or "") of the first table word met climbing the syntactic
    heads from the expression's root up to the first verb."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return ""
    words = _tables()[1]
    token = tokens.root
    while token.head.i != token.i:
        token = token.head
        role = words.get(token.lemma_.lower(), "")
        if role or token.pos_ in ("VERB", "AUX"):
            return role
    return ""


def _is_stamp(text: str, span: tuple[int, int]) -> bool:
    """True for a time stamp: after "Published" etc. on its line, or on a line with no prose."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    line_end = len(text) if line_end < 0 else line_end
    if _STAMP.search(text[line_start : span[0]]):
        return True
    if span[0] - line_start <= _DATELINE_CHARS and _DATELINE_END.match(text, span[1]):
        return True
    rest = text[line_start : span[0]] + " " + text[span[1] : line_end]
    return _PROSE_WORD.search(rest) is None


def _interval(found: _Found) -> Interval:
    return Interval(found.first.isoformat(), found.last.isoformat(), found.precision)


def _num(text: str) -> int:
    """A day or a count as written: "23rd" -> 23, "three" -> 3."""
    digits = re.match(r"\d+", text)
    return int(digits[0]) if digits else _NUMBERS[text.lower()]


def _valid(year: int, month: int, day: int) -> date | None:
    """The date, or None if it does not exist (a US "2/23" reversed is read day-first)."""
    if month > 12 >= day:
        month, day = day, month
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_of(year: str | None, month: int, day: int, p: date | None) -> date | None:
    """That day in the year written, else in the latest year that puts it on or before p."""
    if year is not None:
        return _valid(int(year), month, day)
    if p is None:
        return None
    this = _valid(p.year, month, day)
    return this if this is not None and this <= p else _valid(p.year - 1, month, day)


def _month_span(year: int, month: int, p: date | None) -> tuple[date, date]:
    """First and last day of a month; the last is p when p falls inside it."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return first, (p if p is not None and first <= p < last else last)


def _last_weekday(p: date, weekday: int, *, strict: bool = False) -> date:
    """The most recent day with that weekday on or before p (strictly before with `strict`)."""
    delta = (p.weekday() - weekday) % 7
    return p - timedelta(days=7 if strict and delta == 0 else delta)


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """dates.tsv: holiday name -> rule (longest names first), and lemma -> "event"/"report"."""
    text = resources.files("crosswire.extract").joinpath("dates.tsv").read_text("utf-8")
    holidays: dict[str, str] = {}
    words: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, names, rule = ([*line.split("\t"), ""])[:3]
            for name in names.split("|"):
                if kind == "holiday":
                    holidays[name.strip()] = rule.strip()
                else:
                    words[name.strip()] = kind
    return dict(sorted(holidays.items(), key=lambda item: -len(item[0]))), words


def _holiday_pattern(name: str) -> str:
    """A holiday's name as a pattern: any run of spaces, either apostrophe."""
    words = (re.escape(word).replace("'", "['’]") for word in name.split())
    return r"\s+".join(words) + r"(?!\w)"


def _holiday_in(rule: str, year: int) -> date:
    """The day a dates.tsv holiday rule gives in a year."""
    if not rule.startswith("nth:"):
        return date(year, *map(int, rule.split("-")))
    n, weekday, month = (int(part) for part in rule.split(":")[1:])
    if n < 0:
        return _last_weekday(date(year, month, calendar.monthrange(year, month)[1]), weekday)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
