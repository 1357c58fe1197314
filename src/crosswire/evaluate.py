"""Measuring the record users read on the development sets (../shared/dev, its README).

`crosswire eval` runs the main job on each set in a new store (ingest, then analysis:
extraction, linking, reconciliation), exports the record, and checks for each gold row the
incident it is mainly about: the incident holding the main report of the row's article
(for gvc, whose rows are incidents with several articles, the incident most of them are
mainly about). The checks of each set are in devsets.py. It also measures how the articles
were grouped into incidents:

    gvc           B-cubed precision, recall and F1 against the gold incidents
    catalogues    (acled, gtd, airwars_gaza: one distinct incident per row)
                  `separate_b3p`, B-cubed precision against one incident per row, and
                  `apart`, the share of rows whose incident holds no other row
                  (1 - `merged`; a gate keeps a floor, so the measure rises with quality)

With `mentions=True` the same checks also score each row's first article's main mention
before linking and reconciliation (`mention.` names): a diagnostic of extraction, printed
and not gated.

`floors` and `check_floors` are the quality gate: scores may rise, and a floor is only
lowered on purpose (`crosswire eval --update-floors --allow-regression`).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from crosswire.devsets import (
    DEV_SETS,
    Check,
    DevSet,
    Record,
    Row,
    mention_record,
    read_jsonl,
)
from crosswire.ingest.clean import clean_text
from crosswire.models import Mention

SETS = tuple(DEV_SETS)
# The quality gate's floors, kept with the benchmarks (see tests/test_quality_gate.py).
FLOORS = Path(__file__).resolve().parents[2] / "benchmarks" / "floors.json"


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering of items (item -> cluster label)."""
    pred_groups: dict[str, set[str]] = {}
    gold_groups: dict[str, set[str]] = {}
    for item, label in predicted.items():
        pred_groups.setdefault(label, set()).add(item)
    for item, label in gold.items():
        gold_groups.setdefault(label, set()).add(item)
    p = r = 0.0
    for item in gold:
        mine, truth = pred_groups[predicted[item]], gold_groups[gold[item]]
        p += len(mine & truth) / len(mine)
        r += len(mine & truth) / len(truth)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main_incidents(export: dict[str, Any]) -> dict[str, Record]:
    """Article name (its id in the set) -> the incident holding its main report."""
    names = {a["id"]: a["name"] for a in export["articles"]}
    found: dict[str, Record] = {}
    for incident in export["incidents"]:
        for report in incident["reports"]:
            if report["role"] == "main":
                found.setdefault(names[report["article"]], incident)
    return found


def grouping(rows: list[Row], kind: DevSet, by_doc: dict[str, Record]) -> dict[str, float]:
    """How the set's articles were grouped into incidents (see the module docstring)."""
    label = {
        d: by_doc[d]["id"] if d in by_doc else f"alone:{d}" for r in rows for d in kind.docs(r)
    }
    if not label or kind.grouping is None:
        return {}
    if kind.grouping == "catalogue":
        sizes = Counter(label.values())
        apart = sum(sizes[label[d]] == 1 for d in label) / len(label)
        return {"separate_b3p": bcubed(label, {d: d for d in label})[0], "apart": apart}
    gold = {d: str(i) for i, r in enumerate(rows) for d in kind.docs(r)}
    precision, recall, f1 = bcubed(label, gold)
    return {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1}


def row_incident(row: Row, kind: DevSet, by_doc: dict[str, Record]) -> Record | None:
    """The incident a gold row is scored against: the one most of its articles are mainly
    about (the first article's on a tie), None when none of them has one."""
    found = [by_doc[d] for d in kind.docs(row) if d in by_doc]
    votes = Counter(r["id"] for r in found)
    return max(found, key=lambda r: votes[r["id"]], default=None)


def field_scores(
    rows: list[Row], checks: dict[str, Check], records: list[Record | None]
) -> dict[str, float]:
    """For each check, the share of the rows it applies to that it passes."""
    scores = {}
    for field, check in checks.items():
        results = [check(g, r) for g, r in zip(rows, records, strict=True)]
        applied = [bool(x) for x in results if x is not None]
        scores[field] = sum(applied) / len(applied) if applied else 0.0
    return scores


def gold_rows(dev: Path, name: str, limit: int | None = None) -> list[Row]:
    rows = read_jsonl(dev / name / "gold.jsonl")
    return rows[:limit] if limit else rows


def exported_record(dev: Path, name: str, ids: set[str], *, workers: int = 1) -> dict[str, Any]:
    """The JSON export of the main job run, in a new store, on the set's articles of `ids`."""
    from crosswire.analyze import analyze
    from crosswire.export import to_json
    from crosswire.ingest.batch import ingest
    from crosswire.options import make_options
    from crosswire.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / f"{name}.jsonl"
        with articles.open("w", encoding="utf-8") as out:
            for line in (dev / name / "articles.jsonl").open(encoding="utf-8"):
                if line.strip() and str(json.loads(line)["id"]) in ids:
                    out.write(line)
        with Store(f"{tmp}/{name}.db") as store:
            ingest([str(articles)], store, make_options(db=store.db, quiet=True))
            analyze(store, workers=workers)
            return to_json(store)


def score_export(name: str, rows: list[Row], export: dict[str, Any]) -> dict[str, float]:
    """Scores of one set's exported record: `set.field` -> share of the rows it applies to."""
    kind = DEV_SETS[name]
    by_doc = main_incidents(export)
    records = [row_incident(r, kind, by_doc) for r in rows]
    scores = field_scores(rows, kind.checks(), records) | grouping(rows, kind, by_doc)
    return {f"{name}.{k}": round(v, 3) for k, v in scores.items()}


def score_set(
    dev: Path, name: str, *, limit: int | None = None, mentions: bool = False, workers: int = 1
) -> dict[str, float]:
    """Scores of one set's exported record; with `mentions`, also of its main mentions
    (`mention.set.field`)."""
    kind = DEV_SETS[name]
    rows = gold_rows(dev, name, limit)
    ids = {d for r in rows for d in kind.docs(r)}
    scores = score_export(name, rows, exported_record(dev, name, ids, workers=workers))
    if mentions:
        scores |= {f"mention.{k}": v for k, v in mention_scores(dev, name, rows).items()}
    return scores


@dataclass(frozen=True, slots=True)
class Item:
    """One dev article, as extraction reads it."""

    id: str
    text: str
    published: str | None
    publisher: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Item:
        text = clean_text(row["text"])
        return cls(str(row["id"]), text, row.get("published"), row.get("publisher"))


def main_mentions(batch: list[Item]) -> Iterator[tuple[Item, Mention | None]]:
    """Each article's main mention (None when extraction finds no incident)."""
    from crosswire import nlp
    from crosswire.extract.mentions import extract_mentions

    for item, doc in zip(batch, nlp.parse_many(i.text for i in batch), strict=True):
        published = date.fromisoformat(item.published) if item.published else None
        found = extract_mentions(doc, item.id, published, item.publisher)
        yield item, next((m for m in found if m.role == "main"), None)


def mention_scores(dev: Path, name: str, rows: list[Row]) -> dict[str, float]:
    """The checks on each row's first article's main mention, before linking."""
    kind = DEV_SETS[name]
    texts = {str(a["id"]): a for a in read_jsonl(dev / name / "articles.jsonl")}
    firsts = [kind.docs(r)[0] for r in rows]
    found = dict(main_mentions([Item.of(texts[d]) for d in firsts if d in texts]))
    by_id = {item.id: mention_record(m) for item, m in found.items()}
    scores = field_scores(rows, kind.checks(), [by_id.get(d) for d in firsts])
    return {f"{name}.{k}": round(v, 3) for k, v in scores.items()}


def score_seeds(shared: Path) -> dict[str, float]:
    """The seed scorecard (shared/eval/score_seeds.py) of the main job on shared/seeds."""
    import importlib.util

    from crosswire.export import to_json
    from crosswire.options import make_options
    from crosswire.pipeline import run_job
    from crosswire.store import Store

    seeds = shared / "seeds"
    spec = importlib.util.spec_from_file_location("score_seeds", shared / "eval" / "score_seeds.py")
    if spec is None or spec.loader is None:
        return {}
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with tempfile.TemporaryDirectory() as tmp, Store(f"{tmp}/seeds.db") as store:
        options = make_options(db=store.db, meta=seeds / "meta.jsonl", quiet=True)
        run_job([str(seeds)], store, options, Path(tmp) / "out")
        export = to_json(store)
    gold = json.loads((shared / "gold" / "seeds.json").read_text())
    measures = scorer.score(export, gold)["measures"]
    return {f"seeds.{k}": round(float(v), 3) for k, v in measures.items()}


def evaluate(
    dev: Path,
    sets: tuple[str, ...] = SETS,
    *,
    limit: int | None = None,
    mentions: bool = False,
    workers: int = 1,
) -> dict[str, float]:
    """Scores of the dev sets and, where shared/seeds is beside them, of the seeds."""
    scores: dict[str, float] = {}
    for name in sets:
        scores |= score_set(dev, name, limit=limit, mentions=mentions, workers=workers)
    if (dev.parent / "seeds").is_dir() and (dev.parent / "eval").is_dir():
        scores |= score_seeds(dev.parent)
    return scores


def read_floors(path: Path) -> dict[str, float]:
    return json.loads(path.read_text()) if path.exists() else {}


def check_floors(scores: dict[str, float], floors: dict[str, float]) -> list[str]:
    """The measures that fell below their floor, as lines to print."""
    return [
        f"{name}: {scores.get(name, 0.0):.3f} < floor {floor:.3f}"
        for name, floor in sorted(floors.items())
        if scores.get(name, 0.0) < floor
    ]


def update_floors(
    scores: dict[str, float], floors: dict[str, float], *, allow_regression: bool
) -> dict[str, float]:
    """New floors at the current scores; lowering one needs `allow_regression`."""
    lowered = check_floors(scores, floors)
    if lowered and not allow_regression:
        from crosswire.errors import OptionsError

        raise OptionsError(
            "refusing to lower floors (" + "; ".join(lowered) + "): pass --allow-regression "
            "to lower them on purpose"
        )
    return {name: scores[name] for name in sorted(scores)}
