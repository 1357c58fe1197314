from __future__ import annotations

import json
from pathlib import Path

from crosswire.errors import InputError
from crosswire.ingest.sources import Input, expand, format_of


def test_expand_names_folders_urls_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "d" / "deep").mkdir(parents=True)
    for name in ("d/b.txt", "d/deep/a.html", "d/notes.md", "d/.git/x.txt", "d/meta.jsonl"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "d" / "meta.jsonl").write_text(json.dumps({"file": "b.txt"}) + "\n")
    found = list(expand([str(tmp_path / "d"), "-", "https://example.org/a", "missing.txt"]))
    files = [f for f in found if isinstance(f, Input) and f.kind == "file"]
    assert [f.rel for f in files] == ["b.txt", "deep/a.html"]
    assert [f.kind for f in found if isinstance(f, Input)][2:] == ["stdin", "url"]
    assert isinstance(found[-1], InputError) and "no such file" in str(found[-1])


def test_format_of() -> None:
    assert format_of("A.TXT") == "txt" and format_of("x.warc.gz") == "warc"
    assert format_of("x.gz") is None and format_of("x.jsonl") == "jsonl"
