"""Bounded memory: JSONL and WARC files stream a line or a record at a time, and analysis
reads, extracts and writes the store a page at a time."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.analyze import LINKING, analyze
from crosswire.errors import InputError
from crosswire.export import export
from crosswire.ingest.batch import ingest
from crosswire.ingest.readers import read_stream
from crosswire.models import Document
from crosswire.options import make_options
from crosswire.store import Store
from tests.helpers import EXAMPLES, OTHER, WIRE


def feed(path: Path, count: int) -> Path:
    """`count` invented reports, one a line, each text different."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = f"Report {i}. " + WIRE.replace("seven", str(7 + i % 50))
            out.write(json.dumps({"id": f"r{i}", "text": text, "published": "2021-03-09"}) + "\n")
    return path


def test_a_jsonl_file_over_the_size_limit_streams(tmp_path: Path, store: Store) -> None:
    path = feed(tmp_path / "big.jsonl", 30)
    limit = 1_000  # the file is ten times larger; each line is smaller
    assert path.stat().st_size > 10 * limit
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "huge", "text": "word " * 1000}) + "\n")
        out.write(json.dumps({"id": "last", "text": OTHER}) + "\n")
    result = ingest([str(path)], store, make_options(db=store.db, max_bytes=limit, quiet=True))
    assert len(result.added) == 31 and store.count_articles() == 31
    [error] = result.failed
    assert "line 31" in str(error) and "size limit" in str(error)


def test_reading_a_jsonl_stream_holds_one_line_at_a_time(tmp_path: Path) -> None:
    path = feed(tmp_path / "many.jsonl", 3_000)
    size = path.stat().st_size
    tracemalloc.start()
    with path.open("rb") as stream:
        found = sum(
            isinstance(d, Document)
            for d in read_stream(stream, "jsonl", source="x", name="x", max_bytes=10_000)
        )
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found == 3_000
    assert peak < size / 20, f"peak {peak:,} bytes while reading {size:,}"


def test_a_bad_first_line_and_binary_data(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"not json\n" + json.dumps({"text": OTHER}).encode() + b"\n")
    with path.open("rb") as stream:
        found = list(read_stream(stream, "jsonl", source="x", name="x", max_bytes=10_000))
    assert isinstance(found[0], InputError) and "line 1" in str(found[0])
    assert isinstance(found[1], Document) and found[1].name == "x:2"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with path.open("rb") as stream, pytest.raises(InputError, match="binary"):
        list(read_stream(stream, "jsonl", source="x", name="x", max_bytes=10_000))


def warc(path: Path, bodies: list[bytes]) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, body in enumerate(bodies):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{i}.txt", "response", payload=io.BytesIO(body),
                http_headers=headers,
            )  # fmt: skip
            writer.write_record(record)
    return path


def test_a_warc_file_over_the_size_limit_streams(tmp_path: Path, store: Store) -> None:
    bodies = [f"Report {i}.\n\n{OTHER}".encode() for i in range(40)]
    bodies.insert(5, b"word " * 2_000)
    path = warc(tmp_path / "crawl.warc.gz", bodies)
    limit = 1_000
    assert path.stat().st_size > 3 * limit
    result = ingest([str(path)], store, make_options(db=store.db, max_bytes=limit, quiet=True))
    assert len(result.added) == 40
    [error] = result.failed
    assert "https://example.org/5.txt" in str(error) and "size limit" in str(error)


def analysed(tmp_path: Path, name: str, page: int) -> tuple[str, list[int]]:
    """The export after analysing the example corpus `page` articles at a time, and the
    sizes of the pages of articles read from the store."""
    with Store(str(tmp_path / f"{name}.db")) as store:
        options = make_options(db=store.db, meta=EXAMPLES / "meta.jsonl", quiet=True)
        ingest([str(EXAMPLES / "corpus")], store, options)
        pages: list[int] = []
        articles = store.articles

        def paged(**kwargs: object):  # type: ignore[no-untyped-def]
            batch = list(articles(**kwargs))  # type: ignore[arg-type]
            if "analyzed_below" in kwargs:
                pages.append(len(batch))
            return iter(batch)

        store.articles = paged  # type: ignore[method-assign]
        analyze(store, page=page)
        assert store.setting(LINKING) is None
        return export(store, "json"), pages


@pytest.mark.slow
def test_analysis_in_pages_gives_what_one_page_gives(tmp_path: Path) -> None:
    whole, pages = analysed(tmp_path, "whole", page=256)
    assert pages[0] == 12 and sum(pages) == 12
    paged, pages = analysed(tmp_path, "paged", page=5)
    assert pages == [5, 5, 2, 0]
    assert paged == whole
