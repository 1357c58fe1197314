"""Measure place extraction on the dev sets and print the scores (no assertions).

    .venv/bin/python benchmarks/eval_places.py [acled gvc fakes] [--misses N]

- acled: country accuracy over all notes; share of events coded geo_precision 1 or 2 whose
  place lies within 25 km of the gold point; admin1 accuracy. `place_of` over the whole note.
- gvc: share of articles whose place lies within 25 km of their incident's gold point.
- fakes: governorate (admin1) accuracy. FA-KES has no "Rif Dimashq": its "damascus" covers
  the governorate around the city too, so a second figure also accepts Rif Dimashq there.

Parsed docs are cached in /tmp (DocBin) per set and per version of the pipeline code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from spacy.tokens import Doc, DocBin

from crosswire import gazetteer, nlp
from crosswire.devsets import same_admin1
from crosswire.extract import places
from crosswire.geo import distance_km
from crosswire.models import Location

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parsed(name: str, texts: list[str]) -> list[Doc]:
    """Parse `texts`, or read them from the cache made by an earlier run of the same code."""
    code = Path(gazetteer.__file__).read_bytes() + Path(nlp.__file__).read_bytes()
    key = hashlib.sha256(code + "\0".join(texts).encode()).hexdigest()[:12]
    cache = Path(f"/tmp/crosswire_places_{name}_{key}.spacy")
    language = nlp.load()
    if cache.is_file():
        return list(DocBin().from_bytes(cache.read_bytes()).get_docs(language.vocab))
    docs = list(nlp.parse_many(texts))
    cache.write_bytes(DocBin(docs=docs, store_user_data=False).to_bytes())
    return docs


def country_code(name: str) -> str | None:
    """ISO code of a country named as ACLED names it."""
    variants = [name, name.replace(" of ", " of the "), name.replace("Republic of ", "")]
    for variant in variants:
        found = [p for p in gazetteer.get().lookup(variant) if p.level == gazetteer.COUNTRY]
        if found:
            return found[0].country
    return None


def gold_km(loc: Location | None, g: dict) -> float:
    """How far our location is from the gold point (very far when we have none)."""
    if loc is None or loc.lat is None or loc.lon is None:
        return 1e9
    return distance_km(loc.lat, loc.lon, g["lat"], g["lon"])


def locate(doc: Doc) -> Location | None:
    return places.place_of(list(doc.sents), places.places_in(doc))


def show(label: str, hits: int, total: int) -> None:
    print(f"  {label}: {hits}/{total} = {hits / max(total, 1):.3f}")


def eval_acled(misses: int) -> None:
    articles = read_jsonl(DEV / "acled" / "articles.jsonl")
    gold = {g["id"]: g for g in read_jsonl(DEV / "acled" / "gold.jsonl")}
    docs = parsed("acled", [a["text"] for a in articles])
    country_hits = near_hits = near_total = admin_hits = 0
    wrong: list[str] = []
    for article, doc in zip(articles, docs, strict=True):
        g = gold[article["id"]]
        loc = locate(doc)
        iso = country_code(g["country"])
        country_hits += loc is not None and loc.country == iso
        admin_hits += loc is not None and same_admin1(g["admin1"], loc.admin1, iso)
        if g["geo_precision"] in ("1.0", "2.0"):
            near_total += 1
            d = (
                distance_km(loc.lat, loc.lon, g["lat"], g["lon"])
                if loc and loc.lat is not None
                else 1e9
            )
            near_hits += d <= 25
            if d > 25:
                got = f"{loc.name} {loc.country} {loc.precision} {d:.0f} km" if loc else "none"
                wrong.append(f"{article['id']} gold {g['location']} ({g['admin1']}); got {got}")
    print(f"acled ({len(articles)} notes)")
    show("country", country_hits, len(articles))
    show("admin1", admin_hits, len(articles))
    show("within 25 km (geo_precision 1-2)", near_hits, near_total)
    for line in wrong[:misses]:
        print("   miss:", line)


def eval_gvc(misses: int) -> None:
    articles = read_jsonl(DEV / "gvc" / "articles.jsonl")
    incident = {d: g for g in read_jsonl(DEV / "gvc" / "gold.jsonl") for d in g["docs"]}
    docs = parsed("gvc", [a["text"] for a in articles])
    hits = total = 0
    wrong: list[str] = []
    for article, doc in zip(articles, docs, strict=True):
        g = incident.get(article["id"])
        if g is None or g.get("lat") is None:
            continue
        total += 1
        loc = locate(doc)
        d = (
            distance_km(loc.lat, loc.lon, g["lat"], g["lon"])
            if loc and loc.lat is not None
            else 1e9
        )
        hits += d <= 25
        if d > 25:
            got = f"{loc.name} {loc.admin1} {loc.country} {d:.0f} km" if loc else "none"
            wrong.append(f"{article['id'][:8]} gold {g['city']}, {g['state']}; got {got}")
    print(f"gvc ({total} articles with a gold point)")
    show("within 25 km", hits, total)
    for line in wrong[:misses]:
        print("   miss:", line)


def eval_fakes(misses: int) -> None:
    articles = read_jsonl(DEV / "fakes" / "articles.jsonl")
    gold = {g["id"]: g for g in read_jsonl(DEV / "fakes" / "gold.jsonl")}
    docs = parsed("fakes", [a["text"] for a in articles])
    hits = lenient = 0
    wrong: list[str] = []
    for article, doc in zip(articles, docs, strict=True):
        want = gold[article["id"]]["governorate"]
        loc = locate(doc)
        ours = loc.admin1 if loc else None
        ok = same_admin1(want, ours, "SY")
        hits += ok
        lenient += ok or (want == "damascus" and ours is not None and "dimashq" in ours.lower())
        if not ok:
            wrong.append(f"{article['id']} gold {want}; got {loc.name if loc else None} ({ours})")
    print(f"fakes ({len(articles)} articles)")
    show("governorate", hits, len(articles))
    show("governorate, damascus covering Rif Dimashq", lenient, len(articles))
    for line in wrong[:misses]:
        print("   miss:", line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", default=["acled", "gvc", "fakes"])
    parser.add_argument("--misses", type=int, default=0)
    args = parser.parse_args()
    if not DEV.is_dir():
        sys.exit(f"no dev data at {DEV}")
    for name in args.sets:
        start = time.perf_counter()
        {"acled": eval_acled, "gvc": eval_gvc, "fakes": eval_fakes}[name](args.misses)
        print(f"  ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
