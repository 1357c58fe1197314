"""What the first lines of an article say about it: title, dateline and publication date.

`read_front` takes text already cleaned by `crosswire.ingest.clean.clean_text` and looks
only at the top of it, with general rules:

Title
    The first line, if it reads as a headline: at least one more non-blank line follows;
    it has 3 to 25 words and at most 160 characters; it does not end in . ! : ; , ) or a
    dash (a ? is allowed); it does not start with a quote mark; it is not a dateline and
    holds no full date ("date 2018-06-19 ...", "March 10, 2014 2:18 PM"). Page chrome
    that passes those tests is refused too: a byline or time stamp ("By ...",
    "Updated ...", "Posted ...", "Related ..."), a photo caption ("... (Photo: ...)",
    "Credit: ...", "View Full Caption", two sentences in one line) and a line ending in
    a sharing label ("... Facebook | Twitter"). A leading bullet or close-button glyph
    ("× ") is not part of the title.

Dateline, looked for at the start of each of the first 3 non-blank lines that start
within the first 400 characters; the first line that has one wins:
    (1) ``PLACE[, Region] (AGENCY) -`` at the start of a paragraph: "BEIRUT (AFP) - ...",
        "KABUL, Afghanistan (AP) - ...", "Washington (CNN): ..."; the place has 1 to 4
        capitalised words (particles such as "de" or "al" allowed inside), the agency 1 to
        4 words in parentheses, then a dash (-, --, en or em dash) or a colon, then the
        end of the line or the start of a sentence (3 words or more, the first with a
        capital, a digit or a quote). A parenthesis that spells the initials of the
        "place" is an acronym, not an agency ("Syrian Democratic Forces (SDF) - ..." is
        not a dateline), and a date in the parentheses gives the date and no publisher
        ("Edmonton, Ky. (November 28, 2016) - ...").
    (2) a short line of its own, ``AGENCY, PLACE`` or ``PLACE, AGENCY`` with an optional
        trailing colon, possibly after a date: "AFP, Beirut :", "Beirut, SANA",
        "date 2019-07-03 LWS, TRIPOLI". The agency is the side found in agencies.tsv, a
        table of about fifty wire and international news agencies; failing that, an
        all-caps token of 2 to 6 letters when the other side is not one.
    (3) ``PLACE, Month D[, YYYY] (AGENCY) -``: "GAZA CITY, June 3, 2019 (AFP) - ...".
    (4) ``PLACE[, Region] -`` with the place written all in capitals and no agency:
        "CHICAGO -- ...", "GRANITE FALLS, N.C. - ...", followed as in (1); not when one
        of its words is a newsroom label such as UPDATE or BREAKING (nor in (1)).
    The place keeps its region ("Little Rock, Ark."); a part written all in capitals is
    returned title-cased ("BEIRUT" -> "Beirut"), except a region of at most 3 letters
    ("TX"). The publisher is returned as written, or as agencies.tsv spells it when it
    is listed there.

Publication date (YYYY-MM-DD)
    The date of the dateline, else the earliest date written in the first 400
    characters: ISO "2018-06-19", or a month name with day and year ("June 19, 2018",
    "19 June 2018", "Tuesday, 19 June 2018", "Jun. 19th 2018"). Dates that do not exist
    (2018-02-31) are ignored, a date without a year is not enough, and dates further
    down, which are about events rather than publication, are never taken. Nor is a date
    that a sentence brings in with a preposition ("On 3 May 2021, gunmen ...", "killed
    on Monday, May 3, 2021", "Around 3 May 2021"), which dates an event; "Posted on ..."
    still counts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

TOP_CHARS = 400
"""Datelines and dates are only looked for in this many characters at the top."""

TOP_LINES = 3
"""Datelines are only looked for at the start of this many non-blank lines."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>(?=[A-Z])(?i:{}))\b\.?".format("|".join(sorted(_MONTHS, key=len)[::-1]))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>(?:19|20)\d\d)\b"
_DATES = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"),
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|\w+day),?\s+"
_PROSE_DATE = re.compile(
    r"\b(?:on|since|until|till|by|from|before|after|between|and|to|in|through|of|during"
    r"|around|about|circa)\s+"
    rf"(?:{_WEEKDAY})?(?:the\s+)?$",
    re.IGNORECASE,
)
_STAMP_DATE = re.compile(rf"\b(?:posted|published|updated|created)\s+on\s+(?:{_WEEKDAY})?$", re.I)
_DASH = r"(?:-{1,2}|[–—]|:)"
_FORM1 = re.compile(rf"(?P<head>[^()]{{2,80}}?)\s*\((?P<paren>[^()]{{1,40}})\)\s*{_DASH}\s*")
_FORM2 = re.compile(r"(?P<a>[^,:]+),\s*(?P<b>[^,:]+?)\s*:?")
_DATE_WORD = re.compile(r"date:?\s+", re.IGNORECASE)
_FORM4 = re.compile(r"(?P<head>[^()]{3,60}?)\s+(?:-{1,2}|[–—])\s*")
_HEAD_DATE = re.compile(rf",\s*{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$")
# Lower-case words a place name may hold inside ("Rio de Janeiro", "Deir al Zor").
_PARTICLES = frozenset(
    "a al an ar as ash at ad az bin da das de del della der di do dos du e el en es ez "  # noqa: SIM905
    "ibn im la las le les los of on sur upon van von y".split()
)
# All-caps words that open a paragraph as a newsroom label, not as a place (form 4).
_NEWSROOM_LABELS = frozenset(
    "ALERT BREAKING CORRECTION CREDIT DEVELOPING EDITOR'S EXCLUSIVE FILE LIVE NOTE "  # noqa: SIM905
    "PHOTO PHOTOS UPDATE UPDATED VIDEO WATCH WARNING".split()
)
# Lines that are bylines, time stamps, photo credits or two sentences, not headlines.
_NOT_HEADLINE = re.compile(
    r"^(?:by|related|published|updated|posted|created|last updated)\b"
    r"|\b(?:photos?|credit|courtesy|caption|image|file)\s*:|\bview full caption\b"
    r"|(?-i:\b[a-z]{3,}\. [A-Z])",
    re.IGNORECASE,
)
_SHARE_WORDS = frozenset(("share", "tweet", "email", "facebook", "twitter", "whatsapp"))
_BULLETS = "×•·*|>- "
_CAPS_AGENCY = re.compile(r"[A-Z]{2,6}")
_WORD = re.compile(r"[^\W\d_]+(?:'s\b)?", re.IGNORECASE)
_QUOTES = "\"'«‹"
_MAX_PLACE_WORDS = 4
_MAX_REGION_WORDS = 3
_MAX_SHORT_LINE = 60


@dataclass(frozen=True, slots=True)
class Front:
    """What the top of an article says: headline, dateline and publication date."""

    title: str | None
    publisher: str | None
    place: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class _Dateline:
    place: str
    publisher: str | None
    published: str | None


def read_front(text: str) -> Front:
    """Read title, publisher, dateline place and publication date from cleaned `text`."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    dateline = _find_dateline(text)
    published = dateline.published if dateline and dateline.published else None
    if published is None:
        found = first_date(text[:TOP_CHARS], stamp=True)
        published = found[1] if found else None
    return Front(
        title=_title(lines),
        publisher=dateline.publisher if dateline else None,
        place=dateline.place if dateline else None,
        published=published,
    )


def _title(lines: list[str]) -> str | None:
    """The first line if it reads as a headline, else None."""
    if len(lines) < 2:
        return None
    line = lines[0].lstrip(_BULLETS)
    if not 3 <= len(line.split()) <= 25 or len(line) > 160:
        return None
    if line[-1] in ".!:;,)-–—" or line[0] in _QUOTES:
        return None
    if _NOT_HEADLINE.search(line) or line.split()[-1].lower() in _SHARE_WORDS:
        return None
    if _read_dateline(line) is not None or first_date(line) is not None:
        return None
    return line


def _find_dateline(text: str) -> _Dateline | None:
    """The dateline at the start of one of the first non-blank lines, if any."""
    offset = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if not line.strip():
            continue
        if start >= TOP_CHARS or seen >= TOP_LINES:
            break
        seen += 1
        dateline = _read_dateline(line.strip())
        if dateline is not None:
            return dateline
    return None


def is_dateline(line: str) -> bool:
    """Whether `line` starts with a dateline of any of the forms above."""
    return _read_dateline(line.strip()) is not None


def _read_dateline(line: str) -> _Dateline | None:
    """A dateline of form (2), (1)/(3) or (4) at the start of `line`."""
    return _short_dateline(line) or _agency_dateline(line) or _caps_dateline(line)


def _short_dateline(line: str) -> _Dateline | None:
    """Form (2): a line of its own, "AGENCY, PLACE" or "PLACE, AGENCY", maybe after a date."""
    if len(line) > _MAX_SHORT_LINE:
        return None
    published, line = _leading_date(line)
    match = _FORM2.fullmatch(line)
    if match is None:
        return None
    a, b = match["a"].strip(), match["b"].strip()
    agency_a, agency_b = _agency_name(a), _agency_name(b)
    if agency_a is None and agency_b is None:
        caps_a, caps_b = _CAPS_AGENCY.fullmatch(a), _CAPS_AGENCY.fullmatch(b)
        agency_a = a if caps_a and not caps_b else None
        agency_b = b if caps_b and not caps_a else None
    if agency_a is not None and _is_place(b):
        return _Dateline(_place_name(b), agency_a, published)
    if agency_b is not None and _is_place(a):
        return _Dateline(_place_name(a), agency_b, published)
    return None


def _agency_dateline(line: str) -> _Dateline | None:
    """Forms (1) and (3): "PLACE[, Region|, Month D[, YYYY]] (AGENCY) -" then a sentence."""
    match = _FORM1.match(line)
    if match is None or not _starts_sentence(line[match.end() :]):
        return None
    head, paren = match["head"].strip(), match["paren"].strip()
    if _NEWSROOM_LABELS.intersection(head.upper().split()):
        return None
    published = None
    head_date = _HEAD_DATE.search(head)
    if head_date is not None:
        head = head[: head_date.start()]
        published = _date_of(head_date)
    if not _is_place_and_region(head):
        return None
    in_paren = first_date(paren)
    if in_paren is not None and in_paren[0] == 0:
        return _Dateline(_place_name(head), None, published or in_paren[1])
    if not _is_agency(paren) or _initials(head) == re.sub(r"[^A-Z]", "", paren):
        return None
    return _Dateline(_place_name(head), _agency_name(paren) or paren, published)


def _caps_dateline(line: str) -> _Dateline | None:
    """Form (4): "PLACE[, Region] -" with the place all in capitals, then a sentence."""
    match = _FORM4.match(line)
    if match is None or not _starts_sentence(line[match.end() :]):
        return None
    head = match["head"].strip()
    place = head.split(",", 1)[0]
    if place != place.upper() or sum(ch.isalpha() for ch in place) < 3:
        return None
    if _NEWSROOM_LABELS.intersection(head.upper().split()):
        return None
    if not _is_place_and_region(head):
        return None
    return _Dateline(_place_name(head), None, None)


def _starts_sentence(text: str) -> bool:
    """True if `text`, what follows a dateline, is empty (the sentence starts on the next
    line) or starts a sentence: 3 words or more, the first with a capital, a digit or a quote.
    """
    if not text:
        return True
    return len(text.split()) >= 3 and (text[0].isupper() or text[0].isdigit() or text[0] in _QUOTES)


def _leading_date(line: str) -> tuple[str | None, str]:
    """Split a date written at the start of `line` ("date 2019-07-03 ...") from the rest."""
    word = _DATE_WORD.match(line)
    rest = line[word.end() :] if word else line
    for pattern in _DATES:
        match = pattern.match(rest)
        iso = _date_of(match) if match else None
        if match and iso:
            return iso, rest[match.end() :].strip()
    return None, line


def _is_place_and_region(head: str) -> bool:
    """True if `head` is "PLACE" or "PLACE, Region", each made of capitalised words."""
    parts = [part.strip() for part in head.split(",")]
    if len(parts) > 2:
        return False
    if len(parts) == 2 and not _is_place(parts[1], _MAX_REGION_WORDS):
        return False
    return _is_place(parts[0])


def _is_place(text: str, max_words: int = _MAX_PLACE_WORDS) -> bool:
    """True if `text` is 1 to `max_words` capitalised words (particles allowed inside)."""
    words = text.split()
    if not 1 <= len(words) <= max_words or words[0].lower() == "by":
        return False
    if not words[0][0].isupper() or not words[-1][0].isupper():
        return False
    return all(
        (word[0].isupper() or word.lower() in _PARTICLES or re.match(r"[a-z]{1,3}['-]", word))
        and not any(ch.isdigit() for ch in word)
        for word in words
    )


def _is_agency(text: str) -> bool:
    """True if `text` can name an agency: 1 to 4 words, capitalised or listed."""
    words = text.split()
    if not 1 <= len(words) <= 4:
        return False
    if _agency_name(text) is not None:
        return True
    return all(word[0].isupper() or word[0].isdigit() for word in words)


def _initials(place: str) -> str:
    """The capital initials of the words of `place`: "Syrian Democratic Forces" -> "SDF"."""
    return "".join(word[0] for word in place.split() if word[0].isupper())


def _place_name(head: str) -> str:
    """`head` with the parts written all in capitals title-cased, short regions kept."""
    parts = [part.strip() for part in head.split(",")]
    out = []
    for i, part in enumerate(parts):
        letters = sum(ch.isalpha() for ch in part)
        if part == part.upper() and (i == 0 or letters > 3):
            part = _title_case(part)
        out.append(part)
    return ", ".join(out)


def _title_case(text: str) -> str:
    """Title-case a place: "SAN JUAN DE LA COSTA" -> "San Juan de la Costa"."""
    words = _WORD.sub(lambda m: m[0][0].upper() + m[0][1:].lower(), text).split(" ")
    return " ".join(
        word.lower() if i and word.lower() in _PARTICLES else word for i, word in enumerate(words)
    )


@functools.cache
def _agencies() -> dict[str, str]:
    """agencies.tsv as a map from every lower-cased name to the spelling to return."""
    table: dict[str, str] = {}
    text = resources.files("crosswire.ingest").joinpath("agencies.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, others = line.partition("\t")
        for alias in (name, *others.split("|")):
            if alias.strip():
                table[alias.strip().lower()] = name.strip()
    return table


def _agency_name(text: str) -> str | None:
    """The agency `text` names in agencies.tsv, spelt as there, or None."""
    return _agencies().get(text.strip().lower())


def first_date(text: str, *, stamp: bool = False) -> tuple[int, str] | None:
    """The earliest valid date written in `text`: its offset and its YYYY-MM-DD.

    With `stamp`, only a date that stands as a time stamp counts: not one that a sentence
    brings in with a preposition ("On 3 May 2021, gunmen ..."), which dates an event.
    """
    found: list[tuple[int, str]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            iso = _date_of(match)
            if iso is None or (stamp and _is_prose_date(text[: match.start()])):
                continue
            found.append((match.start(), iso))
            break
    return min(found) if found else None


def _is_prose_date(before: str) -> bool:
    """True if the text `before` a date ends with a preposition, as in "killed on"."""
    return bool(_PROSE_DATE.search(before)) and not _STAMP_DATE.search(before)


def _date_of(match: re.Match[str]) -> str | None:
    """The YYYY-MM-DD of a date match with year, month and day groups; None if invalid."""
    year, month, day = match["year"], match["mon"], match["day"]
    if year is None:
        return None
    number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    try:
        return date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None
