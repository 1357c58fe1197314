"""Measure crosswire.extract.types (ACLED event types) on the dev sets, and print the figures.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/eval_types.py [--cache DIR] [--show N]

- acled: `classify` over all sentences of each note against the gold `sub_event_type` and
  `event_type`; accuracy for both, per-type recall and precision, and the top confusions.
- fakes: `classify` over each article against the gold `cause_of_death`, through the
  consistency map CAUSE_TO_TYPES below; articles whose cause is "unknown" are left out.
- gvc (every incident is a shooting): the share of articles classified Attack or Armed clash.

`--cache DIR` keeps the parsed documents in DIR/<set>.spacy (spaCy DocBin) so that re-runs
skip parsing; `--show N` prints N misses per set to read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, DocBin

from crosswire import nlp
from crosswire.devsets import CAUSE_TO_TYPES
from crosswire.extract.types import EventType, classify

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"


def _read(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _docs(name: str, texts: list[str], cache: Path | None) -> Iterator[Doc]:
    """The parsed texts of one set, from the cache when it is there."""
    pipeline = nlp.load()
    file = cache / f"{name}.spacy" if cache else None
    if file and file.exists():
        yield from DocBin().from_disk(file).get_docs(pipeline.vocab)
        return
    docs = list(nlp.parse_many(texts, batch_size=16))
    if file:
        file.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(file)
    yield from docs


def _label(found: EventType | None) -> str:
    return found.sub_event_type if found else "(none)"


def _show(doc: Doc, found: EventType | None, gold: str) -> None:
    trig = doc.text[found.trigger[0] : found.trigger[1]] if found else "-"
    print(f"  gold {gold!r} got {_label(found)!r} on {trig!r}: {doc.text[:220]!r}")


def eval_acled(cache: Path | None, show: int) -> None:
    gold = {g["id"]: g for g in _read(DEV / "acled" / "gold.jsonl")}
    arts = _read(DEV / "acled" / "articles.jsonl")
    texts = [str(a["text"]) for a in arts]
    sub_ok = type_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    got_count: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    misses = []
    for art, doc in zip(arts, _docs("acled", texts, cache), strict=True):
        g = gold[art["id"]]
        found = classify(list(doc.sents))
        got_count[_label(found)] += 1
        gold_count[str(g["sub_event_type"])] += 1
        sub_ok += found is not None and found.sub_event_type == g["sub_event_type"]
        type_ok += found is not None and found.event_type == g["event_type"]
        if found is None or found.sub_event_type != g["sub_event_type"]:
            confusion[(str(g["sub_event_type"]), _label(found))] += 1
            misses.append((doc, found, str(g["sub_event_type"])))
    n = len(arts)
    print(f"acled: {n} notes")
    print(f"  sub_event_type accuracy {sub_ok / n:.3f} (target 0.75)")
    print(f"  event_type accuracy     {type_ok / n:.3f}")
    print("  per type: gold, recall, precision")
    for sub, count in gold_count.most_common():
        hit = count - sum(c for (g_, _), c in confusion.items() if g_ == sub)
        prec = hit / got_count[sub] if got_count[sub] else 0.0
        print(f"    {sub:40s} {count:4d}  {hit / count:.2f}  {prec:.2f}")
    print("  top confusions (gold -> got):")
    for (g_, got), c in confusion.most_common(12):
        print(f"    {c:4d}  {g_} -> {got}")
    for doc, found, g_ in misses[:show]:
        _show(doc, found, g_)


def eval_fakes(cache: Path | None, show: int) -> None:
    gold = {g["id"]: g for g in _read(DEV / "fakes" / "gold.jsonl")}
    arts = _read(DEV / "fakes" / "articles.jsonl")
    texts = [str(a["text"]) for a in arts]
    ok = n = 0
    per_cause: Counter[tuple[str, bool]] = Counter()
    got_by_cause: Counter[tuple[str, str]] = Counter()
    misses = []
    for art, doc in zip(arts, _docs("fakes", texts, cache), strict=True):
        cause = str(gold[art["id"]]["cause_of_death"])
        if cause not in CAUSE_TO_TYPES:
            continue
        found = classify(list(doc.sents))
        hit = found is not None and found.sub_event_type in CAUSE_TO_TYPES[cause]
        ok += hit
        n += 1
        per_cause[(cause, hit)] += 1
        got_by_cause[(cause, _label(found))] += 1
        if not hit:
            misses.append((doc, found, cause))
    print(f"fakes: {n} articles with a known cause of death")
    print(f"  event type consistent with the annotated cause {ok / n:.3f} (target 0.65)")
    for cause in CAUSE_TO_TYPES:
        good, bad = per_cause[(cause, True)], per_cause[(cause, False)]
        if good + bad:
            print(f"    {cause:26s} {good:3d}/{good + bad:3d}")
    print("  most frequent (cause -> got):")
    for (cause, got), c in got_by_cause.most_common(12):
        print(f"    {c:4d}  {cause} -> {got}")
    for doc, found, cause in misses[:show]:
        _show(doc, found, cause)


def eval_gvc(cache: Path | None, show: int) -> None:
    arts = _read(DEV / "gvc" / "articles.jsonl")
    texts = [str(a["text"]) for a in arts]
    got: Counter[str] = Counter()
    misses = []
    for doc in _docs("gvc", texts, cache):
        found = classify(list(doc.sents))
        got[_label(found)] += 1
        if _label(found) not in ("Attack", "Armed clash"):
            misses.append((doc, found, "Attack"))
    n = len(arts)
    share = (got["Attack"] + got["Armed clash"]) / n
    print(f"gvc: {n} articles about shootings")
    print(f"  classified Attack or Armed clash {share:.3f}")
    for label, c in got.most_common(8):
        print(f"    {c:4d}  {label}")
    for doc, found, g_ in misses[:show]:
        _show(doc, found, g_)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder for parsed documents (DocBin)")
    parser.add_argument("--show", type=int, default=0, help="misses to print per set")
    parser.add_argument("sets", nargs="*", default=["acled", "fakes", "gvc"])
    args = parser.parse_args()
    if not DEV.exists():
        print(f"no dev data at {DEV}")
        return
    runs = {"acled": eval_acled, "fakes": eval_fakes, "gvc": eval_gvc}
    for name in args.sets:
        runs[name](args.cache, args.show)


if __name__ == "__main__":
    main()
