"""Throughput of the full pipeline next to the bare spaCy parse of the same texts, in one run.

    python benchmarks/throughput.py [--set gvc] [--limit 200] [--workers 1 2] [--repeat 3]

For each worker count, prints articles per second for
  (a) the bare parse: the model crosswire pins (en_core_web_sm, no crosswire components),
      `nlp.pipe` over the texts (with `n_process` for several workers);
  (b) extraction: crosswire's pipeline (line breaks, place ruler) and every extractor, as
      `analyze` runs it, without the store;
  (c) the full pipeline: ingest a JSONL of the same articles into a new store (cleaning,
      fingerprints, copies), then `analyze` (extraction, linking, reconciliation, writes),
with the ratios (b)/(a) and (c)/(a): the parse is the floor, everything crosswire adds
should cost little on top. Each measure runs `--repeat` times in turn and its best run is
kept (as timeit does), with the range printed below the table. Model loading is left out
of the timings (each measure warms up on a few texts first; with several workers the pool
starts before the clock). Nothing is asserted; OPENBLAS_NUM_THREADS=1 is set for every
process.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"
WARM = 8


def bare(texts: list[str], workers: int) -> float:
    """Seconds for nlp.pipe over `texts` with the pinned model alone."""
    import spacy

    from crosswire.nlp import MODEL

    model = spacy.load(MODEL)
    list(model.pipe(texts[:WARM]))
    started = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32, n_process=workers):
        pass
    return time.perf_counter() - started


def extraction(rows: list[dict[str, str | None]], workers: int) -> float:
    """Seconds for crosswire's parse and extractors over the cleaned texts."""
    from crosswire.ingest.clean import clean_text
    from crosswire.workers import Extraction, Task, extract_tasks

    tasks = [
        Task(str(r["id"]), clean_text(str(r["text"])), _day(r), r.get("publisher")) for r in rows
    ]
    extract_tasks(tasks[:WARM])
    with Extraction(workers=workers) as pool:
        if workers > 1:
            list(pool.run(tasks[: WARM * workers]))  # start the workers, load their models
        started = time.perf_counter()
        for _ in pool.run(tasks):
            pass
        return time.perf_counter() - started


def pipeline(rows: list[dict[str, str | None]], workers: int) -> float:
    """Seconds for ingest and analyze of the articles into a new store."""
    from crosswire import nlp
    from crosswire.analyze import analyze
    from crosswire.ingest.batch import ingest
    from crosswire.options import make_options
    from crosswire.store import Store

    nlp.load()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        with Store(str(Path(tmp) / "bench.db")) as store:
            started = time.perf_counter()
            ingest([str(feed)], store, make_options(db=store.db, quiet=True))
            analyze(store, workers=workers)
            return time.perf_counter() - started


def _day(row: dict[str, str | None]) -> str | None:
    value = row.get("published")
    return date.fromisoformat(str(value)[:10]).isoformat() if value else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="gvc")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; best kept")
    args = parser.parse_args()
    lines = (DEV / args.set / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()][: args.limit]
    texts = [str(r["text"]) for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{args.set}: {len(rows)} articles, {words / len(rows):.0f} words each on average")
    print(
        f"{'workers':>7} {'parse/s':>8} {'extract/s':>9} {'pipeline/s':>10} "
        f"{'extract':>8} {'pipeline':>8}"
    )
    spreads = []
    for workers in args.workers:
        # Each measure's best of `repeat` runs, taken in turn (as timeit does): what the
        # code costs, with less of what else the machine was doing.
        runs: dict[str, list[float]] = {"parse": [], "extract": [], "pipeline": []}
        for _ in range(args.repeat):
            runs["parse"].append(len(rows) / bare(texts, workers))
            runs["extract"].append(len(rows) / extraction(rows, workers))
            runs["pipeline"].append(len(rows) / pipeline(rows, workers))
        parse, extract, full = (max(runs[k]) for k in ("parse", "extract", "pipeline"))
        print(
            f"{workers:>7} {parse:>8.1f} {extract:>9.1f} {full:>10.1f} "
            f"{extract / parse:>8.2f} {full / parse:>8.2f}",
            flush=True,
        )
        spreads.append(
            f"  {workers} worker(s): "
            + "; ".join(f"{k} {min(v):.1f}-{max(v):.1f}" for k, v in runs.items())
        )
    print(f"articles per second, best of {args.repeat} runs each, taken in turn; the last two")
    print("columns are ratios to the bare parse. Range over the runs:")
    print("\n".join(spreads))


if __name__ == "__main__":
    main()
