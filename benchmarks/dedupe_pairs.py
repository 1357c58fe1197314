"""Measure crosswire.ingest.dedupe on a set of articles: speed, and which pairs it relates.

    python benchmarks/dedupe_pairs.py ../shared/dev/gvc/articles.jsonl
    python benchmarks/dedupe_pairs.py ../shared/dev/gvc/articles.jsonl --show 10 --across
    python benchmarks/dedupe_pairs.py ../shared/seeds --show 10
    python benchmarks/dedupe_pairs.py ../shared/dev/gvc/articles.jsonl --splice 300

The input is a JSONL file (`id`, `text`, optional `publisher`) or a folder of `.txt` files.
Candidate pairs are found the way the store will find them: through an inverted index from
fingerprint to article ids, ignoring fingerprints held by more than `--df-cap` articles. When a
`gold.jsonl` with `docs` lists sits next to the JSONL file (gvc), the flagged pairs are split
into those within one gold incident and those across incidents. `--show` prints the pairs with
the most fingerprints in common and their longest shared passage, to read them. `--splice`
embeds passages of growing length from one article into two others and prints how many
fingerprints the two then share: the curve the relation thresholds were chosen on.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from crosswire.ingest.dedupe import (
    K,
    Overlap,
    W,
    fingerprints,
    normalised_words,
    overlap,
    relation,
)

SPLICE_LENGTHS = (15, 20, 30, 45, 60, 80, 100, 150)


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    publisher: str | None


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    overlap: Overlap
    label: str | None


def load(path: Path) -> list[Doc]:
    """Read a JSONL file of articles or a folder of .txt files."""
    if path.is_dir():
        return [
            Doc(p.stem, p.read_text(encoding="utf-8"), None) for p in sorted(path.glob("*.txt"))
        ]
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [Doc(str(r["id"]), r["text"] or "", r.get("publisher")) for r in rows]


def load_incidents(path: Path) -> dict[str, str]:
    """Map article id -> gold incident id, from a gold.jsonl with `docs` lists, if any."""
    gold = path.with_name("gold.jsonl")
    if path.is_dir() or not gold.is_file():
        return {}
    with gold.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return {doc: str(r["incident_id"]) for r in rows for doc in r.get("docs", [])}


def fingerprint_all(
    docs: list[Doc], k: int, window: int
) -> tuple[dict[str, frozenset[int]], float]:
    """Fingerprint every document; return the sets and the seconds it took."""
    start = time.perf_counter()
    prints = {d.id: fingerprints(d.text, k=k, window=window) for d in docs}
    return prints, time.perf_counter() - start


def candidate_pairs(prints: dict[str, frozenset[int]], df_cap: int) -> Counter[tuple[str, str]]:
    """Count shared fingerprints per pair through an inverted index, skipping common hashes."""
    index: defaultdict[int, list[str]] = defaultdict(list)
    for doc_id, hashes in prints.items():
        for h in hashes:
            index[h].append(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in index.values():
        if 1 < len(ids) <= df_cap:
            shared.update(combinations(sorted(ids), 2))
    return shared


def judge(prints: dict[str, frozenset[int]], shared: Counter[tuple[str, str]]) -> list[Pair]:
    """Turn candidate counts into judged pairs, most shared first."""
    pairs = []
    for (a, b), n in shared.most_common():
        o = Overlap(shared=n, size_a=len(prints[a]), size_b=len(prints[b]))
        pairs.append(Pair(a, b, o, relation(o)))
    return pairs


def report_speed(docs: list[Doc], seconds: float) -> None:
    words = sum(len(normalised_words(d.text)) for d in docs)
    rate = len(docs) / seconds
    print(f"articles: {len(docs)}, mean {words / max(len(docs), 1):.0f} words")
    print(f"fingerprinting: {seconds:.3f} s, {rate:.0f} articles/s, {words / seconds:,.0f} words/s")
    print(f"  = {words / seconds / 600:.0f} articles/s at 600 words each (one core)")


def same_incident(incidents: dict[str, str], p: Pair) -> bool:
    return p.a in incidents and incidents[p.a] == incidents.get(p.b)


def report_pairs(pairs: list[Pair], incidents: dict[str, str], docs: list[Doc]) -> None:
    publisher = {d.id: d.publisher for d in docs}
    print(f"candidate pairs (sharing >= 1 fingerprint): {len(pairs)}")
    for label in ("duplicate", "origin"):
        flagged = [p for p in pairs if p.label == label]
        line = f"{label} pairs: {len(flagged)}"
        if incidents:
            within = sum(same_incident(incidents, p) for p in flagged)
            line += (
                f" (within one gold incident {within}, across incidents {len(flagged) - within})"
            )
        same_pub = sum(
            publisher[p.a] is not None and publisher[p.a] == publisher[p.b] for p in flagged
        )
        print(f"{line}; same publisher {same_pub}")


def longest_passage(a: str, b: str) -> str:
    """The longest run of normalised words two texts have in common."""
    wa, wb = normalised_words(a), normalised_words(b)
    m = difflib.SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match()
    return " ".join(wa[m.a : m.a + m.size])


def show(pairs: Iterable[Pair], docs: list[Doc], incidents: dict[str, str], limit: int) -> None:
    text = {d.id: d.text for d in docs}
    publisher = {d.id: d.publisher for d in docs}
    for p in list(pairs)[:limit]:
        o = p.overlap
        same = same_incident(incidents, p) if incidents else None
        print(
            f"\n{p.a} / {p.b}: {p.label}, shared {o.shared} of {o.size_a}/{o.size_b}, "
            f"resemblance {o.shared / max(o.size_a, o.size_b):.2f}, "
            f"containment {o.shared / min(o.size_a, o.size_b):.2f}, same incident {same}, "
            f"publishers {publisher[p.a]} / {publisher[p.b]}"
        )
        passage = longest_passage(text[p.a], text[p.b])
        print(f"  longest shared passage ({len(passage.split())} words): {passage[:300]}")


def splice(docs: list[Doc], trials: int, k: int, window: int) -> None:
    """Print percentiles of shared fingerprints when a passage of L words is in both texts."""
    words = [w for w in (normalised_words(d.text) for d in docs) if len(w) >= 300]
    if len(words) < 3:
        print("splice: needs at least 3 articles of 300 words or more")
        return
    rng = random.Random(1)
    draws = [(rng.sample(range(len(words)), 3), rng.random(), rng.random()) for _ in range(trials)]
    print(
        f"\nshared fingerprints for one passage of L words in two unrelated texts, k={k} w={window}"
    )
    print("(1st / median / 99th percentile)")
    for length in SPLICE_LENGTHS:
        counts = []
        for (a, b, c), ra, rb in draws:
            start = int(ra * (len(words[c]) - length))
            passage = words[c][start : start + length]
            one = words[a][:150] + passage + words[a][150:]
            two = words[b][: int(rb * 300)] + passage + words[b][int(rb * 300) :]
            prints = [fingerprints(" ".join(t), k=k, window=window) for t in (one, two)]
            counts.append(overlap(*prints).shared)
        counts.sort()
        pct = [counts[int(q * (len(counts) - 1))] for q in (0.01, 0.5, 0.99)]
        print(f"  L={length:3d}: {pct[0]:3d} / {pct[1]:3d} / {pct[2]:3d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="articles JSONL file, or a folder of .txt files")
    parser.add_argument("--df-cap", type=int, default=50, help="ignore hashes in more articles")
    parser.add_argument("--k", type=int, default=K, help="words per shingle")
    parser.add_argument("--window", type=int, default=W, help="shingles per winnowing window")
    parser.add_argument("--show", type=int, default=0, help="print this many top pairs")
    parser.add_argument("--across", action="store_true", help="--show only across-incident pairs")
    parser.add_argument("--flagged", action="store_true", help="--show only flagged pairs")
    parser.add_argument("--splice", type=int, default=0, help="trials of the splice experiment")
    args = parser.parse_args()

    docs = load(args.path)
    incidents = load_incidents(args.path)
    prints, seconds = fingerprint_all(docs, args.k, args.window)
    report_speed(docs, seconds)
    pairs = judge(prints, candidate_pairs(prints, args.df_cap))
    report_pairs(pairs, incidents, docs)
    if args.show:
        chosen = (
            p
            for p in pairs
            if (not args.across or not same_incident(incidents, p))
            and (not args.flagged or p.label is not None)
        )
        show(chosen, docs, incidents, args.show)
    if args.splice:
        splice(docs, args.splice, args.k, args.window)


if __name__ == "__main__":
    main()
