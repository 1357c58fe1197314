"""Incidents from the stored mentions: rebuilt from all of them, or, after a few new
articles, only for the components that the new mentions touch.

A full rebuild (`relink_all`) reads the mentions in date order and holds only a window of
them (link.windowed_components), staging the new incidents a batch at a time and publishing
them in one last transaction.

A component (link.py) is a connected component of the positive pair scores, and a positive
score needs a shared blocking key (country, ISO week). So the components a new mention can
change are found from the stored mentions of its weeks: load them, find the components that
hold a new mention, and load the weeks of their members too, until no member has a week not
loaded. The components found are exactly those a full rebuild finds; the stored components
they absorb (the same search without the new mentions) are replaced. Nothing else is read,
so the cost of one new article does not grow with the store beyond index lookups.

The increment is given up (None) for a full rebuild when it cannot be worked out locally:
an undated mention in reach (it meets every mention of its country), a new article that is
a copy or shares a wire origin (ingest then changed stored articles' metadata, on which
stored components' signatures depend), or a stored component that is not found where the
search expects it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from crosswire.link import (
    REACH_DAYS,
    Component,
    Node,
    Scored,
    block_country,
    block_weeks,
    cluster,
    components,
    group_id,
    node,
    reachable,
    windowed_components,
)
from crosswire.models import Mention
from crosswire.reconcile import Source, reconcile
from crosswire.store import Store

log = logging.getLogger(__name__)

Found = list[tuple[str, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Relinked:
    """What a full relink did: components kept (their incidents stored already), incidents
    inserted and deleted, and the new incidents that may date an undated article (see
    `may_date`)."""

    kept: int
    inserted: int
    deleted: int
    dating: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Increment:
    """Stored components to delete (`gone`, by signature) and the incidents of the
    components that replace them (`found`, (signature, incident) pairs)."""

    gone: frozenset[str]
    found: Found


def sources_of(store: Store, ids: Iterable[str] | None = None) -> dict[str, Source]:
    """What reconciliation needs of every stored article, or of those of `ids` (no texts)."""
    return {row[0]: Source(*row) for row in store.article_meta(ids)}


# Components reconciled, and their incidents staged, at a time.
BATCH = 256
# Staged rows older than this are a killed relink's, and are cleared.
STALE = timedelta(days=1)


def relink_all(store: Store) -> Relinked:
    """Link every stored mention into incidents again (copies of an article add nothing),
    holding a window of them, not all (link.windowed_components): the dated mentions are
    read in date order and the components come out as the pass leaves their weeks.
    Components whose signature is stored already keep their incidents, which are not read;
    the others are reconciled a batch at a time and their incidents staged. The last
    transaction makes the staged incidents and the kept ones the stored incidents, so a
    reader sees the old incidents until then, and the new ones after; a relink killed
    before it changes nothing. As a component's incidents depend on nothing outside it,
    this gives what rebuilding everything at once gives."""
    run, now = uuid.uuid4().hex, datetime.now(UTC)
    started = now.isoformat(timespec="seconds")
    dated = (node(m, None, origin) for m, origin in store.linking_mentions(dated=True))
    undated = [node(m, None, origin) for m, origin in store.linking_mentions(dated=False)]
    wanted: set[str] = set()
    kept = 0
    dating: list[dict[str, Any]] = []
    found_components = windowed_components(dated, undated)
    while batch := list(itertools.islice(found_components, BATCH)):
        sources = sources_of(store, {n.mention.article for c in batch for n in c.nodes})
        signed = [(signature(c, sources), c) for c in batch]
        stored = store.stored_components(sig for sig, _ in signed)
        found = []
        for sig, component in signed:
            wanted.add(sig)
            if sig in stored:
                kept += 1
                continue
            for incident in incidents_of(component, sources):
                found.append((sig, incident))
                if may_date(incident, sources):
                    dating.append(incident)
        with store.transaction() as tx:
            tx.stage_incidents(run, started, found)
    stale = (now - STALE).isoformat(timespec="seconds")
    with store.transaction() as tx:
        inserted, deleted = tx.publish_staged(run, wanted, stale_before=stale)
    return Relinked(kept=kept, inserted=inserted, deleted=deleted, dating=dating)


def dated_to_day(incident: dict[str, Any]) -> bool:
    """An incident that two or more reports date to the day: one that may date a report
    that has no publication date (analyze.date_from_incidents)."""
    when = incident.get("date")
    return bool(when and when["precision"] in ("day", "days") and len(incident["reports"]) >= 2)


def may_date(incident: dict[str, Any], sources: dict[str, Source]) -> bool:
    """dated_to_day, with a main report from an article without a publication date."""
    return dated_to_day(incident) and any(
        r["role"] == "main" and (s := sources.get(r["article"])) and s.published is None
        for r in incident["reports"]
    )


def incidents_of(component: Component, sources: dict[str, Source]) -> list[dict[str, Any]]:
    """The reconciled incidents of one component."""
    return [
        reconcile(group_id(group), [n.mention for n in group], sources)
        for group in cluster(component)
    ]


# The version of the linking rules (link.py) and reconciliation: raising it makes the next
# relink rebuild every stored component's incidents. 2: evidence weighed by commonness;
# 3: a lone main mention joins the incident of its own background mention; 4: far places
# of one name do not contradict; 5: an admission against an accusation does not contradict,
# a date outvoted by one day next to it does not widen the incident's date; 6: a report
# that names the other's place does not contradict it.
LINK_VERSION = 6


def signature(component: Component, sources: dict[str, Source]) -> str:
    """A hash of everything a component's incidents are made from: the linking rules'
    version, its mentions and the metadata of their articles."""
    digest = hashlib.sha256(f"link {LINK_VERSION}\n".encode())
    for n in component.nodes:
        digest.update(canonical_json(n.mention).encode())
        digest.update(repr(sources[n.mention.article]).encode())
    return digest.hexdigest()[:32]


def canonical_json(mention: Mention) -> str:
    """store.codec.mention_to_json(mention), the same text, several times faster: the
    records are converted field by field instead of by dataclasses.asdict, which deep-copies
    every value (it was the largest cost of linking a store)."""
    return json.dumps(_plain(mention), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def increment(store: Store, new: Sequence[Mention], sources: dict[str, Source]) -> Increment | None:
    """The components that the mentions `new` (of articles new to the store, not written
    yet) make or change, and the stored components they replace; None when a full rebuild
    is needed (see the module docstring). `sources` holds at least the new mentions'
    articles; the others' are read as needed and added to it."""
    articles = {m.article for m in new}
    if any(sources[a].origin or sources[a].duplicate_of for a in articles):
        return None
    seeds = [node(m, None, None) for m in new]
    seed_keys = {n.key for n in seeds}
    pool: dict[tuple[str, int], Node] = {}
    loaded: set[tuple[str, date]] = set()
    reached: list[Node] = seeds
    known: Scored = {}
    need = _weeks_of(seeds)
    while need is not None and need - loaded:
        _load(store, sorted(need - loaded), pool, sources, skip=articles)
        loaded |= need
        reached = reachable(seeds, [*pool.values(), *seeds], known)
        need = _weeks_of(reached)
    if need is None:
        log.info("linking: an undated mention is in reach; rebuilding all incidents")
        return None
    affected = components(reached)
    # Adding mentions only merges components, so the stored components that the new
    # mentions touch are exactly those of the reached stored mentions.
    stored = [n for n in reached if n.key not in seed_keys]
    gone = {signature(c, sources) for c in components(stored)}
    missing = gone - store.stored_components(gone)
    if missing:
        log.info("linking: %d stored components changed; rebuilding all", len(missing))
        return None
    found = [(signature(c, sources), inc) for c in affected for inc in incidents_of(c, sources)]
    return Increment(gone=frozenset(gone), found=found)


def _weeks_of(nodes: Iterable[Node]) -> set[tuple[str, date]] | None:
    """The blocking keys of `nodes` as (country, Monday of the week) (link.block_keys; "*"
    for a mention with no country, which meets every country); None if one is undated."""
    weeks: set[tuple[str, date]] = set()
    for n in nodes:
        if n.mention.date is None:
            return None
        country = block_country(n.mention)
        weeks.update((country, monday) for monday, _ in block_weeks(n.mention))
    return weeks


def _load(
    store: Store,
    keys: list[tuple[str, date]],
    pool: dict[tuple[str, int], Node],
    sources: dict[str, Source],
    *,
    skip: set[str],
) -> None:
    """Add the stored mentions of those (country, week) keys to `pool`, with the undated
    ones and those of no country, a run of consecutive weeks of one country at a time,
    except those of the articles `skip`; copies of an article add nothing, as in
    relink_all."""
    runs: list[tuple[str, list[date]]] = []
    for country, monday in keys:  # sorted: by country, then week
        if runs and runs[-1][0] == country and monday - runs[-1][1][-1] == timedelta(days=7):
            runs[-1][1].append(monday)
        else:
            runs.append((country, [monday]))
    for country, run in runs:
        # A mention is blocked up to REACH_DAYS after its end (link.block_weeks).
        start = (run[0] - timedelta(days=REACH_DAYS)).isoformat()
        end = (run[-1] + timedelta(days=6)).isoformat()
        within = None if country == "*" else country
        found = [m for m in store.mentions_between(start, end, within) if m.article not in skip]
        sources |= sources_of(store, {m.article for m in found} - sources.keys())
        for m in found:
            source = sources[m.article]
            if not source.duplicate_of:
                pool[(m.article, m.index)] = node(m, None, source.origin)
