"""Places: toponyms in an article, resolved to gazetteer places, and the place of an incident.

`places_in(doc)` finds the toponyms of an article (crosswire.extract.toponyms) and resolves
each to one gazetteer place (crosswire.gazetteer); `place_of(sents, places)` picks the
location of an incident from the places named in the sentences that tell it.

Resolution. The article's countries are those it names and the one most toponyms could lie
in (`_likely_country`: "in Altar, Sonora ... near the United States border" is in Mexico).
Each candidate is scored (`_score`): in those countries; in a province
the article names; within NEAR_KM of an unambiguous place named nearby in the text; near a
candidate of another name of the article, or in a district another name may be
(`_Context.companion`); fitting the division word; a town rather than a division; named by
its main name rather than an alias; then population. Some candidates are refused, so that
a village the gazetteer lacks stays unresolved instead of jumping to a same-sounding place
elsewhere: outside the article's countries or named provinces unless populous
(SMALL_ABROAD), and districts outside the named provinces; named by an alias without
support; far (LOCAL_KM) from the article's other local places; outside the division a
qualifier names ("Pisky, Donetsk", "Kansas City, Mo.", "NAPLES, Fla."). The mentions of one
name resolve together (one sense per article).

Anchors: a toponym after "eight kilometers east of", "south of", "near", "outside",
"outskirts of", "close to", "border with", or before "countryside", is an anchor: the mention
records the relation word in `anchor_of`, and a town anchor has precision "near". A village
the gazetteer lacks, "south of X", thus falls back to X with precision "near".

Divisions on the map: a province or district is put at its seat, the most populous town in
it that bears its name (Mykolaiv oblast at Mykolaiv), else at the centre of its towns. A
district the gazetteer lacks is named after its seat ("Al Amadiya district"): the town, with
the precision of a district.

Precision codes and their ACLED and UCDP equivalents:

    precision  meaning                               ACLED geo_precision  UCDP where_prec
    point      the named town, village or site       1                    1
    near       near, or part of, the named place     2                    2
    admin2     a second-level division (district)    3                    3
    admin1     a first-level division (province)     3                    4
    country    only the country is known             (none; 3)            6
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from crosswire import gazetteer
from crosswire.extract.toponyms import (
    abbreviates,
    anchor_word,
    attributive,
    bare_name,
    dateline_of,
    fits,
    kind_of,
    place_words,
    qualifier_of,
    toponym_spans,
    us_state,
)
from crosswire.geo import location_km
from crosswire.models import Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from crosswire.gazetteer import Place

Precision = Literal["point", "near", "admin2", "admin1", "country"]
PRECISION_ORDER: tuple[Precision, ...] = ("point", "near", "admin2", "admin1", "country")
ACLED_GEO_PRECISION = {"point": 1, "near": 2, "admin2": 3, "admin1": 3, "country": 3}
UCDP_WHERE_PREC = {"point": 1, "near": 2, "admin2": 3, "admin1": 4, "country": 6}

NEAR_KM = 50.0  # places this close count as near each other
NEAR_CHARS = 400  # places named this close in the text are expected to lie near each other
LOCAL_KM = 300.0  # how far apart the local places of one article may lie
DATELINE_KM = 150.0  # a town this far from the dateline's town is not taken over it
SMALL_ABROAD = 250000  # a town outside the article's countries or provinces: this populous
ALIAS_MIN_POPULATION = 10000  # a town named by an alias, without other support
VOTE_FLOOR = 10000  # smooths the population shares of a toponym's country vote
COMPANION = 1.5  # the score of lying near a sense of another name of the article
COMPANIONS = 20  # the most populous candidates of each name that count as companions


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym resolved to a place; `anchor_of` is the relation word of "south of X";
    `dateline` marks the place of a dateline ("WICHITA, Kan. (AP) -")."""

    span: tuple[int, int]
    text: str
    location: Location
    anchor_of: str | None
    dateline: bool = False


@dataclass(slots=True)
class _Toponym:
    span: Span
    kind: int | None  # gazetteer level a division word points to, or CONTAINER
    qualifier: str | None  # the name after "X, ": "Mo.", "Indiana"
    anchor: str | None
    candidates: list[Place]
    attributive: bool = False  # a name used as an attribute: "Pakistan military shelling"


def _lookup(span: Span, kind: int | None) -> list[Place]:
    """Candidates for the span's text, else without "the", a trailing division word or a
    leading quarter ("Southwest Baltimore"). With a division word, those of its level, else
    the divisions of that level they lie in ("Idleb governorate": the city's province).
    Districts only with a division word or alone: a bare "Toledo" is a town, not a district.
    A division word before a country's name is the country ("State of Iraq").
    A district the gazetteer lacks (the town's own district has another name) is named
    after its seat ("Al Amadiya district"): the towns of that name, which `_location` gives
    the precision of a district.
    """
    text = span.text[4:] if span.text.lower().startswith("the ") else span.text
    bare = bare_name(span)
    found = gazetteer.get().lookup(text) or gazetteer.get().lookup(bare)
    first, _, rest = bare.partition(" ")
    if not found and rest and first.lower() in place_words("quarter"):
        found = gazetteer.get().lookup(rest)
    if kind is None or not found:
        return [p for p in found if p.level != gazetteer.ADMIN2 or text != bare] or found
    fitting = [p for p in found if fits(p, kind)]
    if fitting or kind not in (gazetteer.ADMIN1, gazetteer.ADMIN2):
        return fitting or found
    nations = [p for p in found if p.level == gazetteer.COUNTRY]
    if nations:  # "the Islamic State of Iraq": a state that is a country
        return nations
    divisions = _divisions_of(found, kind)
    seats = [p for p in found if p.level == gazetteer.PLACE]
    if kind == gazetteer.ADMIN2 and seats and not any(_named_after(d, bare) for d in divisions):
        return seats
    return divisions or found


def _site_of(span: Span) -> list[Place]:
    """The towns a site is named after, when the gazetteer lacks the site: "Donetsk
    Filtration Station", "Kakuma Refugee Camp" (capitalised words that end in a facility
    word of places.tsv, after a town's name). The site's place is near the town."""
    if len(span) < 2 or span[-1].lower_ not in place_words("facility"):
        return []
    for cut in range(len(span) - 1, 0, -1):
        if not all(t.is_title for t in span[cut:]):
            break
        towns = [p for p in gazetteer.get().lookup(span[:cut].text) if p.level == gazetteer.PLACE]
        if towns:
            return towns
    return []


def _named_after(division: Place, name: str) -> bool:
    """Whether the division's name holds the name ("Shwebo District" and "Shwebo")."""
    return f" {gazetteer.normalize(name)} " in f" {gazetteer.normalize(division.name)} "


def _divisions_of(places: list[Place], level: int) -> list[Place]:
    """The divisions of `level` that the places lie in."""
    found = {
        d.geonameid: d
        for p in places
        for d in gazetteer.get().lookup((p.admin1 if level == 1 else p.admin2) or "")
        if d.level == level and (d.country, d.admin1) == (p.country, p.admin1)
    }
    return list(found.values())


def _in_qualifier(place: Place, qualifier: str) -> bool:
    """Whether the place lies in the division or country `qualifier` names or abbreviates."""
    state = us_state(qualifier)
    if state is not None:
        return place.country == "US" and place.admin1 == state
    for division in gazetteer.get().lookup(qualifier):
        if division.country != place.country or division.level > gazetteer.ADMIN2:
            continue
        same1 = division.level == gazetteer.COUNTRY or _holds(division, place)
        if same1 and (division.level < gazetteer.ADMIN2 or division.admin2 == place.admin2):
            return True
    return abbreviates(qualifier, place.admin1)


def _holds(province: Place | Location, place: Place | Location) -> bool:
    """Whether the place lies in the province, or in a province of the region it is
    (`gazetteer.Gazetteer.provinces_in`)."""
    country, admin1 = province.country, province.admin1
    if not country or not admin1 or country != place.country:
        return False
    return place.admin1 in gazetteer.get().provinces_in(country, admin1)


def _qualified(candidates: list[Place], qualifier: str | None) -> list[Place]:
    """The candidates in the division the qualifier names ("Pisky, Donetsk"), or the
    divisions among them in the country it names ("Al Anbar, Iraq"). When it names known
    divisions that hold none of them, only populous towns of the same country stay (the
    words may be a list, "Homs, Hama")."""
    if not qualifier:
        return candidates
    inside = [p for p in candidates if p.level > gazetteer.ADMIN1 and _in_qualifier(p, qualifier)]
    if inside:
        return inside
    found = gazetteer.get().lookup(qualifier)
    nations = {p.country for p in found if p.level == gazetteer.COUNTRY}
    divisions = [p for p in candidates if gazetteer.COUNTRY < p.level < gazetteer.PLACE]
    if any(p.country in nations for p in divisions):  # "Al Anbar, Iraq": the province
        return [p for p in divisions if p.country in nations]
    countries = {p.country for p in found if p.level <= gazetteer.ADMIN2}
    if not countries:
        return candidates
    big = [p for p in candidates if p.level == gazetteer.PLACE and p.population >= SMALL_ABROAD]
    return [p for p in big if p.country in countries]


def _likely_country(toponyms: list[_Toponym]) -> str | None:
    """The country most toponyms could lie in. Each toponym has a vote (two when a candidate
    is a country, province or district, or when it is the dateline), shared among its
    candidates' countries after the population of the largest in each (+ VOTE_FLOOR):
    "San Antonio" votes mostly for the United States.
    A toponym also votes once for each country where one of its candidates lies within
    NEAR_KM of a candidate of another name whose candidates all lie in that country
    ("Santa Cruz" near "Watsonville": the United States, not Bolivia; two names that are
    both common, "Washington" and "Moscow", have towns near each other in many countries
    and say nothing). Ties go to the country of the most populous candidate (a hamlet
    called "Dardara" abroad and the city of Homs: Syria). Names used as attributes ("Grad missiles",
    `attributive`) and demonyms do not vote: "Russian forces" fight abroad."""
    votes: Counter[str] = Counter()
    dateline = dateline_of(toponyms[0].span.doc) if toponyms else None
    voting = [t for t in toponyms if not t.attributive]
    nations: dict[str, set[str]] = defaultdict(set)
    for top in voting:
        nations[_group_key(top)].update(p.country for p in top.candidates)
    towns = [(k, p) for k, p in _companions(voting)[0] if len(nations[k]) == 1]
    for top in voting:
        weight = 2.0 if any(p.level <= gazetteer.ADMIN2 for p in top.candidates) else 1.0
        weight = 2.0 if dateline is not None and top.span.start == dateline.start else weight
        biggest: dict[str, int] = {}
        for p in top.candidates:
            biggest[p.country] = max(biggest.get(p.country, 0), p.population + VOTE_FLOOR)
        total = sum(biggest.values())
        votes.update({c: weight * n / total for c, n in biggest.items()})
        votes.update(_companion_countries(top, towns))
    if not votes:
        return None
    most = max(votes.values())
    tied = {c for c, v in votes.items() if v == most}
    voters = [p for t in toponyms if not t.attributive for p in t.candidates]
    return max((p for p in voters if p.country in tied), key=lambda p: p.population).country


def _companion_countries(top: _Toponym, towns: list[tuple[str, Place]]) -> set[str]:
    """The countries where a candidate of the toponym lies within NEAR_KM of a candidate
    (among `towns`: those of names that lie in one country only) of another name."""
    key = _group_key(top)
    return {
        p.country
        for p in top.candidates[:COMPANIONS]
        if any(
            k != key
            and p.country == q.country
            and abs(p.lat - q.lat) < 1
            and _distance_km(p, q) < NEAR_KM
            for k, q in towns
        )
    }


def _distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


# (country, province, district) -> keys of the names that may be that district
Districts = dict[tuple[str, str | None, str | None], set[str]]


@dataclass(frozen=True, slots=True)
class _Context:
    countries: set[str]  # named in the article, else the likely one
    admin1: dict[tuple[str, str], set[int]]  # (country, province) -> toponyms naming it
    fixed: list[tuple[int, Place]]  # toponym index and place, where that is unambiguous
    offsets: list[int]  # where each toponym starts
    others: list[tuple[str, Place]] = field(default_factory=list)  # name key, candidate
    districts: Districts = field(default_factory=dict)

    def companion(self, place: Place, top: _Toponym) -> bool:
        """Whether a candidate of a toponym of another name lies within NEAR_KM, or is a
        district that holds the place: of two ambiguous names, "Lakeland" and "Polk
        County", or "Campbellsburg" and "Washington County", the senses that lie together."""
        key = _group_key(top)
        holders = self.districts.get((place.country, place.admin1, place.admin2), set())
        return bool(holders - {key}) or any(
            k != key and abs(p.lat - place.lat) < 1 and _distance_km(p, place) < NEAR_KM
            for k, p in self.others
        )

    def province_named(self, place: Place, index: int) -> bool:
        """Whether another toponym names the place's province."""
        return bool(self.admin1.get((place.country, place.admin1 or ""), set()) - {index})

    def near(self, place: Place, index: int) -> bool:
        """Whether an unambiguous place named within NEAR_CHARS lies within NEAR_KM."""
        return any(
            i != index
            and abs(self.offsets[i] - self.offsets[index]) <= NEAR_CHARS
            and _distance_km(p, place) < NEAR_KM
            for i, p in self.fixed
        )


def _main_name(place: Place, top: _Toponym) -> bool:
    """Whether the toponym is written as the place's main name (not one of its aliases)."""
    main, written = gazetteer.name_keys(place.name), gazetteer.name_keys(top.span.text)
    return bool(main and written and (main[0] in written[0] or main[1] == written[1]))


def _score(place: Place, index: int, top: _Toponym, ctx: _Context) -> float:
    """Higher is better: see the module docstring for the evidence."""
    score = math.log10(place.population + 10) / 2
    score += 4 * (place.country in ctx.countries) + 3 * fits(place, top.kind)
    score += 2 * (place.level > gazetteer.ADMIN1 and ctx.province_named(place, index))
    score += 2 * ctx.near(place, index) + _main_name(place, top)
    score += COMPANION * ctx.companion(place, top)
    return score + (top.kind is None and place.level == gazetteer.PLACE)


def _allowed(place: Place, index: int, top: _Toponym, ctx: _Context) -> bool:
    """Whether the candidate may be meant: see the refusals in the module docstring."""
    at_home = not ctx.countries or place.country in ctx.countries
    provinces = {a for c, a in ctx.admin1 if c == place.country}
    if place.level == gazetteer.ADMIN2 and provinces and place.admin1 not in provinces:
        return False
    if place.level != gazetteer.PLACE:
        return at_home or place.level == gazetteer.COUNTRY
    if not at_home and place.population < SMALL_ABROAD:
        return False
    if provinces and place.admin1 not in provinces and place.population < SMALL_ABROAD:
        return False
    if not _main_name(place, top) and not (
        (at_home and place.population >= ALIAS_MIN_POPULATION)
        or ctx.province_named(place, index)
        or ctx.near(place, index)
    ):
        return False
    return _coherent(place, index, top, ctx)


def _coherent(place: Place, index: int, top: _Toponym, ctx: _Context) -> bool:
    """A small town far (LOCAL_KM) from every unambiguous local place of its country that
    the article names is a same-sounding place elsewhere, unless qualified ("Salem, Mass.")
    or in a province the article names."""
    if place.population >= SMALL_ABROAD or top.qualifier or ctx.province_named(place, index):
        return True
    local = [p for i, p in ctx.fixed if i != index and p.level >= 2 and p.country == place.country]
    return not local or any(_distance_km(p, place) < LOCAL_KM for p in local)


def _context(toponyms: list[_Toponym]) -> _Context:
    """Countries, provinces and unambiguous places, from a first resolution of each toponym.

    The article names a country when a toponym's only country or province is a country,
    unless the name is an attribute ("the Pakistan military", `attributive`); the likely
    country joins them. A province is named by its name (a region by its name names its
    provinces: "Gaza Strip"), or by a town's "countryside"
    ("Aleppo countryside": the rural part of its province). A toponym is unambiguous
    when its other allowed candidates lie near its best one or have a tenth of its
    population.
    """
    countries: set[str] = set()
    for top in toponyms:
        divisions = [p for p in top.candidates if p.level <= gazetteer.ADMIN1]
        if len(divisions) == 1 and divisions[0].level == gazetteer.COUNTRY and not top.attributive:
            countries.add(divisions[0].country)
    likely = _likely_country(toponyms)
    countries |= {likely} if likely else set()
    base = _Context(countries, {}, [], [t.span.start_char for t in toponyms])
    admin1: dict[tuple[str, str], set[int]] = defaultdict(set)
    fixed: list[tuple[int, Place]] = []
    for index, top in enumerate(toponyms):
        best = _resolve_group([index], toponyms, base)
        if best is None:
            continue
        rural = best.level == gazetteer.PLACE and top.anchor == "countryside"
        if (best.level == gazetteer.ADMIN1 or rural) and best.admin1:
            for province in gazetteer.get().provinces_in(best.country, best.admin1):
                admin1[(best.country, province)].add(index)
        others = [p for p in top.candidates if _distance_km(p, best) >= NEAR_KM]
        others = [p for p in others if _allowed(p, -1, top, base)]
        small = all(p.population * 10 <= best.population for p in others)
        if best.level <= gazetteer.ADMIN1 or small:
            fixed.append((index, best))
    return _Context(countries, admin1, fixed, base.offsets, *_companions(toponyms))


def _companions(toponyms: list[_Toponym]) -> tuple[list[tuple[str, Place]], Districts]:
    """The towns and districts each name may be (the COMPANIONS most populous towns), with
    the name's key, and the districts by (country, province, district)."""
    towns = [
        (_group_key(top), p)
        for top in toponyms
        for p in top.candidates[:COMPANIONS]
        if p.level > gazetteer.ADMIN1
    ]
    districts: Districts = defaultdict(set)
    for top in toponyms:
        for p in top.candidates:
            if p.level == gazetteer.ADMIN2:
                districts[(p.country, p.admin1, p.admin2)].add(_group_key(top))
    return towns, dict(districts)


def _groups(toponyms: list[_Toponym]) -> list[list[int]]:
    """Indexes of the toponyms that share a name and kind; a qualified one's candidates are
    given to all."""
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for index, top in enumerate(toponyms):
        groups[(_group_key(top), top.kind)].append(index)
    for members in groups.values():
        narrowed = [toponyms[i].candidates for i in members if toponyms[i].qualifier]
        for i in members if narrowed else ():
            toponyms[i].candidates = min(narrowed, key=len)
    return list(groups.values())


def _group_key(top: _Toponym) -> str:
    keys = gazetteer.name_keys(bare_name(top.span))
    return keys[1] if keys else top.span.text


def _resolve_group(members: list[int], toponyms: list[_Toponym], ctx: _Context) -> Place | None:
    """The allowed candidate with the best score summed over the mentions of one name."""
    totals: dict[int, float] = defaultdict(float)
    places: dict[int, Place] = {}
    for index in members:
        top = toponyms[index]
        for place in top.candidates:
            if _allowed(place, index, top, ctx):
                totals[place.geonameid] += _score(place, index, top, ctx)
                places[place.geonameid] = place
    best = max(totals, key=lambda g: (totals[g], places[g].population), default=None)
    return places[best] if best is not None else None


def _location(place: Place, anchored: bool, kind: int | None = None) -> Location:
    """The place as a location; a town named as a district ("Al Amadiya district") has the
    precision of a district."""
    precision: Precision = ("country", "admin1", "admin2", "point")[min(place.level, 3)]
    if kind == gazetteer.ADMIN2 and place.level == gazetteer.PLACE:
        precision = "admin2"
    elif anchored and place.level == gazetteer.PLACE:
        precision = "near"
    lat, lon = _seat(place)
    where = (place.admin1, place.admin2, lat, lon)
    return Location(place.name, place.country, *where, precision, str(place.geonameid))


@cache
def _seat(place: Place) -> tuple[float, float]:
    """Where a place is put on the map: a division at its seat, the most populous town in
    it that bears its name ("Mykolaiv" oblast at the city of Mykolaiv), else at the centre
    of its towns; any other place at its own point."""
    if place.level not in (gazetteer.ADMIN1, gazetteer.ADMIN2):
        return place.lat, place.lon
    towns = [
        p
        for p in gazetteer.get().lookup(place.name)
        if p.level == gazetteer.PLACE
        and p.country == place.country
        and p.admin1 == place.admin1
        and (place.level == gazetteer.ADMIN1 or p.admin2 == place.admin2)
    ]
    return (towns[0].lat, towns[0].lon) if towns else (place.lat, place.lon)


def places_in(doc: Doc) -> list[PlaceMention]:
    """Every toponym of the article that resolves to a gazetteer place, in text order. An
    abbreviation that qualifies the name before it ("Fla." in "NAPLES, Fla.") is not one."""
    toponyms, spans, abbreviations = [], toponym_spans(doc), set()
    for span, following in zip(spans, [*spans[1:], None], strict=False):
        kind, qualifier = kind_of(span), qualifier_of(span, following)
        if qualifier and following is not None and abbreviates(qualifier, qualifier):
            abbreviations.add(following.start)
        candidates, anchor = _qualified(_lookup(span, kind), qualifier), anchor_word(span)
        if not candidates:
            candidates, anchor = _site_of(span), anchor or (span[-1].lower_ if len(span) else None)
        if candidates and span.start not in abbreviations:
            toponyms.append(_Toponym(span, kind, qualifier, anchor, candidates, attributive(span)))
    groups = _groups(toponyms)
    ctx = _context(toponyms)
    dateline = dateline_of(doc)
    mentions = []
    for members in groups:
        place = _resolve_group(members, toponyms, ctx)
        for top in [toponyms[i] for i in members] if place is not None else []:
            location = _location(place, top.anchor is not None, top.kind)  # type: ignore[arg-type]
            where = (top.span.start_char, top.span.end_char)
            filed = dateline is not None and top.span.start == dateline.start
            mentions.append(PlaceMention(where, top.span.text, location, top.anchor, filed))
    return sorted(mentions, key=lambda m: m.span)


def _rank(mention: PlaceMention) -> int:
    return PRECISION_ORDER.index(mention.location.precision)


def _best(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The most precise mention, the earliest among equals."""
    return min(mentions, key=lambda m: (_rank(m), m.span[0]), default=None)


def _first_sentence(
    sents: list[Span], places: list[PlaceMention], precisions: set[str]
) -> tuple[int, PlaceMention] | None:
    """The first sentence naming a place of those precisions, and its best such place."""
    for i, sent in enumerate(sents):
        fitting = [m for m in places if m.location.precision in precisions]
        inside = [m for m in fitting if sent.start_char <= m.span[0] < sent.end_char]
        if inside:
            return i, _best(inside)  # type: ignore[return-value]
    return None


def place_of(sents: list[Span], doc_places: list[PlaceMention]) -> Location | None:
    """The location of an incident told in `sents`: see `_told_place`. A dateline town
    among `doc_places` replaces what the sentences give when that is only a province or
    the country, or a town of its country more than DATELINE_KM away whose name other
    towns bear too: local reporters file from the town of the incident or one near it,
    and a far town of a shared name is more often a same-named place elsewhere. A town
    only one place bears stays: a report filed in the capital about a strike in Mosul."""
    filed = next((m for m in doc_places if m.dateline and _rank(m) <= 1), None)
    found = _told_place(sents, [m for m in doc_places if not m.dateline] if filed else doc_places)
    if filed is None or found is None or found.country != filed.location.country:
        return found if found is not None else (filed.location if filed else None)
    if found.precision in ("admin1", "country"):
        return filed.location
    far = found.precision in ("point", "near") and (location_km(found, filed.location) or 0)
    return filed.location if far and far > DATELINE_KM and _shared_name(found) else found


def _shared_name(location: Location) -> bool:
    """Whether towns in more than one province bear the location's name."""
    towns = [p for p in gazetteer.get().lookup(location.name) if p.level == gazetteer.PLACE]
    return len({(p.country, p.admin1) for p in towns}) > 1


def _town_in(district: Location, sents: list[Span], doc_places: list[PlaceMention]) -> Location:
    """The first town in the district that the sentences name, else the district."""
    inside = (district.country, district.admin1, district.admin2)
    for sent in sents:
        for m in doc_places:
            loc = m.location
            if not sent.start_char <= m.span[0] < sent.end_char or _rank(m) > 1:
                continue
            if (loc.country, loc.admin1, loc.admin2) == inside:
                return loc
    return district


def _told_place(sents: list[Span], doc_places: list[PlaceMention]) -> Location | None:
    """The location of an incident told in `sents`, from the article's places.

    The first sentence that names a town, a place near a town or a district gives it (its
    most precise place, the earliest among equals), unless a sentence more than two before
    it names a province the town is not in: then that province (a long account names its
    incident's place early, and other places, where officials spoke, later). Failing those,
    the first country the sentences name; when they name no place, the article's first
    town or anchored place, else its first place. A district gives way to the first town
    in it that a later sentence names ("Harris County deputies ... in Cypress"); not a
    district known only by its seat ("Metema woreda").
    """
    fine = _first_sentence(sents, doc_places, {"point", "near", "admin2"})
    coarse = _first_sentence(sents, doc_places, {"admin1"})
    if (
        fine is not None
        and coarse is not None
        and fine[0] > coarse[0] + 2
        and not _holds(coarse[1].location, fine[1].location)
    ):
        return coarse[1].location
    district = fine[1].location if fine is not None else None
    if district is not None and district.precision == "admin2" and district.admin2 == district.name:
        return _town_in(district, sents[fine[0] :], doc_places)  # type: ignore[index]
    if fine is not None or coarse is not None:
        return (fine or coarse)[1].location  # type: ignore[index]
    best = _best(
        [m for m in doc_places if any(s.start_char <= m.span[0] < s.end_char for s in sents)]
    )
    if best is None:
        local = [m for m in doc_places if _rank(m) <= 1]
        best = min(local or doc_places, key=lambda m: m.span[0], default=None)
    return best.location if best is not None else None
