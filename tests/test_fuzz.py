"""Property tests (hypothesis) over the readers and the extractors.

Readers: bytes of any kind read as .txt, .html, .jsonl or .warc give Documents or
CrosswireErrors, never another exception. Extractors: on text built from a grammar of
incident-like sentences mixed with random unicode, extraction never fails, every span lies
inside the text and its quote is the text at that span, dates are valid intervals not after
publication, and tolls are non-negative with low <= best <= high.

Examples are bounded (deadline off, a few dozen to a few hundred each) so that the file
runs in well under 90 s; spaCy is loaded once per process (nlp.load is cached). Set
CROSSWIRE_FUZZ_SCALE=20 (say) to run twenty times as many."""

from __future__ import annotations

import io
import json
import os
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.errors import CrosswireError, InputError
from crosswire.ingest.article import build_article
from crosswire.ingest.clean import clean_text
from crosswire.ingest.language import language_of
from crosswire.ingest.readers import read, read_stream
from crosswire.models import Document, Estimate, Mention
from crosswire.workers import Task, extract_doc

SCALE = int(os.environ.get("CROSSWIRE_FUZZ_SCALE", "1"))
FAST = settings(
    max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SLOW = settings(
    max_examples=80 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text as found in the wild: any code point but lone surrogates (which no decoder gives).
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


FRONT = [
    "BEIRUT (AFP) - Shelling killed five people on Tuesday.",
    "GAZA CITY, June 3, 2019 (AFP) - A strike hit a house.",
    "AFP, Beirut :",
    "Edmonton, Ky. (November 28, 2016) - A fire broke out.",
    "date 2018-02-31 LWS, TRIPOLI",
    "Posted on February 30, 2018",
    "CHICAGO -- Police said two men were shot.",
    "Market shelled in the north",
]

# -- readers -----------------------------------------------------------------------------------


def read_all(data: bytes, fmt: str) -> list[Document | CrosswireError]:
    """Everything a reader gives for `data`, its error included."""
    found: list[Document | CrosswireError] = []
    try:
        if fmt in ("jsonl", "warc"):
            stream = read_stream(io.BytesIO(data), fmt, source="f", name="f", max_bytes=10**6)
            found.extend(stream)
        else:
            found.extend(read(data, fmt, source="f", name="f"))
    except CrosswireError as exc:
        found.append(exc)
    for item in found:
        assert isinstance(item, Document | CrosswireError)
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip()
    return found


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
TEXT_BYTES = st.builds(encoded, UNICODE, ENCODINGS)
ANY_BYTES = st.one_of(st.binary(max_size=600), TEXT_BYTES)


@FAST
@given(ANY_BYTES, st.sampled_from(["txt", "html", "jsonl", "warc"]))
@example(b"\xff\xfe", "txt")
@example(b"\xfe\xff\x00", "txt")
@example(b"\x1f\x8b", "warc")
@example(b"WARC/1.0\r\n\r\n", "warc")
def test_readers_take_any_bytes(data: bytes, fmt: str) -> None:
    read_all(data, fmt)


TAGS = st.sampled_from(["div", "p", "span", "script", "style", "article", "b", "i", "table"])


@st.composite
def html(draw: st.DrawFn) -> bytes:
    """Tag soup: open and close tags in any order around random text, maybe unclosed."""
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        parts.append(draw(st.sampled_from([f"<{tag}>", f"</{tag}>", f"<{tag} class='x'", ""])))
        parts.append(draw(UNICODE))
    return "".join(parts).encode(draw(ENCODINGS), "replace")


@FAST
@given(html())
def test_the_html_reader_takes_tag_soup(data: bytes) -> None:
    read_all(data, "html")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | UNICODE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(UNICODE, inner, max_size=3),
    max_leaves=8,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={k: JSON | UNICODE for k in ("id", "text", "title", "published", "publisher", "url")},
)


@FAST
@given(st.lists(RECORD | JSON, max_size=5), st.booleans())
def test_the_jsonl_reader_takes_any_json(records: list[object], cut: bool) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode()
    found = read_all(data[: len(data) // 2] if cut else data, "jsonl")
    assert len([f for f in found if isinstance(f, Document)]) <= len(records)


def warc(bodies: list[tuple[str, str]], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i, (ctype, body) in enumerate(bodies):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"http://example.org/{i}",
            "response",
            payload=io.BytesIO(body.encode("utf-8", "replace")),
            http_headers=headers,
        )
        writer.write_record(record)
    return buf.getvalue()


CTYPES = st.sampled_from(["text/html", "text/plain; charset=utf-8", "image/png", "text/plain"])


@FAST
@given(
    st.lists(st.tuples(CTYPES, UNICODE), min_size=1, max_size=3),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
    st.integers(0, 10**6),
)
def test_the_warc_reader_takes_damaged_files(
    bodies: list[tuple[str, str]], gz: bool, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(warc(bodies, gz))
    for at, value in flips:
        data[at % len(data)] = value
    read_all(bytes(data[: max(1, cut % (len(data) + 1))]), "warc")


@FAST
@given(st.lists(st.one_of(UNICODE, st.sampled_from(FRONT)), max_size=6).map("\n".join))
def test_articles_are_built_from_any_text(text: str) -> None:
    """Cleaning and reading the front matter (title, dateline, date) of any text."""
    try:
        article = build_article(Document(source="f", name="f", fmt="txt", text=text))
    except InputError:
        return
    assert article.text == clean_text(article.text)
    if article.published is not None:
        date.fromisoformat(article.published)


# -- clean and language --------------------------------------------------------------------


@FAST
@given(UNICODE)
def test_clean_text_is_idempotent_and_language_of_never_fails(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    language_of(cleaned)


# -- extractors (spaCy runs for real) --------------------------------------------------------

NUMBER = st.one_of(
    st.integers(0, 200).map(str),
    st.integers(0, 10**25).map(lambda n: f"{n:,}"),
    st.sampled_from(
        [
            *("two", "a dozen", "dozens of", "thirty-eight", "1e309", "9" * 50, "20 to 30"),
            *("5-3", "between 30 and 20", "20 to 10", "\u0663\u0663", "0", "-5", "10,000,001"),
            *("\u00bd", "hundreds of thousands of", "a billion billion", "1.5", "10,000,000"),
            "nine million",
        ]
    ),
)
QUALIFIER = st.sampled_from(["", "at least ", "more than ", "nearly ", "up to ", "some "])
WHO = st.sampled_from(["people", "civilians", "soldiers", "police officers", "children"])
VERB = st.sampled_from(["killed", "wounded", "injured", "dead", "hurt"])
WHEN = st.sampled_from(
    [
        "on Tuesday",
        "yesterday",
        "on February 30, 2018",
        "in 2099",
        "on 31/13/2018",
        "last week",
        "on 3 May 2021",
        "this year",
        "two days later",
        "overnight",
        "20-24 March 2022",
        "on February 29, 2019",
        "on 2/30/2018",
        "the day after",
        "days later",
        "on 29 February 2100",
        "on Dec 31, 9999",
        "on 0/0/0000",
        "in 0001",
        "in 9999",
        "on 2018-02-30",
        "last February",
        "",
    ]
)
PLACE = st.sampled_from(["Northville", "the eastern valley", "Gaza City", "Aleppo", "Kabul"])
SOURCE = st.sampled_from(["police said", "the ministry said", "according to witnesses", ""])
EVENT = st.sampled_from(["A car bomb", "Shelling", "An air strike", "Gunmen", "Clashes"])


@st.composite
def incident_sentence(draw: st.DrawFn) -> str:
    return (
        f"{draw(EVENT)} {draw(VERB)} {draw(QUALIFIER)}{draw(NUMBER)} {draw(WHO)} "
        f"{draw(WHEN)} in {draw(PLACE)}, {draw(SOURCE)}."
    )


ARTICLE = st.lists(
    st.one_of(incident_sentence(), UNICODE, st.sampled_from(["\n", "\n\n", "NORTHVILLE (LWS) -"])),
    min_size=1,
    max_size=8,
).map(" ".join)
PUBLISHED = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31)))


def check_estimate(e: Estimate) -> None:
    values = [v for v in (e.low, e.best, e.high) if v is not None]
    assert all(v >= 0 for v in values)
    assert values == sorted(values), e


def check_mention(m: Mention, text: str, published: date | None) -> None:
    for start, end in m.sentences:
        assert 0 <= start <= end <= len(text)
    for claim in m.claims:
        start, end = claim.span
        assert 0 <= start <= end <= len(text)
        assert claim.quote == text[start:end]
        assert not isinstance(claim.value, int) or claim.value >= 0
    if m.date is not None:
        first, last = date.fromisoformat(m.date.start), date.fromisoformat(m.date.end)
        assert first <= last, m.date
        assert published is None or last <= published, (m.date, published)
    check_estimate(m.fatalities)
    check_estimate(m.injuries)


@SLOW
@given(ARTICLE, PUBLISHED)
@example("Gunmen killed 5-3 people on Tuesday in Kabul, police said.", date(2018, 6, 19))
@example("Shelling killed 99999999999999999999 people in 2099 in Aleppo.", date(2018, 6, 19))
def test_extraction_on_incident_like_text(raw: str, published: date | None) -> None:
    from crosswire import nlp

    text = clean_text(raw)
    task = Task("a", text, published.isoformat() if published else None, "LWS")
    found = extract_doc(task, nlp.parse(text))
    assert found.article == "a"
    for m in found.mentions:
        check_mention(m, text, published)
    if found.inferred_published is not None:
        date.fromisoformat(found.inferred_published)
