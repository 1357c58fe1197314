from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.errors import OptionsError
from crosswire.ingest.meta import load_sidecar


def sidecar(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "meta.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_lookup_by_path_name_and_url(tmp_path: Path) -> None:
    meta = load_sidecar(
        sidecar(
            tmp_path,
            json.dumps({"file": "sub/a.txt", "published": "2020-01-02", "publisher": "LWS"}),
            json.dumps({"url": "https://example.org/x", "title": "X"}),
        )
    )
    hit = meta.lookup(rel="sub/a.txt")
    assert hit is not None and (hit.published, hit.publisher) == ("2020-01-02", "LWS")
    assert meta.lookup(rel="elsewhere/a.txt") == hit  # falls back to the file name
    url_hit = meta.lookup(url="https://example.org/x")
    assert url_hit is not None and url_hit.title == "X"
    assert meta.lookup(rel="b.txt") is None and meta.lookup() is None


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{oops", "invalid JSON"),
        ("[1]", "not a JSON object"),
        ('{"published": "2020-01-02"}', "needs a 'file' or 'url'"),
        ('{"file": "a.txt", "published": "02/01/2020"}', "not a YYYY-MM-DD date"),
    ],
)
def test_bad_sidecar_lines_name_the_line(tmp_path: Path, line: str, problem: str) -> None:
    path = sidecar(tmp_path, json.dumps({"file": "ok.txt"}), line)
    with pytest.raises(OptionsError, match=f"line 2: .*{problem}"):
        load_sidecar(path)
