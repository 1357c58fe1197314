"""How linking time grows with the number of mentions, on synthetic records.

    python benchmarks/link_scale.py [--sizes 1000,10000,100000,1000000] [--seed 1] [--windowed]

Synthetic news flow at a constant rate, RATE mentions a day over 40 countries (so a
larger store covers a longer period, as a growing archive does): each incident reported by
one to five articles whose mentions jitter the date, the place, the toll and sometimes the
type, plus a share of month-precision background mentions. Prints, for each size, the
candidate pairs blocking leaves, the incidents found, the seconds taken (blocking, scoring,
components and clustering: what a full rebuild does, without the store), the microseconds
per mention, and the growth against n log n: `ns/(n log2 n)` stays flat if linking grows as
n log n, and `growth` is the time ratio to the previous size divided by the n log n ratio
(1.0 is n log n, below 1 is slower growth). Nothing is asserted.

`--windowed` measures what a full relink of a store does instead (relink.py): the mentions
come as a stream in date order, generated a month at a time and never all held, into
`link.windowed_components`, and each component is clustered as it comes. Each size runs in
a fresh process, whose peak RSS is printed with its time: flat peaks mean that linking holds
a window of the record, not the record.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta

from crosswire.link import Node, candidate_pairs, cluster, link, node, windowed_components
from crosswire.models import Estimate, Interval, Location, Mention

TYPES = ("Air/drone strike", "Shelling/artillery/missile attack", "Armed clash", "Attack")
START = date(2000, 1, 1)
RATE = 10


def synthetic(n: int, rng: random.Random) -> list[Node]:
    nodes: list[Node] = []
    article = 0
    while len(nodes) < n:
        country = f"C{rng.randrange(40):02d}"
        lat, lon = rng.uniform(-40, 60), rng.uniform(-100, 120)
        day = START + timedelta(days=rng.randrange(max(30, n // RATE)))
        kind, dead = rng.choice(TYPES), rng.randrange(1, 60)
        for _ in range(rng.randint(1, 5)):
            article += 1
            nodes.append(node(_mention(article, country, lat, lon, day, kind, dead, rng), "", None))
    return nodes[:n]


def stream(n: int, rng: random.Random) -> Iterator[Node]:
    """`n` nodes like `synthetic`'s, in order of their start, made a month at a time: each
    day gets incidents until it has about RATE mentions. A month's nodes can start a day
    before it (a "days" interval), so those before the next month's day before are given."""
    made, article = 0, 0
    pending: list[tuple[str, int, Node]] = []
    day = START
    while made < n:
        month = day.month
        while day.month == month and made < n:
            today = 0
            while today < RATE and made < n:
                country = f"C{rng.randrange(40):02d}"
                lat, lon = rng.uniform(-40, 60), rng.uniform(-100, 120)
                kind, dead = rng.choice(TYPES), rng.randrange(1, 60)
                for _ in range(min(rng.randint(1, 5), n - made)):
                    article += 1
                    m = _mention(article, country, lat, lon, day, kind, dead, rng)
                    heapq.heappush(pending, (m.date.start, article, node(m, "", None)))  # type: ignore[union-attr]
                    made, today = made + 1, today + 1
            day += timedelta(days=1)
        ready = (day - timedelta(days=1)).isoformat()
        while pending and (pending[0][0] < ready or made >= n):
            yield heapq.heappop(pending)[2]


def windowed(size: int, seed: int) -> None:
    """Link a stream of `size` nodes as a full relink does; print one row of figures."""
    started = time.perf_counter()
    components = groups = 0
    for component in windowed_components(stream(size, random.Random(seed)), []):
        components += 1
        groups += len(cluster(component))
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{size:>9} {components:>10} {groups:>10} {seconds:>8.2f} {rss:>8.0f}", flush=True)


def _mention(
    article: int,
    country: str,
    lat: float,
    lon: float,
    day: date,
    kind: str,
    dead: int,
    rng: random.Random,
) -> Mention:
    if rng.random() < 0.15:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        when = Interval(first.isoformat(), last.isoformat(), "month")
    else:
        shift = day + timedelta(days=rng.choice((0, 0, 0, -1)))
        when = Interval(shift.isoformat(), day.isoformat(), "days" if shift != day else "day")
    place = Location(
        f"town {lat:.2f} {lon:.2f}",  # one name per incident's place: names matter to linking
        country,
        None,
        None,
        lat + rng.uniform(-0.05, 0.05),
        lon + rng.uniform(-0.05, 0.05),
        "point",
    )
    toll = max(0, dead + rng.randint(-2, 2))
    return Mention(
        article=f"a{article}",
        index=0,
        role="main",
        event_type=kind if rng.random() < 0.85 else rng.choice(TYPES),
        date=when,
        location=place,
        fatalities=Estimate(toll, toll, toll),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1000,10000,100000"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--windowed", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        windowed(args.child, args.seed)
        return
    sizes = [int(n) for arg in args.sizes for n in arg.split(",") if n]
    if args.windowed:
        print(f"{'mentions':>9} {'components':>10} {'incidents':>10} {'seconds':>8} {'peak MB':>8}")
        for size in sizes:
            command = [sys.executable, __file__, "--seed", str(args.seed), "--child", str(size)]
            subprocess.run(command, check=True)
        return
    print(
        f"{'mentions':>9} {'pairs':>10} {'incidents':>10} {'seconds':>8} {'us/mention':>10} "
        f"{'ns/(n log2 n)':>13} {'growth':>6}"
    )
    previous: tuple[int, float] | None = None
    for size in sizes:
        nodes = synthetic(size, random.Random(args.seed))
        started = time.perf_counter()
        pairs = len(candidate_pairs(nodes))
        groups = link(nodes)
        seconds = time.perf_counter() - started
        nlogn = size * math.log2(size)
        growth = ""
        if previous:
            n0, t0 = previous
            growth = f"{(seconds / t0) / (nlogn / (n0 * math.log2(n0))):.2f}"
        print(
            f"{size:>9} {pairs:>10} {len(groups):>10} {seconds:>8.2f} "
            f"{1e6 * seconds / size:>10.1f} {1e9 * seconds / nlogn:>13.1f} {growth:>6}"
        )
        previous = (size, seconds)


if __name__ == "__main__":
    main()
