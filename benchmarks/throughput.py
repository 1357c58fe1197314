"""Extraction throughput on a dev set, next to the bare spaCy parse of the same texts.

    OPENBLAS_NUM_THREADS=1 python benchmarks/throughput.py [--set gvc] [--processes 1 2]

For each process count, prints articles per second for (a) the bare parse with the model
crosswire pins (en_core_web_sm, no crosswire components) and (b) the full extraction:
crosswire's pipeline (line breaks, place ruler) and every extractor, as `analyze` runs it.
Several processes split the articles into equal chunks. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"


def bare(texts: list[str]) -> int:
    import spacy

    from crosswire.nlp import MODEL

    model = spacy.load(MODEL)
    return sum(1 for _ in model.pipe(texts, batch_size=32))


def full(rows: list[dict[str, str | None]]) -> int:
    from crosswire import nlp
    from crosswire.extract.mentions import extract_mentions
    from crosswire.ingest.clean import clean_text

    texts = [clean_text(str(r["text"])) for r in rows]
    found = 0
    for row, doc in zip(rows, nlp.parse_many(texts), strict=True):
        published = date.fromisoformat(str(row["published"])) if row.get("published") else None
        found += len(extract_mentions(doc, str(row["id"]), published, row.get("publisher")))
    return found


def timed(func: object, chunks: list[list], processes: int) -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=processes) as pool:
        list(pool.map(func, chunks))  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="gvc")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    rows = [json.loads(line) for line in (DEV / args.set / "articles.jsonl").open()]
    words = sum(len(str(r["text"]).split()) for r in rows)
    print(f"{args.set}: {len(rows)} articles, {words / len(rows):.0f} words each on average")
    for processes in args.processes:
        size = -(-len(rows) // processes)
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        texts = [[str(r["text"]) for r in chunk] for chunk in chunks]
        parse = timed(bare, texts, processes)
        extract = timed(full, chunks, processes)
        print(
            f"  {processes} process(es): bare parse {len(rows) / parse:6.1f} articles/s, "
            f"full extraction {len(rows) / extract:6.1f} articles/s "
            f"(model loading included: {parse:.1f} s and {extract:.1f} s)"
        )


if __name__ == "__main__":
    main()
