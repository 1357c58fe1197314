"""Measure crosswire.extract.counts on the dev sets: the main killed and injured toll per article.

    python benchmarks/eval_counts.py                     # all three sets, ../shared/dev
    python benchmarks/eval_counts.py --sets acled --show 20
    python benchmarks/eval_counts.py --lead 5 --no-cache

Each article is cleaned as ingest cleans it (so spans are into stored text), parsed with
crosswire.nlp (parsed docs are cached as DocBin files in the temp folder, keyed by the texts
and the model), and `tolls_in` is run on every sentence. Tolls of one kind and one trigger in
a sentence are added up (`add_up`: "13 soldiers and 2 militants were killed" is 15).

The main toll of an article, for each kind: the largest non-aggregate figure in its first
`--lead` sentences (a figure is the toll's value, or for a vague word without one its lower
bound), else the first such figure in the article, else 0 (ACLED codes 0 when no death is
reported; the Gun Violence Corpus gives 0 killed or injured when there were none). For
injuries, people said only to be hit (`hit_only`: shot, wounded, taken to hospital) may be
among the dead: such a toll has the main fatality figure taken off it. This rule is the
benchmark's, not the extractor's: linking and reconciliation will replace it.

Scores (figures only, nothing is asserted):
  acled  gold `fatalities`, exact match (ACLED codes the most conservative figure)
  gvc    gold `killed` and `injured` of the incident, for each article in its `docs`, exact
  fakes  gold killed = civilians + noncivilians (children and women are among the
         civilians), within 20% (0 must be 0)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from crosswire import nlp
from crosswire.extract.counts import Toll, add_up, tolls_in
from crosswire.ingest.clean import clean_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"


@dataclass(frozen=True, slots=True)
class Found:
    """The tolls of one article, summed per sentence, with the sentence index."""

    tolls: tuple[tuple[int, Toll], ...]
    sentences: tuple[str, ...]


def _docs(name: str, texts: list[str], cache: bool) -> Iterator[Doc]:
    """Parsed docs for `texts`, from the DocBin cache when it has them."""
    from spacy.tokens import DocBin

    pipeline = nlp.MODEL + ",".join(nlp.load().pipe_names)  # a new customizer, a new key
    key = hashlib.sha256(("\x00".join(texts) + pipeline).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / "crosswire-eval-cache" / f"{name}-{key}.spacy"
    if cache and path.exists():
        yield from DocBin().from_disk(path).get_docs(nlp.load().vocab)
        return
    docs = list(nlp.parse_many(texts))
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    yield from docs


def found_in(doc: Doc) -> Found:
    tolls: list[tuple[int, Toll]] = []
    sentences = list(doc.sents)
    for i, sent in enumerate(sentences):
        tolls.extend((i, t) for t in add_up(tolls_in(sent), sent.doc.text))
    return Found(tuple(tolls), tuple(s.text for s in sentences))


def _figure(t: Toll) -> int | None:
    return t.value if t.value is not None else t.low


def main_toll(found: Found, kind: str, lead: int) -> int:
    """The article's main figure of `kind` (see the module docstring)."""
    cands = [(i, t) for i, t in found.tolls if t.kind == kind and not t.aggregate]
    cands = [(i, t) for i, t in cands if _figure(t) is not None]
    if kind == "injuries":
        dead = main_toll(found, "fatalities", lead)
        cands = [(i, _less(t, dead) if t.hit_only else t) for i, t in cands]
    in_lead = [_figure(t) for i, t in cands if i < lead]
    if in_lead:
        return max(v for v in in_lead if v is not None)
    return (_figure(cands[0][1]) or 0) if cands else 0


def _less(t: Toll, dead: int) -> Toll:
    figure = _figure(t) or 0
    return replace(t, value=max(figure - dead, 0), low=None)


def _load(name: str, cache: bool) -> tuple[list[dict[str, object]], list[Found]]:
    folder = DEV / name
    articles = [json.loads(line) for line in (folder / "articles.jsonl").open()]
    texts = [clean_text(str(a["text"])) for a in articles]
    return articles, [found_in(doc) for doc in _docs(name, texts, cache)]


def _show(found: Found, note: str) -> None:
    print(f"  -- {note}")
    for i, t in found.tolls:
        flag = " AGG" if t.aggregate else ""
        print(
            f"     s{i} {t.kind[:5]} {t.value}/{t.low}-{t.high} {t.qualifier}{flag} "
            f"{t.text!r} [{t.victims}] <{t.trigger}>"
        )


def eval_acled(args: argparse.Namespace) -> None:
    articles, found = _load("acled", args.cache)
    gold = {g["id"]: g for g in map(json.loads, (DEV / "acled" / "gold.jsonl").open())}
    hits, misses = 0, []
    for art, f in zip(articles, found, strict=True):
        want = int(gold[art["id"]]["fatalities"])
        got = main_toll(f, "fatalities", args.lead)
        hits += got == want
        if got != want:
            misses.append((art, f, f"gold {want} got {got}"))
    zero = sum(1 for a in articles if gold[a["id"]]["fatalities"] == 0)
    print(f"acled  fatalities exact: {hits}/{len(articles)} = {hits / len(articles):.3f}")
    print(f"       (answering 0 everywhere: {zero / len(articles):.3f})")
    _print_misses(misses, args.show)


def eval_gvc(args: argparse.Namespace) -> None:
    articles, found = _load("gvc", args.cache)
    by_id = dict(zip((a["id"] for a in articles), zip(articles, found, strict=True), strict=True))
    scores = {"killed": [0, 0], "injured": [0, 0]}
    misses = []
    for g in map(json.loads, (DEV / "gvc" / "gold.jsonl").open()):
        for doc_id in g["docs"]:
            if doc_id not in by_id:
                continue
            art, f = by_id[doc_id]
            got = {
                "killed": main_toll(f, "fatalities", args.lead),
                "injured": main_toll(f, "injuries", args.lead),
            }
            for field, score in scores.items():
                score[0] += got[field] == g[field]
                score[1] += 1
            if (got["killed"], got["injured"]) != (g["killed"], g["injured"]):
                note = f"gold {g['killed']}k {g['injured']}i got {got['killed']}k {got['injured']}i"
                misses.append((art, f, note))
    for field, (ok, n) in scores.items():
        print(f"gvc    {field} exact: {ok}/{n} = {ok / n:.3f}")
    _print_misses(misses, args.show)


def eval_fakes(args: argparse.Namespace) -> None:
    articles, found = _load("fakes", args.cache)
    gold = {g["id"]: g for g in map(json.loads, (DEV / "fakes" / "gold.jsonl").open())}
    ok, exact, misses = 0, 0, []
    for art, f in zip(articles, found, strict=True):
        g = gold[art["id"]]
        want = int(g["civilians"]) + int(g["noncivilians"])
        got = main_toll(f, "fatalities", args.lead)
        close = abs(got - want) <= 0.2 * want
        ok += close
        exact += got == want
        if not close:
            misses.append((art, f, f"gold {want} got {got}"))
    n = len(articles)
    print(f"fakes  killed within 20%: {ok}/{n} = {ok / n:.3f}   exact: {exact / n:.3f}")
    _print_misses(misses, args.show)


def _print_misses(misses: list[tuple[dict[str, object], Found, str]], show: int) -> None:
    for art, f, note in misses[:show]:
        print(f"\n  MISS {art['id']}: {note}")
        print("   ", str(art["text"])[: 700 if show < 50 else 300].replace("\n", " "))
        _show(f, "tolls")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="acled,gvc,fakes")
    parser.add_argument("--lead", type=int, default=3, help="sentences that hold the main toll")
    parser.add_argument("--show", type=int, default=0, help="print this many misses per set")
    parser.add_argument("--no-cache", dest="cache", action="store_false")
    args = parser.parse_args()
    if not DEV.exists():
        raise SystemExit(f"no dev data at {DEV}")
    for name in args.sets.split(","):
        {"acled": eval_acled, "gvc": eval_gvc, "fakes": eval_fakes}[name](args)


if __name__ == "__main__":
    main()
