"""Peak memory (RSS) of ingest and analyze over a large JSONL, for several corpus sizes.

    python benchmarks/memory.py [--sizes 10000,50000] [--workers 1]

SYNTHETIC VOLUME: the dev sets (../shared/dev: gvc, acled, fakes; about 2,300 articles)
repeated until each size is reached. Copy k of an article gets its own id, a first line
"Dispatch k-i." (so that it is a new article to the store, although dedupe marks it a
near copy of the original) and its publication date moved by k * 364 days (the same
weekday, so relative dates in the text resolve alike), so that the copies spread over the
years instead of piling into the same linking blocks. Extraction runs on every copy.

Each size runs in a fresh child process: `ingest` of the JSONL into a new SQLite store, then
`analyze` (what `crosswire run` does before writing the report). Prints the mentions linked
(and how many are undated), the child's peak RSS after ingest and at the end (with
`--workers`, the largest worker's is added), the seconds taken and articles per second.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"
SETS = ("gvc", "acled", "fakes")


def originals() -> list[dict[str, object]]:
    rows = []
    for name in SETS:
        path = DEV / name / "articles.jsonl"
        if path.is_file():
            rows += [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if not rows:
        sys.exit(f"no dev sets in {DEV}")
    return rows


def volume(rows: list[dict[str, object]], size: int) -> Iterator[dict[str, object]]:
    """`size` articles: the originals, then copies with varied ids, first lines and dates."""
    for i in range(size):
        k, row = divmod(i, len(rows))
        row = rows[row]
        if k == 0:
            yield row
            continue
        published = row.get("published")
        if isinstance(published, str) and published[:10]:
            moved = date.fromisoformat(published[:10]) + timedelta(days=364 * k)
            published = moved.isoformat()
        text = f"Dispatch {k}-{i}.\n{row['text']}"
        yield row | {"id": f"{row.get('id', i)}~{k}", "text": text, "published": published}


def child(feed: str, db: str, workers: int) -> None:
    """Ingest and analyse `feed` into `db`; print seconds and peak RSS as JSON."""
    from crosswire.analyze import analyze
    from crosswire.ingest.batch import ingest
    from crosswire.options import make_options
    from crosswire.store import Store

    started = time.perf_counter()
    with Store(db) as store:
        ingest([feed], store, make_options(db=db, quiet=True))
        after_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        analyze(store, workers=workers)
        seconds = time.perf_counter() - started
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # Counted after the clock and the peaks: streamed, but not part of the work.
        mentions = sum(1 for _ in store.linking_mentions(dated=True))
        undated = sum(1 for _ in store.linking_mentions(dated=False))
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_kb": own,
                "ingest_rss_kb": after_ingest,
                "worker_rss_kb": workers_peak,
                "mentions": mentions + undated,
                "undated": undated,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("FEED", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.workers)
        return
    rows = originals()
    print(f"synthetic volume from {len(rows)} dev-set articles; workers: {args.workers}")
    print(
        f"{'articles':>8} {'mentions':>8} {'undated':>7} {'ingest MB':>9} {'peak RSS MB':>11} "
        f"{'+worker MB':>10} {'seconds':>8} {'art/s':>6}"
    )
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            feed, db = Path(tmp) / "volume.jsonl", Path(tmp) / "memory.db"
            with feed.open("w", encoding="utf-8") as out:
                for row in volume(rows, size):
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            command = [sys.executable, __file__, "--workers", str(args.workers)]
            done = subprocess.run(
                [*command, "--child", str(feed), str(db)],
                env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            found = json.loads(done.stdout.strip().splitlines()[-1])
        rss, extra = found["rss_kb"] / 1024, found["worker_rss_kb"] / 1024
        print(
            f"{size:>8} {found['mentions']:>8} {found['undated']:>7} "
            f"{found['ingest_rss_kb'] / 1024:>9.0f} {rss:>11.0f} {extra:>10.0f} "
            f"{found['seconds']:>8.0f} {size / found['seconds']:>6.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
