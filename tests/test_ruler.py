"""The place ruler's patterns, cached beside the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire import nlp, ruler
from crosswire.gazetteer import get


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(ruler, "data_dir", lambda: tmp_path)
    return tmp_path


def test_patterns_are_built_once_then_read_from_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    language = nlp.load()
    built = ruler.patterns(language, get())
    assert [p.name for p in cache_dir.iterdir()] == [ruler._cache_path(language, get()).name]
    assert any(tokens == ("Aleppo",) for tokens, *_ in built)

    def no_building(*_args: object) -> None:
        raise AssertionError("patterns were built again")

    monkeypatch.setattr(ruler, "ruler_names", no_building)
    assert ruler.patterns(language, get()) == built


def test_a_damaged_cache_is_built_again(cache_dir: Path) -> None:
    language = nlp.load()
    path = ruler._cache_path(language, get())
    path.write_text('[["half', encoding="utf-8")
    found = ruler.patterns(language, get())
    assert found and ruler.patterns(language, get()) == found


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(ruler, "data_dir", lambda: tmp_path / "missing" / "folder")
    assert ruler.patterns(nlp.load(), get())
    assert "cannot cache" in caplog.text
