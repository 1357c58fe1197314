"""The CLI end to end: the exact forms other tools drive, on the seeds, dev data and examples."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crosswire.cli import cli
from crosswire.pipeline import OUTPUTS
from tests.helpers import EXAMPLES, SEEDS, SHARED, WIRE, needs_shared

CONTRACT_ARTICLE_KEYS = {
    "id",
    "source",
    "name",
    "title",
    "publisher",
    "published",
    "published_source",
    "duplicate_of",
    "shares_origin_with",
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export_json(db: Path, tmp_path: Path) -> dict:
    out = tmp_path / "export.json"
    assert invoke("export", "--db", str(db), "--format", "json", "-o", str(out)).exit_code == 0
    return json.loads(out.read_text())


def test_seeds_run_and_export(tmp_path: Path) -> None:
    needs_shared()
    db, out = tmp_path / "seeds.db", tmp_path / "out"
    args = [
        "run",
        str(SEEDS),
        "--meta",
        str(SEEDS / "meta.jsonl"),
        "--db",
        str(db),
        "--out",
        str(out),
        "--quiet",
    ]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(["report.html", *OUTPUTS])
    assert json.loads((out / "export.json").read_text()) == export_json(db, tmp_path)
    doc = export_json(db, tmp_path)
    assert doc["format"] == "crosswire.incidents/1" and isinstance(doc["incidents"], list)
    arts = {a["name"]: a for a in doc["articles"]}
    gold = {
        json.loads(line)["file"][:-4]: json.loads(line)["published"]
        for line in (SEEDS / "meta.jsonl").read_text().splitlines()
    }
    assert set(arts) == set(gold)
    for name, published in gold.items():
        assert set(arts[name]) >= CONTRACT_ARTICLE_KEYS
        assert (arts[name]["published"], arts[name]["published_source"]) == (published, "metadata")
    a1, a3 = arts["001_5bbc3af0b4ffd176"], arts["003_60e9a0b317352196"]
    assert a1["shares_origin_with"] == [a3["id"]] and a3["shares_origin_with"] == [a1["id"]]
    others = [a for n, a in arts.items() if a not in (a1, a3)]
    assert all(a["shares_origin_with"] == [] and a["duplicate_of"] is None for a in others)
    again = invoke(*args)
    assert again.exit_code == 0
    assert export_json(db, tmp_path) == doc


def test_seeds_without_meta_take_dates_from_text(tmp_path: Path) -> None:
    needs_shared()
    db = tmp_path / "s.db"
    result = invoke("run", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "o"), "--quiet")
    assert result.exit_code == 0, result.output
    arts = {a["name"]: a for a in export_json(db, tmp_path)["articles"]}
    assert len(arts) == 5
    dated = {n: a["published"] for n, a in arts.items() if a["published"]}
    assert arts["003_60e9a0b317352196"]["published_source"] == "text"
    assert all(arts[n]["published_source"] in ("text", "inferred") for n in dated)
    # Whatever was read or inferred is the date the crawler recorded.
    crawled = {
        Path(m["file"]).stem: m["published"]
        for m in map(json.loads, (SEEDS / "meta.jsonl").read_text().splitlines())
    }
    assert dated and all(crawled[n] == day for n, day in dated.items())


@pytest.mark.slow
def test_run_accepts_a_dev_jsonl(tmp_path: Path) -> None:
    feed = SHARED / "dev" / "gvc" / "articles.jsonl"
    if not feed.is_file():
        pytest.skip("../shared/dev is not here")
    db = tmp_path / "gvc.db"
    result = invoke("run", str(feed), "--db", str(db), "--out", str(tmp_path / "o"), "--quiet")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in feed.read_text().splitlines() if line.strip()]
    arts = export_json(db, tmp_path)["articles"]
    assert len(arts) == len({(r["text"].strip(), r.get("url")) for r in lines})
    with_date = sum(1 for r in lines if r.get("published"))
    assert sum(1 for a in arts if a["published_source"] == "metadata") == with_date


def test_examples_run_like_the_readme(tmp_path: Path) -> None:
    """`make run` runs this command on the bundled examples."""
    db, out = tmp_path / "ex.db", tmp_path / "out"
    result = invoke(
        "run",
        str(EXAMPLES / "corpus"),
        "--meta",
        str(EXAMPLES / "meta.jsonl"),
        "--db",
        str(db),
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "articles in the store" in result.output and "report:" in result.output
    assert (out / "report.html").read_text().count('<tr id="article-') >= 10
    exported = export_json(db, tmp_path)
    arts = exported["articles"]
    assert len(arts) >= 10
    assert any(a["shares_origin_with"] for a in arts)
    assert any(a["published_source"] == "text" for a in arts)
    # Each strike is one incident with every report about it: the Mosul strike of 17 March
    # with its follow-ups (the army's statement of the 26th dates it only "this month", the
    # monitor's page and the inquiry of May), the Aleppo convoy with the UN's halt.
    names = {a["id"]: a["name"] for a in arts}
    by_name = {
        names[r["article"]]: i
        for i in exported["incidents"]
        for r in i["reports"]
        if r["role"] == "main"
    }
    mosul = by_name["004_mosul-jadida-rescuers"]
    assert mosul["date"]["start"] == "2017-03-17"
    for name in ("005_coalition", "006_iraqi-army", "007_monitor", "lws-2017-05-25"):
        [found] = [n for n in by_name if n.startswith(name)]
        assert by_name[found]["id"] == mosul["id"], found
    aleppo = by_name["001_aleppo-convoy-struck"]
    assert aleppo["date"]["start"] == "2016-09-19"
    assert by_name["002_un-suspends-syria-convoys"]["id"] == aleppo["id"]
    assert by_name["003_army-rejects-convoy-claims"]["id"] == aleppo["id"]


def test_exports_and_report_commands(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    (tmp_path / "a.txt").write_text(WIRE)
    assert invoke("ingest", str(tmp_path / "a.txt"), "--db", str(db), "-q").exit_code == 0
    assert invoke("analyze", "--db", str(db)).exit_code == 0
    rows = list(
        csv.DictReader(io.StringIO(invoke("export", "--db", str(db), "--format", "csv").output))
    )
    [row] = rows  # the shelling in the invented report; no date, as it has no publication date
    assert row["event_type"] == "Shelling/artillery/missile attack"
    assert (row["fatalities_low"], row["injuries_best"], row["date_start"]) == ("7", "20", "")
    geo = json.loads(invoke("export", "--db", str(db), "--format", "geojson").output)
    [feature] = geo["features"]  # "Northville" is a real town name: the gazetteer places it
    assert feature["properties"]["location"] == "Northville"
    assert len(feature["geometry"]["coordinates"]) == 2
    html = tmp_path / "r.html"
    result = invoke("report", "--db", str(db), "--html", str(html))
    assert result.exit_code == 0 and "1 articles in the store" in result.output
    assert "Northville" in html.read_text()
    listed = invoke("articles", "--db", str(db), "--json").output.splitlines()
    assert [json.loads(line)["name"] for line in listed] == ["a"]


def test_bad_inputs_exit_1_with_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WIRE)
    (tmp_path / "bad.jsonl").write_text("{broken\n")
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(tmp_path / "a.txt"),
            str(tmp_path / "bad.jsonl"),
            str(tmp_path / "nope.txt"),
            "--db",
            str(tmp_path / "x.db"),
        ],
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("crosswire:")]
    assert len(lines) == 2
    assert "bad.jsonl: line 1: invalid JSON" in lines[0] and "nope.txt: no such file" in lines[1]
    assert "1 added" in result.output


def test_errors_are_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "no" / "x.db")])
    assert result.exit_code == 1 and "no store there" in result.output
    assert "Traceback" not in result.output
    bad_meta = tmp_path / "m.jsonl"
    bad_meta.write_text('{"file": "a.txt", "published": "yesterday"}\n')
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path), "--meta", str(bad_meta), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1 and "line 1: published 'yesterday'" in result.output


def test_installed_entry_point(tmp_path: Path) -> None:
    exe = shutil.which("crosswire", path=str(Path(sys.executable).parent))
    assert exe, "the crosswire script is not installed next to this Python"
    proc = subprocess.run(
        [exe, "ingest", "-", "--db", str(tmp_path / "x.db"), "--quiet"],
        input=WIRE,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [exe, "articles", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "stdin" in proc.stdout


@pytest.mark.slow
def test_gazetteer_import_adds_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire import gazetteer

    monkeypatch.setenv("CROSSWIRE_DATA", str(tmp_path / "data"))
    gazetteer.get.cache_clear()
    try:
        sample = Path(__file__).parent / "fixtures" / "geonames_sample.txt"
        result = invoke("gazetteer", "import", str(sample))
        assert result.exit_code == 0 and "10 places imported" in result.output
        assert (tmp_path / "data" / "imported" / "geonames_sample.sqlite").is_file()
        found = gazetteer.get().lookup("Tell Zarzour")
        assert [(p.name, p.country) for p in found][:1] == [("Tall Zarzur", "SY")]
        bad = tmp_path / "bad.txt"
        bad.write_text("1\tonly three\tcolumns\n")
        result = CliRunner().invoke(cli, ["gazetteer", "import", str(bad)])
        assert result.exit_code == 1 and "line 1" in result.output
    finally:
        gazetteer.get.cache_clear()
