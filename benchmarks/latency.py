"""Incremental latency: the time for one new article to be ingested, extracted and linked
into a store that already holds N articles.

    python benchmarks/latency.py [--sizes 1000,10000,100000] [--keep DIR]

The store of N articles is built without extraction (it would take hours at 100k): each
synthetic article is a unique invented text (random tokens, so it shares no passage with
anything) stored with its fingerprints, and one or two synthetic mentions are written for it
directly, as if extracted: a news flow over 2014-2020 and 40 countries (Syria, Iraq and
Libya among them), each incident reported by one to five articles, 15% of the mentions of
month precision, and a background mention in 30% of the articles. The store is then linked
once in full (the setup time is printed, not measured as latency).

Then, with the spaCy model already loaded (a long-running process, not a cold start), three
real articles from examples/corpus (Aleppo 2016, Mosul 2017, Tajoura 2019: their weeks hold
synthetic mentions of their country) are added one at a time: `ingest` of a one-line JSONL,
then `analyze`, each timed. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from link_scale import TYPES

from crosswire.models import Article, Estimate, Interval, Location, Mention

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NEW = (
    ("001_aleppo-convoy-struck.txt", "2016-09-20", "Levant Wire Service"),
    ("004_mosul-jadida-rescuers.txt", "2017-03-24", "Levant Wire Service"),
    ("009_tajoura-centre-hit.txt", "2019-07-03", "Sahel and Maghreb Daily"),
)
START, DAYS = date(2014, 1, 1), 7 * 365
# Country codes with a rough centre; SY, IQ and LY are the new articles' countries.
CENTRES = {"SY": (35.0, 38.0), "IQ": (33.0, 44.0), "LY": (31.0, 15.0)} | {
    f"X{i:02d}": (-30.0 + 2 * i, -60.0 + 3 * i) for i in range(37)
}
BATCH = 2000


def synthetic_mentions(n_articles: int, rng: random.Random) -> list[list[Mention]]:
    """The mentions of each of `n_articles` synthetic articles (see the module docstring)."""
    found: list[list[Mention]] = []
    countries = list(CENTRES)
    while len(found) < n_articles:
        country = rng.choice(countries)
        lat, lon = (c + rng.uniform(-1.5, 1.5) for c in CENTRES[country])
        day = START + timedelta(days=rng.randrange(DAYS))
        kind, dead = rng.choice(TYPES), rng.randrange(1, 60)
        for _ in range(rng.randint(1, 5)):
            article = f"{len(found):016x}"
            mentions = [_mention(article, 0, country, lat, lon, day, kind, dead, rng)]
            if rng.random() < 0.3:
                past = day - timedelta(days=rng.randrange(30, 400))
                mentions.append(_mention(article, 1, country, lat, lon, past, kind, 0, rng))
            found.append(mentions)
    return found[:n_articles]


def _mention(
    article: str,
    index: int,
    country: str,
    lat: float,
    lon: float,
    day: date,
    kind: str,
    dead: int,
    rng: random.Random,
) -> Mention:
    if index or rng.random() < 0.15:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        when = Interval(first.isoformat(), last.isoformat(), "month")
    else:
        when = Interval(day.isoformat(), day.isoformat(), "day")
    jitter = rng.uniform(-0.05, 0.05)
    name = f"town {lat:.2f} {lon:.2f}"  # one name per incident's place: names matter to linking
    place = Location(name, country, None, None, lat + jitter, lon + jitter, "point")
    toll = max(0, dead + rng.randint(-2, 2))
    return Mention(
        article=article,
        index=index,
        role="background" if index else "main",
        event_type=kind,
        date=when,
        location=place,
        fatalities=Estimate(toll, toll, toll),
    )


def build_store(db: str, n: int) -> float:
    """A store of `n` synthetic articles with their mentions, linked; the seconds taken."""
    from crosswire.analyze import ANALYSIS_VERSION, LINKING, analyze
    from crosswire.ingest.dedupe import exact_key, fingerprints
    from crosswire.store import Store

    started = time.perf_counter()
    rng = random.Random(n)
    all_mentions = synthetic_mentions(n, rng)
    with Store(db) as store:
        for first in range(0, n, BATCH):
            with store.transaction() as tx:
                for mentions in all_mentions[first : first + BATCH]:
                    article_id = mentions[0].article
                    text = " ".join(f"w{rng.randrange(10**9)}" for _ in range(60))
                    article = Article(
                        id=article_id, source="synthetic", name=f"synthetic-{article_id}",
                        fmt="txt", text=text, raw_text=text,
                        publisher=f"Outlet {rng.randrange(50)}",
                        published=mentions[0].date.end if mentions[0].date else None,
                        published_source="metadata",
                    )  # fmt: skip
                    tx.add_article(article, fingerprints(text), exact_key(text))
                    tx.replace_mentions(article_id, mentions)
                tx.mark_analyzed([m[0].article for m in all_mentions[first : first + BATCH]],
                                 ANALYSIS_VERSION)  # fmt: skip
                tx.set_setting(LINKING, "partial")  # as extraction in pages leaves it
        analyze(store)  # nothing new to extract: links everything
    return time.perf_counter() - started


def add_one(db: str, name: str, published: str, publisher: str, tmp: Path) -> tuple[float, float]:
    """Seconds to ingest one example article into the store, and to analyse it."""
    from crosswire.analyze import analyze
    from crosswire.ingest.batch import ingest
    from crosswire.options import make_options
    from crosswire.store import Store

    feed = tmp / "new.jsonl"
    text = (EXAMPLES / "corpus" / name).read_text(encoding="utf-8")
    record = {"id": name, "text": text, "published": published, "publisher": publisher}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store(db) as store:
        started = time.perf_counter()
        ingest([str(feed)], store, make_options(db=db, quiet=True))
        ingested = time.perf_counter()
        analyze(store)
        return ingested - started, time.perf_counter() - ingested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    args = parser.parse_args()
    from crosswire import nlp

    nlp.load()
    print(
        f"{'stored':>7} {'setup s':>8} {'article':<32} {'ingest ms':>9} {'analyze ms':>10} "
        f"{'total ms':>8}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",")):
            db = str(folder / f"latency-{n}.db")
            Path(db).unlink(missing_ok=True)
            setup = build_store(db, n)
            for name, published, publisher in NEW:
                ingest_s, analyze_s = add_one(db, name, published, publisher, Path(scratch))
                print(
                    f"{n:>7} {setup:>8.1f} {name[:32]:<32} {1000 * ingest_s:>9.0f} "
                    f"{1000 * analyze_s:>10.0f} {1000 * (ingest_s + analyze_s):>8.0f}"
                )


if __name__ == "__main__":
    main()
