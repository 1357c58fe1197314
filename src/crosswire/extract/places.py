"""Places: toponyms in an article, resolved to gazetteer places, and the place of an incident.

`places_in(doc)` finds the toponyms of an article and resolves each to one gazetteer place
(crosswire.gazetteer); `place_of(sents, places)` picks the location of an incident from the
places named in the sentences that tell it. The English words the rules read are in
places.tsv.

Toponyms are the spans the pipeline tags GPE, LOC or FAC, and spans tagged otherwise or
untagged proper-noun runs that sit where places sit: after a locative preposition ("in",
"near", also "in northern X"), after "town of", before a division word ("Idlib countryside",
"Loikaw district") or an institution ("Chicago Police", "an Allentown man"), continuing a
list of places ("(Ansongo, Gao)"), or in a dateline in capitals ("INDIANAPOLIS (WISH) -").
Not places: names in "pro-Iran" or "Turkey-backed", and people's names (a PERSON of two
words elsewhere, "Mr. X", "X said"). A division word says which kind of place is meant;
a name after "X," or "X (" is taken for a division that holds X (a container).

Resolution. The article's countries are those it names, else the one most toponyms could lie
in (`_likely_country`). Each candidate is scored (`_score`): in those countries; in a province
the article names; within NEAR_KM of an unambiguous place named nearby in the text; fitting
the division word; a town rather than a division; named by its main name rather than an
alias; then population. Some candidates are refused, so that a village the gazetteer lacks
stays unresolved instead of jumping to a same-sounding place elsewhere: outside the
article's countries or named provinces unless populous (SMALL_ABROAD); named by an alias
without support; far (LOCAL_KM) from the article's other local places; outside the division a
qualifier names ("Pisky, Donetsk", "Kansas City, Mo.", "NAPLES, Fla."). The mentions of one
name resolve together (one sense per article).

Anchors: a toponym after "eight kilometers east of", "south of", "near", "outside",
"outskirts of", "close to", "border with", or before "countryside", is an anchor: the mention
records the relation word in `anchor_of`, and a town anchor has precision "near". A village
the gazetteer lacks, "south of X", thus falls back to X with precision "near".

Precision codes and their ACLED and UCDP equivalents:

    precision  meaning                               ACLED geo_precision  UCDP where_prec
    point      the named town, village or site       1                    1
    near       near, or part of, the named place     2                    2
    admin2     a second-level division (district)    3                    3
    admin1     a first-level division (province)     3                    4
    country    only the country is known             (none; 3)            6
"""

from __future__ import annotations

import importlib.resources
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from crosswire import gazetteer
from crosswire.models import Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from crosswire.gazetteer import Place

Precision = Literal["point", "near", "admin2", "admin1", "country"]
PRECISION_ORDER: tuple[Precision, ...] = ("point", "near", "admin2", "admin1", "country")
ACLED_GEO_PRECISION = {"point": 1, "near": 2, "admin2": 3, "admin1": 3, "country": 3}
UCDP_WHERE_PREC = {"point": 1, "near": 2, "admin2": 3, "admin1": 4, "country": 6}

PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
CONTAINER = -1  # the kind of a name after "X," or "X (": a division holding X
NEAR_KM = 50.0  # places this close count as near each other
NEAR_CHARS = 400  # places named this close in the text are expected to lie near each other
LOCAL_KM = 300.0  # how far apart the local places of one article may lie
SMALL_ABROAD = 250000  # a town outside the article's countries or provinces: this populous
ALIAS_MIN_POPULATION = 10000  # a town named by an alias, without other support
VOTE_FLOOR = 10000  # smooths the population shares of a toponym's country vote


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym resolved to a place; `anchor_of` is the relation word of "south of X"."""

    span: tuple[int, int]
    text: str
    location: Location
    anchor_of: str | None


@cache
def _table() -> tuple[dict[str, frozenset[str]], dict[str, int]]:
    """places.tsv: the words of each group, and the level each division word points to."""
    text = importlib.resources.files(__package__).joinpath("places.tsv").read_text("utf-8")
    groups: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, int] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            group, word, *level = line.split("\t")
            groups[group].add(word)
            kinds.update({word: int(level[0])} if level else {})
    return {g: frozenset(w) for g, w in groups.items()}, kinds


def _words(group: str) -> frozenset[str]:
    return _table()[0].get(group, frozenset())


def _kind_word(word: str) -> int | None:
    """The level of a division word, singular or plural ("districts")."""
    kinds = _table()[1]
    return kinds.get(word, kinds.get(word[:-1]) if word.endswith("s") else None)


@dataclass(slots=True)
class _Toponym:
    span: Span
    kind: int | None  # gazetteer level a division word points to, or CONTAINER
    qualifier: str | None  # the name after "X, ": "Mo.", "Indiana"
    anchor: str | None
    candidates: list[Place]


def _toponym_spans(doc: Doc) -> list[Span]:
    """Spans that name places: see the module docstring."""
    people = _people(doc)
    place_ends: set[int] = set()
    found: list[Span] = []
    for span in sorted(_candidate_spans(doc), key=lambda s: (s.start, -s.end)):
        if _modifier(span) or all(t.lower_ in people or t.is_stop for t in span):
            continue
        if found and span.start < found[-1].end:
            continue
        listed = span.start >= 2 and doc[span.start - 1].text in {",", "(", "and", "or"}
        if (
            span.label_ in PLACE_LABELS
            or _in_place_slot(span)
            or (listed and span.start - 2 in place_ends)
            or (listed and doc[span.start - 1].text in ",(" and _names_a_division(span))
        ):
            found.append(span)
            place_ends.add(span.end - 1)
            if span.end < len(doc) and _kind_word(doc[span.end].lower_) is not None:
                place_ends.add(span.end)
    return found


def _people(doc: Doc) -> set[str]:
    """Lowercase words of people's names: of PERSON entities of two words or more (unless
    where places go: "the village of Tall Zarzur"), of names after a title ("Mr. Rodriguez"),
    and of names before a speech verb ("McKinney said") unless tagged as a place there
    ("Damascus said" names a government)."""
    people = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    found = {t.lower_ for e in people if not _in_place_slot(e) for t in e}
    for token in doc:
        if not token.is_title or token.is_stop:
            continue
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        before = doc[token.i - 1].lower_.rstrip(".") if token.i > 0 else ""
        speaks = after in _words("speech") and token.ent_type_ not in PLACE_LABELS
        if before in _words("title") or speaks:
            found.add(token.lower_)
    return found


def _candidate_spans(doc: Doc) -> list[Span]:
    """Entities (cut before an institution word, "Chicago Police", or after "County"/"City",
    "Lucas County Juvenile Court"), untagged runs of proper nouns, and the dateline."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS | OTHER_LABELS:
            continue
        inner = [t for t in ent if t.i > ent.start]
        cut = next((t.i for t in inner if t.lower_ in _words("institution")), None)
        kinds = [t.i + 1 for t in inner if t.lower_ in {"county", "city"}]
        cut = kinds[-1] if kinds else cut
        spans.append(doc[ent.start : cut] if cut is not None and cut < ent.end else ent)
    taken = {t.i for e in doc.ents for t in e}
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and _proper(token) and token.i not in taken:
            run.append(token)
        elif run:
            spans.append(doc[run[0].i : run[-1].i + 1])
            run = []
    dateline = _dateline(doc)
    return [*spans, dateline] if dateline is not None else spans


def _dateline(doc: Doc) -> Span | None:
    """Words in capitals (or joined by hyphens, "WILKES-BARRE") that open one of the first
    lines, before "(", a dash or a comma."""
    starts = [0] + [t.i + 1 for t in doc[:80] if "\n" in t.text_with_ws]
    for start in starts[:4]:
        while start < len(doc) and doc[start].is_space:
            start += 1
        end = start
        while end < min(len(doc), start + 6) and (
            (doc[end].is_upper and doc[end].is_alpha)
            or (doc[end].text == "-" and end > start and not doc[end - 1].whitespace_)
        ):
            end += 1
        end -= end > start and doc[end - 1].text == "-"
        if start < end < len(doc) and doc[end].text in {"(", "-", "--", "–", "—", ","}:
            return doc[start:end]
    return None


def dateline_span(doc: Doc) -> tuple[int, int] | None:
    """Character offsets of the dateline's place, if the article opens with one."""
    span = _dateline(doc)
    return (span.start_char, span.end_char) if span is not None else None


def _names_a_division(span: Span) -> bool:
    """Whether the span is the name of a province or district ("Airdrome, Kirovograd")."""
    return any(p.level in (1, 2) for p in gazetteer.get().lookup(_bare(span)))


def _proper(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.text[-1:].isalpha()


def _modifier(span: Span) -> bool:
    """A name in "pro-Iran", "anti-Assad" or "Turkey-backed", or after a model code ("BM-21
    Grad"): an attribute or a product, not a place."""
    doc = span.doc
    code = doc[span.start - 1].text if span.start else ""
    if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
        return True
    if span.start >= 2 and doc[span.start - 1].text == "-":
        return doc[span.start - 2].lower_ in {"pro", "anti"}
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].is_lower


def _in_place_slot(span: Span) -> bool:
    """After a locative preposition (past words like "northern") or "town of"; before a
    division word or an institution ("an Allentown man"); or the dateline."""
    doc, start = span.doc, span.start
    while start > 0 and doc[start - 1].lower_ in _words("quarter"):
        start -= 1
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before == "of" and start >= 2 and _kind_word(doc[start - 2].lower_) is not None:
        return True
    return (
        before in _words("locative")
        or _kind_word(after) is not None
        or after in _words("after_anchor") | _words("institution")
        or _dateline(doc) == span
    )


def _kind(span: Span) -> int | None:
    """The level a division word next to the span points to ("Idlib province" -> 1), or
    CONTAINER for a span after "X," or "X (" ("Pisky, Donetsk", "(Seno)")."""
    doc = span.doc
    after = [doc[span.end].lower_] if span.end < len(doc) else []
    pair = doc[max(0, span.start - 2) : span.start]
    of = [pair[0].lower_] if len(pair) == 2 and pair[1].lower_ == "of" else []
    inner = [span[-1].lower_] if len(span) > 1 else []
    for level in (_kind_word(w) for w in [*after, *of, *inner]):
        if level is not None:
            return level
    return CONTAINER if span.start >= 1 and doc[span.start - 1].text in {",", "("} else None


def _fits(place: Place, kind: int | None) -> bool:
    return place.level in (1, 2) if kind == CONTAINER else place.level == kind


def _anchor(span: Span) -> str | None:
    """The relation word when the span is an anchor ("south of X", "near X", "X outskirts")."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 4) : span.start]]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before[-1:] == ["of"] and len(before) >= 2:
        if before[-2] in _words("direction") | _words("near"):
            return before[-2]
        if before[-2] == "the" and len(before) >= 3 and before[-3] in _words("near"):
            return before[-3]
    if before[-2:] in (["close", "to"], ["border", "with"]):
        return before[-2]
    if before[-1:] and before[-1] in {"near", "outside", "nearby"}:
        return before[-1]
    return after if after in _words("after_anchor") else None


def _qualifier(span: Span, following: Span | None) -> str | None:
    """The name after "X, " or "X (": a division or country ("Kansas City, Mo.")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in {",", "("}:
        return None
    if following is not None and following.start == span.end + 1:
        return _bare(following).rstrip("-–—")
    token = doc[span.end + 1]
    return token.text.rstrip("-–—") if token.is_title or token.is_upper else None


def _bare(span: Span) -> str:
    """The span's text without a leading "the" and a trailing division word."""
    words = [t.text for t in span]
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 1 and _kind_word(words[-1].lower()) is not None:
        words = words[:-1]
    return " ".join(words)


def _lookup(span: Span, kind: int | None) -> list[Place]:
    """Candidates for the span's text, else without "the", a trailing division word or a
    leading quarter ("Southwest Baltimore"). With a division word, those of its level, else
    the divisions of that level they lie in ("Idleb governorate": the city's province).
    Districts only with a division word or alone: a bare "Toledo" is a town, not a district.
    """
    text = span.text[4:] if span.text.lower().startswith("the ") else span.text
    bare = _bare(span)
    found = gazetteer.get().lookup(text) or gazetteer.get().lookup(bare)
    first, _, rest = bare.partition(" ")
    if not found and rest and first.lower() in _words("quarter"):
        found = gazetteer.get().lookup(rest)
    if kind is None or not found:
        return [p for p in found if p.level != gazetteer.ADMIN2 or text != bare] or found
    fitting = [p for p in found if _fits(p, kind)]
    if fitting or kind not in (gazetteer.ADMIN1, gazetteer.ADMIN2):
        return fitting or found
    return _divisions_of(found, kind) or found


def _divisions_of(places: list[Place], level: int) -> list[Place]:
    """The divisions of `level` that the places lie in."""
    found = {
        d.geonameid: d
        for p in places
        for d in gazetteer.get().lookup((p.admin1 if level == 1 else p.admin2) or "")
        if d.level == level and (d.country, d.admin1) == (p.country, p.admin1)
    }
    return list(found.values())


def _abbreviates(short: str, name: str | None) -> bool:
    """Whether `short` abbreviates the division `name`: "Mo.", "MO", "Calif." (letters in
    order, from the first: "Missouri", "California"); "N.J." (initials: "New Jersey")."""
    letters, full = gazetteer.normalize(short).replace(" ", ""), gazetteer.normalize(name or "")
    if not (letters and full and (short.endswith(".") or (short.isupper() and len(short) < 5))):
        return False
    words = full.split()
    if "." in short.strip(".") or len(words) == len(letters) > 1:
        return "".join(w[0] for w in words) == letters
    rest = iter(full)
    return letters[0] == full[0] and all(c in rest for c in letters)


def _in_qualifier(place: Place, qualifier: str) -> bool:
    """Whether the place lies in the division or country `qualifier` names or abbreviates."""
    for division in gazetteer.get().lookup(qualifier):
        if division.country != place.country or division.level > gazetteer.ADMIN2:
            continue
        same1 = division.level == gazetteer.COUNTRY or division.admin1 == place.admin1
        if same1 and (division.level < gazetteer.ADMIN2 or division.admin2 == place.admin2):
            return True
    return _abbreviates(qualifier, place.admin1)


def _qualified(candidates: list[Place], qualifier: str | None) -> list[Place]:
    """The candidates in the division the qualifier names ("Pisky, Donetsk"). When it names
    known divisions that hold none of them, only populous towns of the same country stay
    (the words may be a list, "Homs, Hama")."""
    if not qualifier:
        return candidates
    inside = [p for p in candidates if p.level > gazetteer.ADMIN1 and _in_qualifier(p, qualifier)]
    if inside:
        return inside
    found = gazetteer.get().lookup(qualifier)
    countries = {p.country for p in found if p.level <= gazetteer.ADMIN2}
    if not countries:
        return candidates
    big = [p for p in candidates if p.level == gazetteer.PLACE and p.population >= SMALL_ABROAD]
    return [p for p in big if p.country in countries]


def _likely_country(toponyms: list[_Toponym]) -> str | None:
    """The country most toponyms could lie in. Each toponym has a vote (two when a candidate
    is a country, province or district), shared among its candidates' countries after the population
    of the largest in each (+ VOTE_FLOOR): "San Antonio" votes mostly for the United States.
    Ties go to the earliest toponym. Demonyms do not vote: "Russian forces" fight abroad."""
    votes: Counter[str] = Counter()
    for top in toponyms:
        weight = 2.0 if any(p.level <= gazetteer.ADMIN2 for p in top.candidates) else 1.0
        biggest: dict[str, int] = {}
        for p in top.candidates:
            biggest[p.country] = max(biggest.get(p.country, 0), p.population + VOTE_FLOOR)
        total = sum(biggest.values())
        votes.update({c: weight * n / total for c, n in biggest.items()})
    if not votes:
        return None
    most = max(votes.values())
    tied = {c for c, v in votes.items() if v == most}
    return next(p.country for t in toponyms for p in t.candidates if p.country in tied)


def _distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class _Context:
    countries: set[str]  # named in the article, else the likely one
    admin1: dict[tuple[str, str], set[int]]  # (country, province) -> toponyms naming it
    fixed: list[tuple[int, Place]]  # toponym index and place, where that is unambiguous
    offsets: list[int]  # where each toponym starts

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
    score += 4 * (place.country in ctx.countries) + 3 * _fits(place, top.kind)
    score += 2 * (place.level > gazetteer.ADMIN1 and ctx.province_named(place, index))
    score += 2 * ctx.near(place, index) + _main_name(place, top)
    return score + (top.kind is None and place.level == gazetteer.PLACE)


def _allowed(place: Place, index: int, top: _Toponym, ctx: _Context) -> bool:
    """Whether the candidate may be meant: see the refusals in the module docstring."""
    at_home = not ctx.countries or place.country in ctx.countries
    if place.level != gazetteer.PLACE:
        return at_home or place.level == gazetteer.COUNTRY
    if not at_home and place.population < SMALL_ABROAD:
        return False
    provinces = {a for c, a in ctx.admin1 if c == place.country}
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

    The article names a country when a toponym's only country or province is a country. A
    toponym is unambiguous when its other allowed candidates lie near its best one or have
    a tenth of its population.
    """
    countries: set[str] = set()
    for top in toponyms:
        divisions = [p for p in top.candidates if p.level <= gazetteer.ADMIN1]
        if len(divisions) == 1 and divisions[0].level == gazetteer.COUNTRY:
            countries.add(divisions[0].country)
    likely = None if countries else _likely_country(toponyms)
    countries |= {likely} if likely else set()
    base = _Context(countries, {}, [], [t.span.start_char for t in toponyms])
    admin1: dict[tuple[str, str], set[int]] = defaultdict(set)
    fixed: list[tuple[int, Place]] = []
    for index, top in enumerate(toponyms):
        best = _resolve_group([index], toponyms, base)
        if best is None:
            continue
        if best.level == gazetteer.ADMIN1 and best.admin1:
            admin1[(best.country, best.admin1)].add(index)
        others = [p for p in top.candidates if _distance_km(p, best) >= NEAR_KM]
        others = [p for p in others if _allowed(p, -1, top, base)]
        small = all(p.population * 10 <= best.population for p in others)
        if best.level <= gazetteer.ADMIN1 or small:
            fixed.append((index, best))
    return _Context(countries, admin1, fixed, base.offsets)


def _groups(toponyms: list[_Toponym]) -> list[list[int]]:
    """Indexes of the toponyms that share a name and kind; a qualified one's candidates are
    given to all."""
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for index, top in enumerate(toponyms):
        keys = gazetteer.name_keys(_bare(top.span))
        groups[(keys[1] if keys else top.span.text, top.kind)].append(index)
    for members in groups.values():
        narrowed = [toponyms[i].candidates for i in members if toponyms[i].qualifier]
        for i in members if narrowed else ():
            toponyms[i].candidates = min(narrowed, key=len)
    return list(groups.values())


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


def _location(place: Place, anchored: bool) -> Location:
    precision: Precision = ("country", "admin1", "admin2", "point")[min(place.level, 3)]
    if anchored and place.level == gazetteer.PLACE:
        precision = "near"
    where = (place.admin1, place.admin2, place.lat, place.lon)
    return Location(place.name, place.country, *where, precision, str(place.geonameid))


def places_in(doc: Doc) -> list[PlaceMention]:
    """Every toponym of the article that resolves to a gazetteer place, in text order. An
    abbreviation that qualifies the name before it ("Fla." in "NAPLES, Fla.") is not one."""
    toponyms, spans, abbreviations = [], _toponym_spans(doc), set()
    for span, following in zip(spans, [*spans[1:], None], strict=False):
        kind, qualifier = _kind(span), _qualifier(span, following)
        if qualifier and following is not None and _abbreviates(qualifier, qualifier):
            abbreviations.add(following.start)
        candidates = _qualified(_lookup(span, kind), qualifier)
        if candidates and span.start not in abbreviations:
            toponyms.append(_Toponym(span, kind, qualifier, _anchor(span), candidates))
    groups = _groups(toponyms)
    ctx = _context(toponyms)
    mentions = []
    for members in groups:
        place = _resolve_group(members, toponyms, ctx)
        for top in [toponyms[i] for i in members] if place is not None else []:
            location = _location(place, top.anchor is not None)  # type: ignore[arg-type]
            where = (top.span.start_char, top.span.end_char)
            mentions.append(PlaceMention(where, top.span.text, location, top.anchor))
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
    """The location of an incident told in `sents`, from the article's places.

    The first sentence that names a town, a place near a town or a district gives it (its
    most precise place, the earliest among equals), unless a sentence more than two before
    it names a province the town is not in: then that province (a long account names its
    incident's place early, and other places, where officials spoke, later). Failing those,
    the first country the sentences name; when they name no place, the article's first
    town or anchored place, else its first place.
    """
    fine = _first_sentence(sents, doc_places, {"point", "near", "admin2"})
    coarse = _first_sentence(sents, doc_places, {"admin1"})
    if fine is not None and coarse is not None and fine[0] > coarse[0] + 2:
        same = (fine[1].location.country, fine[1].location.admin1)
        if same != (coarse[1].location.country, coarse[1].location.admin1):
            return coarse[1].location
    if fine is not None or coarse is not None:
        return (fine or coarse)[1].location  # type: ignore[index]
    best = _best(
        [m for m in doc_places if any(s.start_char <= m.span[0] < s.end_char for s in sents)]
    )
    if best is None:
        local = [m for m in doc_places if _rank(m) <= 1]
        best = min(local or doc_places, key=lambda m: m.span[0], default=None)
    return best.location if best is not None else None
