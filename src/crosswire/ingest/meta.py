"""Sidecar metadata (`--meta FILE.jsonl`): per-file or per-URL fields that override what the
documents say about themselves.

Each line is a JSON object with `file` (a path relative to the folder given on the command
line) or `url`, and any of `published` (YYYY-MM-DD), `publisher`, `title`, `url`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from crosswire.errors import OptionsError
from crosswire.ingest.readers import iso_date

FIELDS = ("published", "publisher", "title", "url")


@dataclass(frozen=True, slots=True)
class Meta:
    published: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sidecar:
    """Metadata keyed by relative file path, by file name and by URL."""

    by_path: dict[str, Meta]
    by_name: dict[str, Meta]
    by_url: dict[str, Meta]

    def lookup(self, *, rel: str | None = None, url: str | None = None) -> Meta | None:
        if url and url in self.by_url:
            return self.by_url[url]
        if rel is None:
            return None
        rel = PurePosixPath(rel).as_posix()
        return self.by_path.get(rel) or self.by_name.get(PurePosixPath(rel).name)


EMPTY = Sidecar({}, {}, {})


def load_sidecar(path: Path | None) -> Sidecar:
    """Read a sidecar file; a malformed line is an OptionsError naming the line."""
    if path is None:
        return EMPTY
    by_path: dict[str, Meta] = {}
    by_url: dict[str, Meta] = {}
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise OptionsError(f"--meta {path}: unreadable ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if line.strip():
            key, meta = _parse_line(line, f"--meta {path}: line {number}")
            if key.startswith(("http://", "https://")):
                by_url[key] = meta
            else:
                by_path[PurePosixPath(key.replace("\\", "/")).as_posix()] = meta
    by_name = {PurePosixPath(k).name: m for k, m in by_path.items()}
    return Sidecar(by_path=by_path, by_name=by_name, by_url=by_url)


def _parse_line(line: str, where: str) -> tuple[str, Meta]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise OptionsError(f"{where}: invalid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise OptionsError(f"{where}: not a JSON object")
    key = record.get("file") or record.get("url")
    if not isinstance(key, str) or not key:
        raise OptionsError(f"{where}: needs a 'file' or 'url' field")
    published = record.get("published")
    if published is not None and iso_date(published) is None:
        raise OptionsError(f"{where}: published {published!r} is not a YYYY-MM-DD date")
    values = {f: str(record[f]).strip() or None for f in FIELDS if record.get(f) is not None}
    values["published"] = iso_date(published)
    return key, Meta(**values)
