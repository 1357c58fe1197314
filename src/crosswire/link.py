"""Linking: mentions from different articles that describe one real-world incident.

1. **Blocking.** Each mention gets keys (country, ISO week) for every week from its start
   to `REACH_DAYS` after its end (at most `MAX_WEEKS`; a mention without a country uses
   "*", which meets every country). Only mentions that share a key are compared, so the
   work grows with the density of reporting per country and week, not with the square of
   the whole store.
2. **Scoring** a candidate pair, as a sum of evidence (see `pair_score`), in the spirit of
   Fellegi-Sunter record linkage: each agreement counts by how unlikely it is between
   unrelated reports. Dates: overlap (a day more than a week), a gap of a day or of up to
   `REACH_DAYS` against (a follow-up dated by a statement links only on strong other
   evidence), a longer gap never. Places: distance against each place's precision, and
   agreement only as much as the coarser place is precise (a town is evidence, a shared
   province or country is not). Type, tolls, named perpetrators (none in common counts
   against). Distinctive capitalised words of their sentences, each by its rarity in
   general English (`rarity`), the places' own names left out. Two mentions of one
   article never link (an article's segmentation already told them apart).
3. **Clustering** by average linkage inside each connected component of the candidate
   graph, its pairs scored again with the commonness of each value in the component
   (`Commonness`: when thirty reports share a city and a day, sharing them says little):
   the two clusters with the highest mean pair score merge while that mean is at least
   `THRESHOLD`; a pair that was never a candidate counts `MISSING`. A cluster cannot grow
   through one middle mention that resembles both ends, because every pair counts. A
   main mention left alone then joins the incident its own article's background mention
   is in, if it links with that incident's other reports (`_follow_ups_joined`: a report
   of a death or an arrest, dated by its own day, that recalls the shooting it follows).

The result depends only on the set of mentions, not on their order (ties break on mention
keys), and a component is clustered from its own mentions only, so linking new mentions
into an existing store gives what linking everything at once gives.
"""

from __future__ import annotations

import calendar
import hashlib
import heapq
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from crosswire.geo import location_km
from crosswire.models import Interval, Location, Mention

MAX_WEEKS = 60
UNDATED = "undated"
# A pair with an undated mention lacks the strongest evidence either way, and an undated
# mention meets every mention of its country: the other evidence has to be strong, so that
# an article with no date does not pull incidents together.
UNDATED_SCORE = -2.0
THRESHOLD = 2.0
MISSING = -4.0
NEVER = -100.0

# Search radius of a place of each precision, in km (a point is a town, "near" is an anchor
# town for a place described against it, an admin2/admin1 centroid covers its region).
RADIUS_KM = {"point": 10.0, "near": 30.0, "admin2": 60.0, "admin1": 200.0, "country": 600.0}
# What two places within reach of each other say, by the coarser one's precision: a town is
# evidence, a province or a country only does not contradict (in a war, every report of a
# day shares them).
PLACE_AGREES = {"point": 1.5, "near": 1.0, "admin2": 0.5, "admin1": 0.0, "country": 0.0}
# Mentions whose dates lie this many days apart or fewer can link on strong other evidence
# (a report dated by when something was said, a late-night incident dated to the next day).
REACH_DAYS = 7
# Shared words: WORD_WEIGHT per word of rarity 1, at most MAX_WORDS; rarity runs from 0 at
# COMMON_ZIPF ("police", "share") to 1 at RARE_ZIPF (see `rarity`).
WORD_WEIGHT = 1.5
MAX_WORDS = 3.0
COMMON_ZIPF = 5.0
RARE_ZIPF = 1.0
# How many independent reports of one incident a component holds at most before a value
# they share starts to count as common (see Commonness).
TYPICAL_REPORTS = 3

# Capitalised words that say nothing about which incident a sentence is about: English
# stop words (spaCy's list) and the names of days and months.
_COMMON = frozenset(
    {w.casefold() for w in (*calendar.day_name, *calendar.month_name) if w} | STOP_WORDS
)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*[a-z][\w'-]*", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Node:
    """A mention with what linking compares."""

    key: tuple[str, int]
    mention: Mention
    origin: str
    words: frozenset[str]
    place_words: frozenset[str] = frozenset()  # the words of its place's names
    place_name: frozenset[str] = frozenset()  # the words of its place's own name


def keywords(mention: Mention, text: str) -> tuple[str, ...]:
    """The distinctive capitalised words of a mention's sentences, casefolded and sorted."""
    words = set()
    for start, end in mention.sentences:
        words |= {w.casefold() for w in _CAPITALISED.findall(text[start:end])}
    return tuple(sorted(w for w in words if w not in _COMMON and len(w) > 2))


def node(mention: Mention, text: str | None, origin: str | None) -> Node:
    """What linking compares of a mention; its keywords are computed from the article's
    text when the mention does not carry them yet."""
    words = mention.keywords if text is None else keywords(mention, text)
    return Node(
        key=(mention.article, mention.index),
        mention=mention,
        origin=origin or mention.article,
        words=frozenset(words),
        place_words=_place_words(mention),
        place_name=_words_of(mention.location.name) if mention.location else frozenset(),
    )


def block_country(m: Mention) -> str:
    """The country a mention is blocked in; "*" (meets every country) when it has none."""
    return m.location.country if m.location and m.location.country else "*"


def block_keys(m: Mention) -> list[tuple[str, str]]:
    country = block_country(m)
    if m.date is None:
        return [(country, UNDATED)]
    return [(country, week) for _, week in block_weeks(m)]


def block_weeks(m: Mention) -> list[tuple[date, str]]:
    """The weeks a dated mention is blocked in: (Monday, ISO week name), at most MAX_WEEKS,
    from its start to REACH_DAYS after its end (so that two mentions at most REACH_DAYS
    apart share a week)."""
    assert m.date is not None
    start = date.fromisoformat(m.date.start)
    end = date.fromisoformat(m.date.end) + timedelta(days=REACH_DAYS)
    weeks: list[tuple[date, str]] = []
    day = start - timedelta(days=start.weekday())
    while day <= end and len(weeks) < MAX_WEEKS:
        iso = day.isocalendar()
        weeks.append((day, f"{iso.year}-W{iso.week:02d}"))
        day += timedelta(days=7)
    return weeks


def candidate_pairs(nodes: Sequence[Node]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of nodes that share a block key. A "*" country meets every
    country, and an undated mention meets every mention of its country (undated mentions
    are few: articles without a publication date, before it is inferred)."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_week: dict[str, list[int]] = defaultdict(list)
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        keys = block_keys(n.mention)
        for country, week in keys:
            by_key[(country, week)].append(i)
            by_week[week].append(i)
        by_country[keys[0][0]].append(i)
    pairs: set[tuple[int, int]] = set()
    for (country, week), members in by_key.items():
        if week == UNDATED:
            others = range(len(nodes)) if country == "*" else by_country[country] + by_country["*"]
        else:
            others = by_week[week] if country == "*" else members
        for i in members:
            pairs.update((i, j) if i < j else (j, i) for j in others if i != j)
    return pairs


Scored = dict[tuple[tuple[str, int], tuple[str, int]], float]
"""Pair scores by the keys of the two nodes."""


def reachable(
    starts: Sequence[Node], nodes: Sequence[Node], known: Scored | None = None
) -> list[Node]:
    """The nodes of `nodes` (which hold `starts`) joined to one of `starts` by a path of
    positive scores: the members of the components that hold `starts`, found by scoring
    only the pairs next to them (what `components` finds, without scoring the rest). The
    search does not go on from an undated node it reaches (one meets its whole country):
    callers rebuild everything then. `known` keeps the scores of pairs between calls (a
    caller that widens `nodes` step by step scores each pair once)."""
    known = {} if known is None else known
    by_key: dict[tuple[str, str], list[Node]] = defaultdict(list)
    by_week: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        for country, week in block_keys(n.mention):
            by_key[(country, week)].append(n)
            by_week[week].append(n)
    seen = {n.key for n in starts}
    found = list(starts)
    frontier = [n for n in starts if n.mention.date is not None]
    while frontier:
        a = frontier.pop()
        for b in _neighbours(a, by_key, by_week):
            if b.key in seen:
                continue
            pair = (a.key, b.key)
            if pair not in known:
                known[pair] = pair_score(a, b)
            if known[pair] > 0:
                seen.add(b.key)
                found.append(b)
                if b.mention.date is not None:
                    frontier.append(b)
    return found


def _neighbours(
    a: Node,
    by_key: Mapping[tuple[str, str], list[Node]],
    by_week: Mapping[str, list[Node]],
) -> Iterable[Node]:
    """The nodes that candidate_pairs pairs with the dated node `a`: those sharing a block
    key, and the undated ones of its country (of any country when `a` has none)."""
    country = "*"
    for country, week in block_keys(a.mention):
        if country == "*":
            yield from by_week.get(week, ())
        else:
            yield from by_key.get((country, week), ())
            yield from by_key.get(("*", week), ())
    if country == "*":
        yield from by_week.get(UNDATED, ())
    else:
        yield from by_key.get((country, UNDATED), ())
        yield from by_key.get(("*", UNDATED), ())


def _date_score(a: Mention, b: Mention, common: Commonness) -> float:
    if a.date is None or b.date is None:
        return UNDATED_SCORE
    gap = _gap_days(a.date, b.date)
    if gap > REACH_DAYS:
        return NEVER
    if gap > 0:
        return -0.5 if gap <= 1 else -2.0
    agree = 1.0 if a.date.to_the_day and b.date.to_the_day else 0.5
    return agree * common.discount(("day", max(a.date.start, b.date.start)))


def _gap_days(a: Interval, b: Interval) -> int:
    """Days between two intervals; 0 when they overlap."""
    later, earlier = (a, b) if a.start > b.start else (b, a)
    gap = (date.fromisoformat(later.start) - date.fromisoformat(earlier.end)).days
    return max(gap, 0)


def _place_score(a: Mention, b: Mention, common: Commonness) -> float:
    """Agreement counts as much as the coarser place is precise (two towns agree on the
    scene; two places in one province only do not contradict each other), disagreement
    by how far apart they are against their precision. Two far places of one name say
    nothing: a report that names "Madison" with no state is resolved to the largest
    Madison, the one that names the county to the right one."""
    if a.location is None or b.location is None:
        return 0.0
    if a.location.country and b.location.country and a.location.country != b.location.country:
        return -3.0
    distance = location_km(a.location, b.location)
    if distance is None:
        return 0.0
    reach = RADIUS_KM[a.location.precision] + RADIUS_KM[b.location.precision]
    if distance > reach:
        if a.location.name.casefold() == b.location.name.casefold():
            return 0.0  # one name resolved to two places: a homonym, not a contradiction
        return -3.0 if distance > 3 * reach else -1.0
    coarser = max(a.location, b.location, key=lambda loc: RADIUS_KM[loc.precision])
    return PLACE_AGREES[coarser.precision] * common.discount(("place", place_key(coarser)))


def place_key(loc: Location) -> str:
    return loc.gazetteer_id or loc.name.casefold()


def _type_score(a: Mention, b: Mention, common: Commonness) -> float:
    from crosswire.extract.types import event_type_of

    if a.event_type is None or b.event_type is None:
        return 0.0
    if a.event_type == b.event_type:
        return common.discount(("type", a.event_type))
    same_family = event_type_of(a.event_type) == event_type_of(b.event_type)
    return 0.0 if same_family else -0.5


def _toll_score(a: Mention, b: Mention, common: Commonness) -> float:
    """Death tolls agree when their best figures are close, the more the larger they are
    (one or two dead is the toll of many incidents, 38 of few); far apart, they disagree."""
    x, y = a.fatalities.best, b.fatalities.best
    if x is None or y is None:
        return 0.0
    if abs(x - y) <= max(1, 0.25 * max(x, y)):
        size = min(1.0, 0.25 + 0.25 * math.log2(max(x, y, 1)))
        return size * common.discount(("toll", str(min(x, y))))
    return 0.0 if max(x, y) <= 3 * max(min(x, y), 1) else -1.0


def _actor_score(a: Mention, b: Mention, common: Commonness) -> float:
    """Named perpetrators: one shared is evidence. Two lists that share none disagree,
    except where one report has the actor's own word ("the coalition said it had struck
    the building") and the other only others' ("the army said militants had rigged the
    house"): an admission or denial against an accusation is the dispute over one incident
    that the record exists to show, not a sign of two incidents."""
    x, y = set(a.perpetrators), set(b.perpetrators)
    if not x or not y:
        return 0.0
    shared = x & y
    if not shared:
        return 0.0 if _own_word(a) != _own_word(b) else -1.0
    return 0.5 * max(common.discount(("actor", p)) for p in shared)


def _own_word(m: Mention) -> bool:
    """Does an actor the mention holds responsible (or who denies) say so itself?"""
    return any(
        c.kind in ("responsibility", "denial") and str(c.value).casefold() == c.source.casefold()
        for c in m.claims
    )


@lru_cache(maxsize=1 << 16)
def rarity(word: str) -> float:
    """How much sharing `word` says, from 0 (an everyday word: "police", "county") to 1 (a
    word English hardly uses: most family names, small places): its frequency in general
    English (wordfreq's Zipf scale, log10 of uses per billion words) between RARE_ZIPF and
    COMMON_ZIPF; a hyphenated compound ("britain-based") counts as its most common part.
    The chance that two unrelated reports share a word grows with how common the word is
    (the u-probability of Fellegi-Sunter record linkage)."""
    from wordfreq import zipf_frequency

    parts = [p for p in word.removesuffix("'s").split("-") if len(p) > 2]
    if len(parts) > 1:  # a compound is as common as its most common part ("us-led")
        return min(rarity(p) for p in parts)
    zipf = zipf_frequency(parts[0] if parts else word, "en")
    return min(1.0, max(0.0, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)))


def _place_words(m: Mention) -> frozenset[str]:
    loc = m.location
    if loc is None:
        return frozenset()
    return frozenset().union(*(_words_of(name) for name in (loc.name, loc.admin1, loc.admin2)))


def _words_of(name: str | None) -> frozenset[str]:
    return frozenset(w.casefold() for w in re.findall(r"[\w'-]+", name or ""))


def _word_score(a: Node, b: Node, common: Commonness) -> float:
    """Shared distinctive words, each weighted by its rarity; the names of the mentions'
    places are left to the place score."""
    shared = (a.words & b.words) - a.place_words - b.place_words
    found = sum(rarity(w) * common.discount(("word", w)) for w in shared)
    return min(MAX_WORDS, WORD_WEIGHT * found)


@dataclass(frozen=True, slots=True)
class Commonness:
    """How many origin groups (wire copies count once) of a component share each value of
    a feature: a day, a place, a type, a toll, a perpetrator, a word. Agreeing on a value
    that many reports share is weak evidence: when thirty strikes hit one city on one day,
    two reports sharing the city and the day say little (the term-frequency adjustment of
    record linkage, estimated on the component). Up to TYPICAL_REPORTS sharing a value, it
    counts in full (one incident's own reports share its details); above, it counts
    TYPICAL_REPORTS / shares. An empty Commonness discounts nothing."""

    counts: Mapping[tuple[str, str], int]

    @classmethod
    def of(cls, nodes: Iterable[Node]) -> Commonness:
        origins: dict[tuple[str, str], set[str]] = defaultdict(set)
        for n in nodes:
            for feature in _features(n):
                origins[feature].add(n.origin)
        return cls({f: len(o) for f, o in origins.items() if len(o) > TYPICAL_REPORTS})

    def discount(self, feature: tuple[str, str]) -> float:
        shares = self.counts.get(feature, 0)
        return 1.0 if shares <= TYPICAL_REPORTS else TYPICAL_REPORTS / shares


NO_COMMONNESS = Commonness({})


def _features(n: Node) -> Iterator[tuple[str, str]]:
    m = n.mention
    if m.date is not None and m.date.to_the_day:
        day, end = date.fromisoformat(m.date.start), date.fromisoformat(m.date.end)
        while day <= end:
            yield ("day", day.isoformat())
            day += timedelta(days=1)
    if m.location is not None:
        yield ("place", place_key(m.location))
    if m.event_type is not None:
        yield ("type", m.event_type)
    if m.fatalities.best is not None:
        yield ("toll", str(m.fatalities.best))
    for p in m.perpetrators:
        yield ("actor", p)
    for w in n.words:
        yield ("word", w)


def pair_score(a: Node, b: Node, common: Commonness = NO_COMMONNESS) -> float:
    """Evidence that two mentions describe one incident (see the module docstring), with
    agreement on values that many reports of the component share discounted (`common`)."""
    if a.mention.article == b.mention.article:
        return NEVER
    x, y = a.mention, b.mention
    score = _date_score(x, y, common)
    if score <= NEVER:
        return NEVER
    place = _place_score(x, y, common)
    if place < 0 and (_names_place_of(a, b) or _names_place_of(b, a)):
        place = 0.0
    score += place + _type_score(x, y, common)
    score += _toll_score(x, y, common) + _actor_score(x, y, common)
    return score + _word_score(a, b, common)


def _names_place_of(a: Node, b: Node) -> bool:
    """Does report `a` name the place report `b` was placed at? Then their places do not
    contradict each other: `a` was placed at another place it names (the suspect's home
    town, the hospital's city, the county) and the scene may be either. On the gvc dev
    set, of the candidate pairs of main mentions with far places, 32 of the 43 pairs of one
    incident have this, and 7 of the 2,140 pairs of two."""
    return bool(b.place_name) and b.place_name <= a.words


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return list(groups.values())


def _average_linkage(
    members: list[int], scores: Mapping[tuple[int, int], float], nodes: Sequence[Node]
) -> list[list[int]]:
    clusters = [[i] for i in sorted(members, key=lambda i: nodes[i].key)]

    def mean(a: list[int], b: list[int]) -> float:
        total = sum(scores.get((min(i, j), max(i, j)), MISSING) for i in a for j in b)
        return total / (len(a) * len(b))

    while len(clusters) > 1:
        best = max(
            (
                (mean(a, b), -x, -y)
                for (x, a), (y, b) in itertools.combinations(enumerate(clusters), 2)
            ),
            default=None,
        )
        if best is None or best[0] < THRESHOLD:
            break
        x, y = -best[1], -best[2]
        clusters[x] = sorted(clusters[x] + clusters[y], key=lambda i: nodes[i].key)
        del clusters[y]
    return clusters


@dataclass(frozen=True, slots=True)
class Component:
    """Nodes joined by positive evidence, with the scores of their candidate pairs (indexes
    into `nodes`). Clustering a component needs nothing outside it."""

    nodes: tuple[Node, ...]
    scores: Mapping[tuple[int, int], float]


def components(nodes: Sequence[Node]) -> list[Component]:
    """The connected components of the candidate graph's positive edges, in a stable order."""
    ordered = sorted(nodes, key=lambda n: n.key)
    scores = {}
    for i, j in candidate_pairs(ordered):
        s = pair_score(ordered[i], ordered[j])
        if s > NEVER:
            scores[(i, j)] = s
    edges = [pair for pair, s in scores.items() if s > 0]
    groups = sorted(_components(len(ordered), edges))
    # Where each node is: (its component, its index there); then one pass over the scores
    # gives every component its own (not one pass per component: that was quadratic).
    place = {m: (c, k) for c, members in enumerate(groups) for k, m in enumerate(members)}
    inside: list[dict[tuple[int, int], float]] = [{} for _ in groups]
    for (i, j), s in scores.items():
        (ci, ki), (cj, kj) = place[i], place[j]
        if ci == cj:
            inside[ci][(ki, kj)] = s
    return [
        Component(tuple(ordered[m] for m in members), inside[c]) for c, members in enumerate(groups)
    ]


def windowed_components(dated: Iterable[Node], undated: Sequence[Node]) -> Iterator[Component]:
    """The components of `components([*dated, *undated])`, found in one pass over `dated`
    in order of their intervals' starts while holding only a window of them: the nodes
    whose blocking weeks the pass has not left yet, the undated nodes, and the components
    still open. A dated node pairs only with nodes that share one of its weeks (or undated
    ones, all held), so once the pass starts a week after the last week of every member of
    a component without undated members, nothing to come can join it: it is yielded then.
    Components with an undated member are yielded at the end. Each yielded component is
    scored again from its own nodes, as `components` scores it, so it is the same record.

    Memory follows the density of reporting per week, not the length of the record; the
    undated nodes are the exception (they meet every week), as in blocking."""
    window = _Window()
    for n in undated:
        window.add(n, None)
    for i, j in candidate_pairs(undated):
        if pair_score(undated[i], undated[j]) > 0:
            window.union(undated[i].key, undated[j].key)
    previous: date | None = None
    for n in dated:
        weeks = block_weeks(n.mention)
        first = weeks[0][0]
        if previous is not None and first < previous:
            raise ValueError("windowed_components: dated nodes must come in order of start")
        previous = first
        for members in window.close_before(first):
            yield from components(members)
        seen = {n.key}
        for b in _neighbours(n, window.by_key, window.by_week):
            if b.key not in seen:
                seen.add(b.key)
                if pair_score(n, b) > 0:
                    window.union(n.key, b.key)
        window.add(n, weeks)
    for members in window.close_before(None):
        yield from components(members)


class _Window:
    """The open part of `windowed_components`: block indexes of the weeks not left yet (and
    of the undated nodes), and a union-find over the nodes of open components, each root
    with its members and the Monday of their last week (None: never closes)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[Node]] = defaultdict(list)
        self.by_week: dict[str, list[Node]] = defaultdict(list)
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}
        self.members: dict[tuple[str, int], list[Node]] = {}
        self.last: dict[tuple[str, int], date | None] = {}
        self.weeks: list[tuple[date, str]] = []  # heap: (Monday, week name)
        self.closing: list[tuple[date, tuple[str, int]]] = []  # heap: (last Monday, root)

    def add(self, n: Node, weeks: list[tuple[date, str]] | None) -> None:
        if n.key in self.parent:  # joined by union() before: already a member of a root
            root = self.find(n.key)
        else:
            root = n.key
            self.parent[root] = root
            self.members[root] = []
            self.last[root] = date.min if weeks is not None else None
        self.members[root].append(n)
        country = block_country(n.mention)
        if weeks is None:
            self.by_key[(country, UNDATED)].append(n)
            self.by_week[UNDATED].append(n)
            self.last[root] = None
            return
        for monday, week in weeks:
            if not self.by_week.get(week):
                heapq.heappush(self.weeks, (monday, week))
            self.by_key[(country, week)].append(n)
            self.by_week[week].append(n)
        self._extend(root, weeks[-1][0])

    def _extend(self, root: tuple[str, int], monday: date | None) -> None:
        last = self.last[root]
        if last is not None:
            last = None if monday is None else max(last, monday)
            self.last[root] = last
        if last is not None:
            heapq.heappush(self.closing, (last, root))

    def find(self, key: tuple[str, int]) -> tuple[str, int]:
        parent = self.parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        """Join the components of `a` (held, or about to be added) and `b` (held)."""
        if a not in self.parent:
            self.parent[a] = a
            self.members[a] = []
            self.last[a] = date.min
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        self._extend(ra, self.last.pop(rb))

    def close_before(self, monday: date | None) -> Iterator[list[Node]]:
        """Forget the weeks before `monday` and yield (then forget) the members of every
        open component whose last week is before it; None: everything."""
        while self.weeks and (monday is None or self.weeks[0][0] < monday):
            _, week = heapq.heappop(self.weeks)
            for n in self.by_week.pop(week, ()):
                self.by_key.pop((block_country(n.mention), week), None)
        if monday is None:
            roots = {r for r in self.members if self.parent[r] == r}
            self.closing = []
        else:
            roots = set()
            while self.closing and self.closing[0][0] < monday:
                last, root = heapq.heappop(self.closing)
                if self.parent.get(root) == root and self.last.get(root) == last:
                    roots.add(root)
        for root in sorted(roots):
            members = self.members.pop(root)
            del self.last[root]
            for n in members:
                del self.parent[n.key]
            yield members


def cluster(component: Component) -> list[list[Node]]:
    """The incidents of one component (average linkage, see the module docstring), its
    pairs scored again with the commonness of their values in the component."""
    nodes = component.nodes
    common = Commonness.of(nodes)
    scores = component.scores
    if common.counts:
        scores = {(i, j): pair_score(nodes[i], nodes[j], common) for i, j in scores}
    found = _average_linkage(list(range(len(nodes))), scores, nodes)
    found = _follow_ups_joined(found, scores, nodes)
    return sorted(([nodes[i] for i in c] for c in found), key=lambda g: g[0].key)


def _follow_ups_joined(
    clusters: list[list[int]], scores: Mapping[tuple[int, int], float], nodes: Sequence[Node]
) -> list[list[int]]:
    """A main mention left alone joins the incident that its own article's background
    mention joined, when it links with that incident's mentions from other articles as
    clusters merge (mean score at least THRESHOLD): only the rule that mentions of one
    article never link kept it out. The article told its news (a death, an arrest, dated
    by its own day) apart from the incident it follows, which other reports link to. The
    incident with the highest mean wins; ties go to the smallest key."""
    where = {i: k for k, members in enumerate(clusters) for i in members}
    holding: dict[str, set[int]] = defaultdict(set)  # article -> the clusters holding it
    for i, k in where.items():
        holding[nodes[i].mention.article].add(k)
    moves: dict[int, int] = {}
    for k, members in enumerate(clusters):
        if len(members) != 1 or nodes[members[0]].mention.role != "main":
            continue
        i = members[0]
        article = nodes[i].mention.article
        options = []
        for j in sorted(holding[article] - {k}):
            others = [x for x in clusters[j] if nodes[x].mention.article != article]
            if not others:
                continue
            pair = [scores.get((min(i, x), max(i, x)), MISSING) for x in others]
            options.append((-sum(pair) / len(pair), min(nodes[x].key for x in clusters[j]), j))
        best = min(options, default=None)
        if best is not None and -best[0] >= THRESHOLD:
            moves[i] = best[2]
    if not moves:
        return clusters
    joined = [list(members) for members in clusters]
    for i, j in moves.items():
        joined[j].append(i)
        joined[where[i]] = []
    return [sorted(c, key=lambda i: nodes[i].key) for c in joined if c]


def link(nodes: Sequence[Node]) -> list[list[Node]]:
    """Groups of nodes that describe one incident each, in a stable order."""
    groups = [group for c in components(nodes) for group in cluster(c)]
    return sorted(groups, key=lambda g: g[0].key)


def group_id(group: Sequence[Node]) -> str:
    """A stable incident id: a hash of the smallest mention key of the group."""
    article, index = min(n.key for n in group)
    return hashlib.sha256(f"{article}:{index}".encode()).hexdigest()[:16]
