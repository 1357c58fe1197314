"""Reconciliation: one incident record (CONTRACT.md) from the mentions link.py grouped.

`reconcile(incident_id, group, sources)` returns an INCIDENT document plus `timeline` and
`summary_sources`; `chronology` orders incidents by date. docs/reconciliation.md has the
rules with their reasons; in short (mentions are read in publication order, so the result
does not depend on the order of `group`):

- Claims: the union, one source's identical claim (source, kind, value, qualifier) counted
  once per origin group (the earliest article keeps it, the others go in `also_in`); claims
  of a `duplicate_of` article give way to the original's.
- Figures as intervals: exact N [N, N]; at_least [N, inf); more_than [N+1, inf); about (and
  "nearly") [0.8N, N]; at_most [0, N]; vague with a number [N, inf); vague without none.
  low: the lowest lower bound (not from at_most); high: the highest figure stated; best: the
  stated figure allowed by claims from the most origin groups, then the most specific claim
  stating it (exact > about > at_least), the latest, the most sources, the smaller figure.
  No numeric claim: the mentions' estimates.
- Contradictions. Figures of different sources (a source and its organs are one) further
  apart than TOLERANCE of the larger (at least 1); vague claims contradict nothing.
  Responsibility: X blamed by one source, denied by another (X itself or an organ of it).
  Perpetrator: different actors named by different sources in a one-sided event, not
  counting an actor's claim about itself. Date and location: mentions that do not fit.
- Actors match loosely (`same_actor`): by state (nationality + state words, "X-led", a short
  table of state organs), else by significant words, one set inside the other.
- Date: intersection of the intervals, main mentions first, then the narrowest; intervals
  ADJACENT_DAYS apart meet at their edges. Location: the most precise location consistent
  with the others (judged at the coarser precision; points within NEAR_KM).
- Event type: the main mentions' most frequent. Perpetrators: who responsibility claims (and
  mentions, unless only denied) name. Reports: one per article, main over background.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Any

from crosswire import summarize as narrative
from crosswire.extract.lexicon import nation
from crosswire.geo import location_km
from crosswire.models import Article, Claim, Estimate, Interval, Location, Mention
from crosswire.summarize import QUALIFIER_RANK, figure_text, names

__all__ = ["Source", "chronology", "reconcile", "same_actor", "source_of"]

chronology = narrative.chronology


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEAR_KM = 50.0
"""Two places this close are one place reported at different precision."""
TOLERANCE = 0.1
"""Figures further apart than this share of the larger one (at least 1) contradict."""
ADJACENT_DAYS = 1
"""Date intervals this many days apart meet at their edges (overnight, time zones)."""

_PRECISION = {"point": 4, "near": 3, "admin2": 2, "admin1": 1, "country": 0}
_TWO_SIDED = frozenset(
    {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
)

# Actor matching (same_actor).
_ORGANS = {"pentagon": "US", "department of defense": "US", "defense department": "US",
           "central command": "US", "centcom": "US", "state department": "US", "idf": "IL",
           "israel defense forces": "IL"}  # fmt: skip
"""Well-known state organs that reports name without their state."""
_STATE_WORDS = _words(
    "government governments regime state military army armed troops soldiers forces force "
    "navy air police security intelligence media news agency television tv official "
    "officials spokesman spokeswoman spokesperson source sources ministry minister defense "
    "defence interior foreign department command office commander commanders officer "
    "officers general staff authorities administration president presidency embassy"
)
"""Words that, with a nationality and nothing else, make a name a state's organ."""
_GENERIC = _words("the of for and in on a an its their forces force fighters members group "
                  "groups units elements")  # fmt: skip
_SYNONYMS = {"alliance": "coalition", "coalitions": "coalition"}
_NOT_OWN = _words("backed allied supported sponsored funded trained")


@dataclass(frozen=True, slots=True)
class Source:
    """What reconciliation needs to know about an article. `origin`: the origin group;
    articles of one group reuse one wire copy and count as one source."""

    id: str
    name: str
    publisher: str | None
    published: str | None
    origin: str | None
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class Kept:
    """A claim after de-duplication: its origin group, the latest article that repeats it."""

    claim: Claim
    origin: str
    latest: str
    also_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    """A numeric claim as an interval of counts, with the figure it states."""

    index: int
    low: float
    high: float
    stated: int
    rank: int
    qualifier: str


@dataclass(frozen=True, slots=True)
class ActorKey:
    states: frozenset[str]
    words: frozenset[str]


def source_of(article: Article) -> Source:
    return Source(article.id, article.name, article.publisher, article.published,
                  article.origin, article.duplicate_of)  # fmt: skip


def reconcile(
    incident_id: str, group: Sequence[Mention], sources: Mapping[str, Source]
) -> dict[str, Any]:
    """The CONTRACT.md incident document of one group of mentions, with `timeline` and
    `summary_sources` (see the module docstring for the rules)."""
    if not group:
        raise ValueError("reconcile() needs at least one mention: link.py gave an empty group")
    mentions = sorted(group, key=lambda m: (_published(m.article, sources), m.article, m.index))
    kept = merge_claims(mentions, sources)
    when, date_conflicts = reconcile_date(mentions)
    where, place_conflicts = reconcile_location(mentions)
    event = event_type(mentions)
    incident: dict[str, Any] = {
        "id": incident_id,
        "event_type": event,
        "date": asdict(when) if when else None,
        "location": asdict(where) if where else None,
        "actors": actors(mentions, kept),
        "fatalities": asdict(estimate(kept, "fatalities", mentions, sources)),
        "injuries": asdict(estimate(kept, "injuries", mentions, sources)),
        "reports": reports(mentions),
        "claims": [_claim_doc(k) for k in kept],
        "contradictions": contradictions(kept, event) + date_conflicts + place_conflicts,
    }
    articles = [sources.get(r["article"]) for r in incident["reports"]]
    history = narrative.timeline(
        incident,
        {s.id: s.published for s in articles if s},
        {s.id: s.publisher or s.name for s in articles if s},
    )
    summary = narrative.summarize(incident)
    extra = {"summary": summary.text, "summary_sources": narrative.sources_doc(summary)}
    return incident | {"timeline": history} | extra


# --- Claims -------------------------------------------------------------------------------


def merge_claims(mentions: Sequence[Mention], sources: Mapping[str, Source]) -> list[Kept]:
    """The group's claims, de-duplicated within origin groups (see the module docstring)."""
    present = {m.article for m in mentions}
    copies = {m.article for m in mentions if _original(m.article, sources, present)}
    kept: list[Kept] = []
    where: dict[tuple[object, ...], int] = {}
    for m in sorted(mentions, key=lambda m: m.article in copies):
        origin, published = _origin(m.article, sources), _published(m.article, sources)
        for c in m.claims:
            key = (origin, _norm(c.source), c.kind, c.value, c.qualifier)
            if key not in where:
                if m.article not in copies:
                    where[key] = len(kept)
                    kept.append(Kept(c, origin, published))
                continue
            k = kept[where[key]]
            if c.article != k.claim.article and c.article not in k.also_in:
                kept[where[key]] = replace(
                    k, also_in=(*k.also_in, c.article), latest=max(k.latest, published)
                )
    return kept


def _claim_doc(k: Kept) -> dict[str, Any]:
    return asdict(k.claim) | {"span": list(k.claim.span), "also_in": list(k.also_in)}


def _original(article: str, sources: Mapping[str, Source], present: set[str]) -> str | None:
    """The article this one copies, when that article is in the group."""
    s = sources.get(article)
    return s.duplicate_of if s and s.duplicate_of in present else None


def _origin(article: str, sources: Mapping[str, Source]) -> str:
    s = sources.get(article)
    if s is None:
        return article
    if s.duplicate_of:
        original = sources.get(s.duplicate_of)
        return (original.origin if original else None) or s.origin or s.duplicate_of
    return s.origin or article


def _published(article: str, sources: Mapping[str, Source]) -> str:
    s = sources.get(article)
    return (s.published if s else None) or "9999-12-31"


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


# --- Figures ------------------------------------------------------------------------------


def reading(index: int, claim: Claim) -> Reading | None:
    """A numeric claim as an interval; None for a claim without a number."""
    n = claim.value
    if not isinstance(n, int) or isinstance(n, bool):
        return None
    q = claim.qualifier if claim.qualifier in QUALIFIER_RANK else "exact"
    low, high, stated = {"exact": (n, n, n), "at_least": (n, math.inf, n),
                         "more_than": (n + 1, math.inf, n + 1), "about": (round(0.8 * n), n, n),
                         "at_most": (0, n, n), "vague": (n, math.inf, n)}[str(q)]  # fmt: skip
    return Reading(index, low, high, stated, QUALIFIER_RANK[str(q)], str(q))


def readings(kept: Sequence[Kept], kind: str) -> list[Reading]:
    found = (reading(i, k.claim) for i, k in enumerate(kept) if k.claim.kind == kind)
    return [r for r in found if r is not None]


def estimate(
    kept: Sequence[Kept],
    kind: str,
    mentions: Sequence[Mention],
    sources: Mapping[str, Source],
) -> Estimate:
    """Low, best and high over the claims of one kind (fatalities or injuries)."""
    found = readings(kept, kind)
    if not found:
        return _fallback(mentions, kind)
    best = best_figure(found, kept, headlines(mentions, kind, sources))
    lows = [int(r.low) for r in found if r.qualifier != "at_most"]
    low = min(lows) if lows else min(r.stated for r in found)
    high = max(r.stated for r in found)
    return Estimate(low=min(low, best), best=best, high=max(high, best))


def headlines(
    mentions: Sequence[Mention], kind: str, sources: Mapping[str, Source]
) -> dict[str, int]:
    """Each origin group's toll as its main mention gives it (the largest figure of its
    lead, extract/mentions.py): what the account says in all, where its other figures are
    parts ("At least nine people were killed ... a guard, 25, was killed")."""
    found: dict[str, int] = {}
    for m in mentions:
        figure = _estimate_of(m, kind).best
        if m.role == "main" and figure is not None:
            found.setdefault(_origin(m.article, sources), figure)
    return found


def best_figure(found: Sequence[Reading], kept: Sequence[Kept], headline: Mapping[str, int]) -> int:
    """See docs/reconciliation.md: the figure most origin groups allow; then the one that
    most origin groups' own totals allow (a part of an account, "a guard was killed", is
    not its total, "at least nine"); then the most specific claim; then the latest report,
    the most sources, the smaller figure."""
    totals = [r for r in found if headline.get(kept[r.index].origin) == r.stated]

    def score(figure: int) -> tuple[int, int, int, str, int, int]:
        allowing = [r for r in found if r.low <= figure <= r.high]
        stating = [r for r in found if r.stated == figure]
        return (
            len({kept[r.index].origin for r in allowing}),
            len({kept[r.index].origin for r in totals if r.low <= figure <= r.high}),
            max(r.rank for r in stating),
            max(kept[r.index].latest for r in stating),
            len({_norm(kept[r.index].claim.source) for r in allowing}),
            -figure,
        )

    return max({r.stated for r in found}, key=score)


def _fallback(mentions: Sequence[Mention], kind: str) -> Estimate:
    """Without numeric claims, the mentions' own estimates; best is the first main one's."""
    rows = [(m.role, e) for m in mentions if (e := _estimate_of(m, kind)).best is not None]
    if not rows:
        return Estimate()
    best = next((e.best for role, e in rows if role == "main"), rows[0][1].best) or 0
    low = min(e.low if e.low is not None else e.best or 0 for _, e in rows)
    high = max(e.high if e.high is not None else e.best or 0 for _, e in rows)
    return Estimate(low=min(low, best), best=best, high=max(high, best))


def _estimate_of(m: Mention, kind: str) -> Estimate:
    return m.fatalities if kind == "fatalities" else m.injuries


# --- Contradictions -----------------------------------------------------------------------


def contradictions(kept: Sequence[Kept], event: str) -> list[dict[str, Any]]:
    found = figure_conflicts(kept, "fatalities") + figure_conflicts(kept, "injuries")
    return found + responsibility_conflicts(kept) + perpetrator_conflicts(kept, event)


def figure_conflicts(kept: Sequence[Kept], kind: str) -> list[dict[str, Any]]:
    """One contradiction listing the figures of different sources that cannot all be right,
    in groups of figures that agree ("20 (Iraqi officials) vs 38, about 40 (...)")."""
    statements: dict[tuple[str, int, str], list[Reading]] = {}
    for r in readings(kept, kind):
        if r.qualifier != "vague":
            statements.setdefault((_speaker(kept[r.index]), r.stated, r.qualifier), []).append(r)
    items = list(statements.values())
    involved = _clashing(kept, items)
    if not involved:
        return []
    groups: list[list[list[Reading]]] = []
    for st in sorted((items[n] for n in involved), key=lambda st: (st[0].low, st[0].high)):
        if groups and not any(_apart(st[0], other[0]) for other in groups[-1]):
            groups[-1].append(st)
        else:
            groups.append([st])
    note = " vs ".join(_figures_note(kept, g) for g in groups)
    indexes = sorted(r.index for n in involved for r in items[n])
    return [{"field": kind, "claims": indexes, "note": f"figures that disagree: {note}"}]


def _clashing(kept: Sequence[Kept], items: list[list[Reading]]) -> list[int]:
    """Positions of the statements that clash with a statement of another source."""
    found: set[int] = set()
    for (i, a), (j, b) in combinations(enumerate(items), 2):
        if _apart(a[0], b[0]) and not _same_speaker(kept[a[0].index], kept[b[0].index]):
            found.update((i, j))
    return sorted(found)


def _figures_note(kept: Sequence[Kept], group: list[list[Reading]]) -> str:
    """ "38 (A), about 40 (A and B)": a group of figures that agree, with their sources."""
    by_figure: dict[str, list[str]] = {}
    for st in group:
        claim = kept[st[0].index].claim
        figure = figure_text(claim.value, claim.qualifier)
        by_figure.setdefault(figure, []).extend(kept[r.index].claim.source for r in st)
    return ", ".join(f"{figure} ({names(who)})" for figure, who in by_figure.items())


def _apart(a: Reading, b: Reading) -> bool:
    gap = max(a.low - b.high, b.low - a.high, 0)
    return gap > max(1.0, TOLERANCE * max(a.stated, b.stated))


def responsibility_conflicts(kept: Sequence[Kept]) -> list[dict[str, Any]]:
    """Accusations of an actor set against denials that the actor did it."""
    accusations = [i for i, k in enumerate(kept) if k.claim.kind == "responsibility"]
    denials = [i for i, k in enumerate(kept) if k.claim.kind == "denial"]
    found = []
    for actor, accusing in _clusters(kept, accusations):
        pairs = [
            (i, j)
            for i in accusing
            for j in denials
            if any(same_actor(d, actor) for d in _denied(kept[j].claim))
            and not _same_speaker(kept[i], kept[j])
        ]
        if not pairs:
            continue
        accusers = sorted({i for i, _ in pairs})
        deniers = sorted({j for _, j in pairs})
        note = (
            f"{names(kept[i].claim.source for i in accusers)} hold {actor} responsible; "
            f"denied by {names(kept[j].claim.source for j in deniers)}"
        )
        found.append({"field": "responsibility", "claims": sorted(accusers + deniers),
                      "note": note, "actor": actor})  # fmt: skip
    return found


def _denied(claim: Claim) -> list[str]:
    """Whom a denial clears: its value, and its source when it denies its own role."""
    value = str(claim.value) if claim.value else None
    if value is None or same_actor(value, claim.source):
        return [v for v in (value, claim.source) if v]
    return [value]


def _clusters(kept: Sequence[Kept], indexes: Iterable[int]) -> list[tuple[str, list[int]]]:
    """Claims grouped by the actor they name, loosely (the first spelling names the group)."""
    clusters: list[tuple[str, list[int]]] = []
    for i in indexes:
        value = kept[i].claim.value
        if not value:
            continue
        home = next((c for c in clusters if same_actor(c[0], str(value))), None)
        if home is None:
            clusters.append((str(value), [i]))
        else:
            home[1].append(i)
    return clusters


def perpetrator_conflicts(kept: Sequence[Kept], event: str) -> list[dict[str, Any]]:
    """Different sources naming different perpetrators of a one-sided event."""
    if event in _TWO_SIDED:
        return []
    accusing = [
        i for i, k in enumerate(kept)
        if k.claim.kind == "responsibility" and k.claim.value
        and not same_actor(k.claim.source, str(k.claim.value))
    ]  # fmt: skip
    clusters = _clusters(kept, accusing)
    found = []
    for (x, xs), (y, ys) in combinations(clusters, 2):
        if any(_same_speaker(kept[i], kept[j]) for i in xs for j in ys):
            continue
        by_x, by_y = (names(kept[i].claim.source for i in c) for c in (xs, ys))
        note = f"{x} is named by {by_x}; {y} by {by_y}"
        found.append({"field": "perpetrator", "claims": sorted(xs + ys), "note": note})
    return found


def _speaker(k: Kept) -> str:
    """Who speaks: the source; an unattributed claim speaks for its origin group."""
    source = _norm(k.claim.source)
    return f"{source}@{k.origin}" if source == "unattributed" else source


def _same_speaker(a: Kept, b: Kept) -> bool:
    sa, sb = _speaker(a), _speaker(b)
    if "@" in sa or "@" in sb:
        return sa == sb
    return sa == sb or same_actor(a.claim.source, b.claim.source)


# --- Actors -------------------------------------------------------------------------------


def same_actor(a: str, b: str) -> bool:
    """Do two actor names (or a source and an actor) name the same side? By states when both
    belong to one; else by significant words, one set inside the other; else by spelling."""
    ka, kb = actor_key(a), actor_key(b)
    if ka.states and kb.states:
        return bool(ka.states & kb.states)
    if ka.words and kb.words:
        return ka.words <= kb.words or kb.words <= ka.words
    return _norm(a) == _norm(b)


@lru_cache(maxsize=4096)
def actor_key(name: str) -> ActorKey:
    low = _norm(name)
    states = {iso for organ, iso in _ORGANS.items() if re.search(rf"\b{organ}\b", low)}
    nationals: list[str] = []
    words: list[str] = []
    tokens = [t.strip(',;:()"“”') for t in name.split()]
    i = 0
    while i < len(tokens):
        size, iso = _nation_at(tokens, i)
        head, _, tail = tokens[i].partition("-")
        if iso:
            nationals.append(iso)
        elif tail.lower() == "led" and (leader := nation(head)):
            states.add(leader)
        elif tail.lower() not in _NOT_OWN and head.lower() not in ("pro", "anti", "non"):
            words.append(_SYNONYMS.get(tokens[i].lower(), tokens[i].lower()))
        i += size
    significant = frozenset(w for w in words if w and w not in _GENERIC)
    if nationals and significant <= _STATE_WORDS:
        states.update(nationals)
    return ActorKey(frozenset(states), significant)


def _nation_at(tokens: list[str], i: int) -> tuple[int, str | None]:
    """The country named by the tokens from `i` on ("United States", "Israel's"), if any."""
    for size in range(min(3, len(tokens) - i), 0, -1):
        phrase = " ".join(tokens[i : i + size]).removesuffix("'s").removesuffix("’s")
        if iso := nation(phrase):
            return size, iso
    return 1, None


# --- Date, place, type, actors, reports ---------------------------------------------------


def reconcile_date(mentions: Sequence[Mention]) -> tuple[Interval | None, list[dict[str, Any]]]:
    """The narrowest interval the mentions agree on, and the mentions that do not fit. It
    starts from the narrowest interval of a main mention, of two equally narrow the one
    more mentions meet (two reports of the 19th outvote one of the 12th); a day next to it
    that fewer mentions give is a misfit rather than a reason to widen it to both days."""
    dated = [(m, m.date) for m in mentions if m.date is not None]
    if not dated:
        return None, []

    def met_by(interval: Interval) -> int:
        return sum(o.start <= interval.end and interval.start <= o.end for _, o in dated)

    order = sorted(dated, key=lambda d: (d[0].role != "main", _days(d[1]), -met_by(d[1])))
    current, misfits = order[0][1], []
    top = met_by(current)
    for m, interval in order[1:]:
        merged = _narrow(current, interval)
        if merged is not None and _days(merged) > _days(current) and met_by(interval) < top:
            merged = None  # a day next to one more reports give does not widen it
        if merged is None:
            misfits.append((m, _span(interval)))
        current = merged or current
    return current, _misfits("date", _span(current), misfits)


def _narrow(a: Interval, b: Interval) -> Interval | None:
    start, end = max(a.start, b.start), min(a.end, b.end)
    if start > end:
        if _days(Interval(end, start, "days")) > ADJACENT_DAYS:
            return None
        start, end = end, start
    for known in (a, b):
        if (known.start, known.end) == (start, end):
            return known
    days = _days(Interval(start, end, "days")) + 1
    precision = "day" if days == 1 else "days" if days < 7 else "week" if days == 7 else "month"
    return Interval(start, end, precision if days <= 31 else "year")  # type: ignore[arg-type]


def _days(interval: Interval) -> int:
    return (date.fromisoformat(interval.end) - date.fromisoformat(interval.start)).days


def _span(i: Interval) -> str:
    return i.start if i.start == i.end else f"{i.start} to {i.end}"


def reconcile_location(
    mentions: Sequence[Mention],
) -> tuple[Location | None, list[dict[str, Any]]]:
    """The most precise location consistent with the others, and those that are not."""
    placed = [(m, m.location) for m in mentions if m.location is not None]
    placed.sort(key=lambda p: (p[0].role != "main", -_PRECISION[p[1].precision]))
    accepted: list[Location] = []
    misfits = []
    for m, loc in placed:
        if all(consistent(loc, other) for other in accepted):
            accepted.append(loc)
        else:
            misfits.append((m, loc.name))
    if not accepted:
        return None, []
    best = max(accepted, key=lambda loc: _PRECISION[loc.precision])
    return best, _misfits("location", best.name, misfits)


def _misfits(field: str, kept: str, misfits: list[tuple[Mention, str]]) -> list[dict[str, Any]]:
    """A date or location contradiction: what was kept, and the reports that differ."""
    if not misfits:
        return []
    listed = "; ".join(f"{m.article}: {what}" for m, what in misfits)
    articles = sorted({m.article for m, _ in misfits})
    note = f"kept {kept}; these reports differ: {listed}"
    return [{"field": field, "claims": [], "note": note, "articles": articles}]


def consistent(a: Location, b: Location) -> bool:
    """Can two locations be one place? Judged at the coarser of their precisions."""
    if a.country and b.country and a.country != b.country:
        return False
    coarse = min(_PRECISION[a.precision], _PRECISION[b.precision])
    if coarse == _PRECISION["country"]:
        return True
    if coarse == _PRECISION["admin1"] or not _same(a.admin1, b.admin1):
        return _same(a.admin1, b.admin1)
    if coarse == _PRECISION["admin2"] and a.admin2 and b.admin2:
        return _same(a.admin2, b.admin2)
    km = location_km(a, b)
    return km <= NEAR_KM if km is not None else _same(a.admin2, b.admin2)


def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _norm(a) == _norm(b)


def event_type(mentions: Sequence[Mention]) -> str:
    main = [m.event_type for m in mentions if m.role == "main" and m.event_type]
    types = main or [m.event_type for m in mentions if m.event_type]
    if not types:
        return "Other"
    counts = Counter(types)
    return max(counts, key=lambda t: (counts[t], -types.index(t)))


def actors(mentions: Sequence[Mention], kept: Sequence[Kept]) -> dict[str, list[str]]:
    accused = [str(k.claim.value) for k in kept if k.claim.kind == "responsibility"]
    denied = {str(k.claim.value) for k in kept if k.claim.kind == "denial"} - set(accused)
    named = [p for m in mentions for p in m.perpetrators if p not in denied]
    hit = [str(k.claim.value) for k in kept if k.claim.kind == "target"]
    return {
        "perpetrators": [a for a in dict.fromkeys(accused + named) if a and a != "None"],
        "targets": [
            t
            for t in dict.fromkeys([t for m in mentions for t in m.targets] + hit)
            if t and t != "None"
        ],
    }


def reports(mentions: Sequence[Mention]) -> list[dict[str, str]]:
    roles: dict[str, str] = {}
    for m in mentions:
        if roles.get(m.article) != "main":
            roles[m.article] = m.role
    return [{"article": a, "role": r} for a, r in roles.items()]
