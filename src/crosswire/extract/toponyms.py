"""Toponyms: the spans of an article that name places, and what the words around them say.

`toponym_spans(doc)` finds the spans. They are the spans the pipeline tags GPE, LOC or FAC,
and spans tagged otherwise or untagged proper-noun runs that sit where places sit: after a
locative preposition ("in", "near", also "in northern X"), after "town of", before a division
word ("Idlib countryside", "Loikaw district") or an institution ("Chicago Police", "an
Allentown man"), before a comma or a bracket and a province ("Kochubeivka, Kherson"),
continuing a list of places ("(Ansongo, Gao)"), a name that ends in its division word ("San
Diego County"), a name after "of" inside another entity ("the Hospital of Azaz"), or the
dateline in capitals ("INDIANAPOLIS (WISH) -"). A span grows to the longer gazetteer name
it is part of ("Spanish Town", "Ma'arrat An Nu'man", "Mayo-Sava", "Pul-e-Hisar"). Not places:
names in "pro-Iran" or "Turkey-backed", and people's names (a PERSON of two words elsewhere,
"Mr. X", "X said").

The words around a span: a division word says which kind of place is meant (`kind_of`); a
name after "X," or "X (", after "X in" where X is a town, or after "X district of" is taken
for a division that holds X (CONTAINER); "Kansas City, Mo." has a qualifier (`qualifier_of`;
US state abbreviations per AP style and the postal codes are in us_states.tsv); "south of
X" makes X an anchor (`anchor_word`); "the Pakistan military" uses a place name as an
attribute (`attributive`). The English words the rules read are in places.tsv.
"""

from __future__ import annotations

import importlib.resources
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

from crosswire import gazetteer
from crosswire.extract.types import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from crosswire.gazetteer import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
CONTAINER = -1  # the kind of a name after "X," or "X (": a division holding X


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


@cache
def _us_states() -> tuple[dict[str, str], dict[str, str]]:
    """us_states.tsv: AP abbreviations and postal codes ("fla", "nj"; "FL", "NJ": AP ones
    in lower case without dots), each -> the state's name."""
    text = importlib.resources.files(__package__).joinpath("us_states.tsv").read_text("utf-8")
    ap: dict[str, str] = {}
    postal: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, short, code = line.split("\t")
            ap.update({_plain(short): name} if short != "-" else {})
            postal[code] = name
    return ap, postal


def _plain(word: str) -> str:
    return word.replace(".", "").replace(" ", "").lower()


def us_state(short: str) -> str | None:
    """The US state that an AP-style abbreviation or a postal code names ("Fla.", "Ind",
    "N.J.", "FL"), else None. A postal code counts only in capitals."""
    ap, postal = _us_states()
    return (ap.get(_plain(short)) or postal.get(short)) if short[:1].isupper() else None


def place_words(group: str) -> frozenset[str]:
    return _table()[0].get(group, frozenset())


def kind_word(word: str) -> int | None:
    """The level of a division word, singular or plural ("districts")."""
    kinds = _table()[1]
    return kinds.get(word, kinds.get(word[:-1]) if word.endswith("s") else None)


def toponym_spans(doc: Doc) -> list[Span]:
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
            if span.end < len(doc) and kind_word(doc[span.end].lower_) is not None:
                place_ends.add(span.end)
    return found


def _people(doc: Doc) -> set[str]:
    """Lowercase words of people's names: of PERSON entities of two words or more (unless
    where places go, "the village of Tall Zarzur", or named like a place entity of the
    text, "Ad Dali" beside "Ad Dali city", or ending in a US state's code, "Vista CA"), of
    names after a title ("Mr. Rodriguez"),
    and of names before a speech verb ("McKinney said") unless tagged as a place there
    ("Damascus said" names a government)."""
    named = [gazetteer.name_keys(e.text) for e in doc.ents if e.label_ in PLACE_LABELS]
    places = {k[1] for k in named if k}
    people = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    people = [e for e in people if (gazetteer.name_keys(e.text) or ("", ""))[1] not in places]
    people = [e for e in people if us_state(e[-1].text) is None]  # "Vista CA"
    found = {t.lower_ for e in people if not _in_place_slot(e) for t in e}
    for token in doc:
        if not token.is_title or token.is_stop:
            continue
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        before = doc[token.i - 1].lower_.rstrip(".") if token.i > 0 else ""
        speaks = after in place_words("speech") and token.ent_type_ not in PLACE_LABELS
        if before in place_words("title") or speaks:
            found.add(token.lower_)
    return found


def _candidate_spans(doc: Doc) -> list[Span]:
    """Entities (cut before an institution word, "Chicago Police", or after "County"/"City",
    "Lucas County Juvenile Court", or before a bracket the tagger ran over, "Florence
    (Firenze"), untagged runs of proper nouns, and the dateline."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS | OTHER_LABELS:
            continue
        inner = [t for t in ent if t.i > ent.start]
        cut = next((t.i for t in inner if t.lower_ in place_words("institution")), None)
        kinds = [t.i + 1 for t in inner if t.lower_ in {"county", "city"}]
        cut = kinds[-1] if kinds else cut
        cut = next((t.i for t in inner if t.text in "()[]"), cut)  # "Florence (Firenze"
        spans.append(doc[ent.start : cut] if cut is not None and cut < ent.end else ent)
    taken = {t.i for e in doc.ents for t in e}
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and _proper(token) and token.i not in taken:
            run.append(token)
        elif run:
            spans.append(doc[run[0].i : run[-1].i + 1])
            run = []
    dateline = dateline_of(doc)
    spans = [_longer_name(_hyphenated(s)) for s in [*spans, *_after_of(doc)]]
    return [*spans, dateline] if dateline is not None else spans


PARTICLE_MAX = 3  # letters of a lowercase particle inside a hyphenated name ("Pul-e-Hisar")


def _hyphenated(span: Span) -> Span:
    """The span with the names it is joined to by hyphens ("Mayo-Sava", "Gourma-Rharous",
    "Pul-e-Hisar"), when the whole is a gazetteer name or has a lowercase particle inside
    (then it is a name of its own, and "Hisar" alone would be another place); else the span
    ("Aleppo-Damascus highway" names two places)."""
    doc, start, end = span.doc, span.start, span.end
    particle = False
    while True:
        step = _joined(doc, end, 1)
        if not step:
            break
        particle |= step == 4
        end += step
    while True:
        step = _joined(doc, start - 1, -1)
        if not step:
            break
        particle |= step == 4
        start -= step
    if (start, end) == (span.start, span.end):
        return span
    from spacy.tokens import Span

    if particle or gazetteer.get().lookup(doc[start:end].text):
        return Span(doc, start, end, label=span.label_)
    return span


NAME_REACH = 3  # words a name may be extended by to meet a longer gazetteer name


def _name_word(token: Token) -> bool:
    """A word that can continue a place name: capitalised, a transliterated Arabic article
    ("Ma'arrat an Nu'man", "Ras al Ain") or a particle ("Mocimboa da Praia")."""
    if token.lower_ in gazetteer._ARTICLES | gazetteer._SUN_ARTICLES | place_words("particle"):
        return True
    return token.text[:1].isupper() and token.text.replace("'", "").replace("’", "").isalpha()


def _longer_name(span: Span) -> Span:
    """The span extended by up to NAME_REACH name words on either side when that gives a
    longer gazetteer name that starts and ends with a capital: the tagger splits "Spanish
    Town" (a language and a place) and "Ma'arrat An Nu'man" (at the article)."""
    from spacy.tokens import Span

    doc = span.doc
    best = span
    for start in range(span.start, max(-1, span.start - NAME_REACH - 1), -1):
        if start < span.start and not _name_word(doc[start]):
            break
        for end in range(span.end, min(len(doc), span.end + NAME_REACH) + 1):
            if end > span.end and not _name_word(doc[end - 1]):
                break
            if (start, end) == (span.start, span.end) or end - start <= len(best):
                continue
            edges = doc[start].text[:1].isupper() and doc[end - 1].text[:1].isupper()
            if edges and doc[start].lower_ != "the" and gazetteer.get().lookup(doc[start:end].text):
                best = Span(doc, start, end, label=span.label_)
    return best


def _after_of(doc: Doc) -> list[Span]:
    """Names after "of" inside other entities: "the Hospital of Azaz"."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in OTHER_LABELS:
            continue
        of = [t.i for t in ent[:-1] if t.lower_ == "of"]
        if of and all(_proper(t) for t in doc[of[-1] + 1 : ent.end]):
            found.append(doc[of[-1] + 1 : ent.end])
    return found


def _joined(doc: Doc, i: int, way: int) -> int:
    """How many tokens a hyphen at `i` joins on (way 1: after the name, -1: before it): 2 for
    "-Name", 4 for "-e-Name"; 0 when no hyphen joins there."""
    hyphen = doc[i] if 0 <= i < len(doc) else None
    if hyphen is None or hyphen.text != "-" or hyphen.whitespace_:
        return 0
    if i - 1 < 0 or doc[i - 1].whitespace_:
        return 0
    nxt = i + way
    if not 0 <= nxt < len(doc):
        return 0
    if doc[nxt].is_title and doc[nxt].is_alpha:
        return 2
    far = nxt + 2 * way
    short = doc[nxt].is_lower and doc[nxt].is_alpha and len(doc[nxt]) <= PARTICLE_MAX
    if short and 0 <= far < len(doc) and doc[nxt + way].text == "-" and doc[far].is_title:
        return 4
    return 0


def dateline_of(doc: Doc) -> Span | None:
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
    span = dateline_of(doc)
    return (span.start_char, span.end_char) if span is not None else None


def _names_a_division(span: Span) -> bool:
    """Whether the span is the name of a province or district ("Airdrome, Kirovograd")."""
    return any(p.level in (1, 2) for p in gazetteer.get().lookup(bare_name(span)))


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
    division word or an institution ("an Allentown man"); the dateline; or a name that
    ends in its division word ("the San Diego County Medical Examiner's Office", cut
    after "County")."""
    doc, start = span.doc, span.start
    while start > 0 and doc[start - 1].lower_ in place_words("quarter"):
        start -= 1
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before == "of" and start >= 2 and kind_word(doc[start - 2].lower_) is not None:
        return True
    named = len(span) > 1 and span[-1].lower_ in ("county", "province", "governorate")
    return (
        named
        or before in place_words("locative")
        or kind_word(after) is not None
        or after in place_words("after_anchor") | place_words("institution")
        or dateline_of(doc) == span
        or _before_division(span)
    )


def _before_division(span: Span) -> bool:
    """Whether a comma or a bracket and then the name of a province, district or country
    follow the span ("Kochubeivka, Kherson", "Ukareba (Djugu, Ituri)")."""
    doc, start = span.doc, span.end + 1
    if start >= len(doc) or doc[span.end].text not in {",", "("} or not doc[start].is_title:
        return False
    end = start
    while end < min(len(doc), start + 4) and doc[end].is_title:
        end += 1
    return any(
        p.level <= gazetteer.ADMIN2
        for stop in range(end, start, -1)
        for p in gazetteer.get().lookup(doc[start:stop].text)
    )


def kind_of(span: Span) -> int | None:
    """The level a division word next to the span points to ("Idlib province" -> 1), or
    CONTAINER for a span after "X," or "X (" ("Pisky, Donetsk", "(Seno)") or after "X in"
    where X is a town ("Saraqib town in Idlib"). Alone after a district ("Funtua LGA
    (Katsina)", "Nari district, Kunar.") it is the province."""
    doc = span.doc
    after = [doc[span.end].lower_] if span.end < len(doc) else []
    if _of_a_named_division(span):
        return CONTAINER
    pair = doc[max(0, span.start - 2) : span.start]
    of = [pair[0].lower_] if len(pair) == 2 and pair[1].lower_ == "of" else []
    inner = [span[-1].lower_] if len(span) > 1 else []
    for level in (kind_word(w) for w in [*after, *of, *inner]):
        if level is not None:
            return level
    if span.start >= 1 and doc[span.start - 1].text in {",", "("}:
        district = span.start >= 2 and kind_word(doc[span.start - 2].lower_) == gazetteer.ADMIN2
        last = span.end >= len(doc) or doc[span.end].text in {")", ".", ";"}
        return gazetteer.ADMIN1 if district and last else CONTAINER
    return CONTAINER if _after_place_in(span) else None


def _of_a_named_division(span: Span) -> bool:
    """Whether the span follows "X district of" (or "(X district) of"): a division named
    before it, so the span names the division that holds it ("Al Amadiya district of
    Duhok"), where "the district of Duhok" names Duhok itself."""
    doc, i = span.doc, span.start - 1
    if i < 2 or doc[i].lower_ != "of":
        return False
    i -= 1 + (doc[i - 1].text == ")")
    return i >= 1 and kind_word(doc[i].lower_) in (1, 2) and _proper(doc[i - 1])


def _after_place_in(span: Span) -> bool:
    """Whether the span follows "in" right after a town ("Saraqib town in Idlib", "Saraqib
    in Idlib"): then it names the division that holds the town."""
    doc, start = span.doc, span.start
    if start < 2 or doc[start - 1].lower_ != "in":
        return False
    before = doc[start - 2]
    town = kind_word(before.lower_) == gazetteer.PLACE and before.lower_ != "area"
    return town or (before.ent_type_ == "GPE" and before.pos_ == "PROPN")


def attributive(span: Span) -> bool:
    """Whether the name is an attribute of a noun of armed forces or weapons (the word
    classes of crosswire.extract.types): "the Pakistan military", "Grad missiles"; such a
    name says who fights or with what, not where (but "Chicago police" does)."""
    root, head = span.root, span.root.head
    if root.dep_ not in {"compound", "amod", "nmod"} or head is root or head.i < span.end:
        return False
    if head.lower_ in place_words("institution"):
        return False
    lemmas = {head.lower_, head.lemma_.lower()}
    return bool(lemmas & (word_class("armed") | word_class("weapon") | word_class("munition")))


def fits(place: Place, kind: int | None) -> bool:
    return place.level in (1, 2) if kind == CONTAINER else place.level == kind


def anchor_word(span: Span) -> str | None:
    """The relation word when the span is an anchor ("south of X", "near X", "X outskirts")."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 4) : span.start]]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before[-1:] == ["of"] and len(before) >= 2:
        if before[-2] in place_words("direction") | place_words("near"):
            return before[-2]
        if before[-2] == "the" and len(before) >= 3 and before[-3] in place_words("near"):
            return before[-3]
    if before[-2:] in (["close", "to"], ["border", "with"]):
        return before[-2]
    if before[-1:] and before[-1] in {"near", "outside", "nearby"}:
        return before[-1]
    return after if after in place_words("after_anchor") else None


def qualifier_of(span: Span, following: Span | None) -> str | None:
    """The name after "X, " or "X (": a division or country ("Kansas City, Mo.")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in {",", "("}:
        return None
    if following is not None and following.start == span.end + 1:
        return bare_name(following).rstrip("-–—")
    token = doc[span.end + 1]
    return token.text.rstrip("-–—") if token.is_title or token.is_upper else None


def bare_name(span: Span) -> str:
    """The span's text without a leading "the" and a trailing division word."""
    words = [t.text for t in span]
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 1 and kind_word(words[-1].lower()) is not None:
        words = words[:-1]
    return " ".join(words)


def abbreviates(short: str, name: str | None) -> bool:
    """Whether `short` abbreviates the division `name`: "Mo.", "MO", "Calif." (letters in
    order, from the first: "Missouri", "California"); "N.J." (initials: "New Jersey")."""
    if us_state(short) is not None:
        return name in (short, us_state(short))
    letters, full = gazetteer.normalize(short).replace(" ", ""), gazetteer.normalize(name or "")
    if not (letters and full and (short.endswith(".") or (short.isupper() and len(short) < 5))):
        return False
    words = full.split()
    if "." in short.strip(".") or len(words) == len(letters) > 1:
        return "".join(w[0] for w in words) == letters
    rest = iter(full)
    return letters[0] == full[0] and all(c in rest for c in letters)
