"""Measure crosswire.extract.dates on the dev sets: ACLED notes and GVC articles.

    python benchmarks/eval_dates.py                 # both sets, figures only
    python benchmarks/eval_dates.py --show 30       # and 30 misses of each set, to read
    python benchmarks/eval_dates.py --shared ../shared --cache /tmp/dates_cache

ACLED (`dev/acled`, no publication date; notes start "On 23 February 2022, ..."): the first
time expression of each note, resolved without a publication date, against the gold `date`.
GVC (`dev/gvc`, articles with `published`; gold per incident with the article ids in `docs`):
`lead_time` of each article (a day over coarser times; then a time hanging on an incident
word over one on a report word such as "said" or "charged"; then the lead; then the earliest)
against the incident's gold `date`: exact when the interval starts on it, contained when the
interval holds it; for comparison, two guesses that read no text: the publication date and
the day before it. Then `infer_published` with the publication date hidden: how often it
answers, and how often its answer is the real date or a lower bound within six days of it.
Texts are cleaned as ingest stores them. Parsed docs are cached (spaCy DocBin) in `--cache`,
keyed by the texts and the pipeline's components.
Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from spacy.tokens import Doc, DocBin

from crosswire import nlp
from crosswire.extract.dates import TimeExpr, infer_published, lead_time, times_in
from crosswire.ingest.clean import clean_text


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parsed(texts: list[str], cache: Path, name: str) -> list[Doc]:
    """The texts parsed, from the cache when it holds exactly these texts."""
    pipeline = nlp.load()
    key = hashlib.sha256("\x00".join([*pipeline.pipe_names, *texts]).encode()).hexdigest()[:16]
    path = cache / f"{name}-{key}.spacy"
    if path.is_file():
        return list(DocBin().from_disk(path).get_docs(pipeline.vocab))
    docs = list(nlp.parse_many(texts, batch_size=16))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def acled(folder: Path, cache: Path, show: int) -> None:
    articles = read_jsonl(folder / "articles.jsonl")
    gold = {str(g["id"]): str(g["date"]) for g in read_jsonl(folder / "gold.jsonl")}
    docs = parsed([clean_text(str(a["text"])) for a in articles], cache, "acled")
    outcome: Counter[str] = Counter()
    misses: list[str] = []
    for article, doc in zip(articles, docs, strict=True):
        first = next(_exprs(doc, None), None)
        want = gold[str(article["id"])]
        if first is None:
            outcome["none"] += 1
            misses.append(f"  {article['id']} gold {want}: none in {doc.text[:100]!r}")
        elif first.interval.start == want:
            outcome["exact"] += 1
        else:
            outcome["wrong"] += 1
            misses.append(f"  {article['id']} gold {want}: {first.text!r} -> {first.interval}")
    n = len(articles)
    print(f"ACLED dev: {n} notes, first time expression, no publication date")
    print(f"  date exact      {outcome['exact'] / n:.3f} ({outcome['exact']}/{n})")
    print(f"  wrong {outcome['wrong']}, none {outcome['none']}")
    for line in misses[:show]:
        print(line)


def gvc(folder: Path, cache: Path, show: int) -> None:
    articles = read_jsonl(folder / "articles.jsonl")
    gold = {str(d): str(g["date"]) for g in read_jsonl(folder / "gold.jsonl") for d in g["docs"]}
    articles = [a for a in articles if a["id"] in gold and a["published"]]
    docs = parsed([clean_text(str(a["text"])) for a in articles], cache, "gvc")
    outcome: Counter[str] = Counter()
    baseline: Counter[str] = Counter()
    misses: list[str] = []
    for article, doc in zip(articles, docs, strict=True):
        published = date.fromisoformat(str(article["published"]))
        want = gold[str(article["id"])]
        baseline["published"] += published.isoformat() == want
        baseline["day before"] += (published - timedelta(days=1)).isoformat() == want
        expr = lead_time(doc, published)
        if expr is None:
            outcome["none"] += 1
            misses.append(f"  {article['id'][:8]} pub {published} gold {want}: none")
            continue
        start, end = expr.interval.start, expr.interval.end
        outcome["exact"] += start == want
        outcome["contained"] += start <= want <= end
        outcome[f"precision {expr.interval.precision}"] += 1
        if start != want:
            sentence = doc.char_span(expr.span[0], expr.span[1], alignment_mode="expand")
            context = sentence.sent.text[:160] if sentence is not None else ""
            misses.append(
                f"  {article['id'][:8]} pub {published:%a %Y-%m-%d} gold {want}: "
                f"{expr.text!r} -> {start}..{end} | {context!r}"
            )
    n = len(articles)
    print(f"GVC dev: {n} articles, lead_time against the incident date")
    print(f"  exact day       {outcome['exact'] / n:.3f} ({outcome['exact']}/{n})")
    print(f"  interval holds  {outcome['contained'] / n:.3f} ({outcome['contained']}/{n})")
    print(f"  no expression   {outcome['none']}")
    print(
        "  precision       "
        + ", ".join(
            f"{k.split()[1]} {v}" for k, v in sorted(outcome.items()) if k.startswith("precision")
        )
    )
    for name, hits in baseline.items():
        print(f"  baseline {name:<10} {hits / n:.3f}")
    inferred(articles, docs)
    for line in misses[:show]:
        print(line)


def inferred(articles: list[dict[str, Any]], docs: list[Doc]) -> None:
    """infer_published with the publication date hidden, against the real one."""
    answered = right = within = 0
    for article, doc in zip(articles, docs, strict=True):
        guess = infer_published(doc)
        if guess is None:
            continue
        answered += 1
        real = date.fromisoformat(str(article["published"]))
        right += guess[0] == real
        within += timedelta(0) <= real - guess[0] <= timedelta(days=6)
    print(
        f"  infer_published answered {answered}/{len(articles)}: the real date {right}, "
        f"real date within 6 days after it {within}"
    )


def _exprs(doc: Doc, published: date | None) -> Iterator[TimeExpr]:
    for sent in doc.sents:
        yield from times_in(sent, published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = Path(__file__).resolve().parents[1].parent / "shared"
    parser.add_argument("--shared", type=Path, default=here)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/crosswire-eval-dates"))
    parser.add_argument("--show", type=int, default=0, help="misses to print per set")
    args = parser.parse_args()
    acled(args.shared / "dev" / "acled", args.cache, args.show)
    gvc(args.shared / "dev" / "gvc", args.cache, args.show)


if __name__ == "__main__":
    main()
