"""Actors: the noun phrases that name who did violence or suffered it, normalised.

`actor_of(span)` turns one noun phrase into an `Actor`: a canonical name ("US-led coalition",
"Syrian government forces", "Islamic State", "civilians") and one of ACLED's actor types
(`CATEGORIES`). `actors_in(sentence)` does it for every noun phrase of a sentence, and
`alias_map(doc)` collects what an article says once and means later (acronyms, short names,
who a spokesman speaks for, which country's government "the regime" is).

Rules, in the order they are tried on a phrase (its words up to its head noun, with
determiners, numbers and possessive markers left out):

1. Named organisations. A run of proper-name words ("the Islamic State group", "ISIS
   fighters", "Hayat Tahrir al-Sham") is looked up in organisations.tsv, a small table of
   widely known armed organisations and their other names, then in the article's AliasMap
   (acronyms the article defines in parentheses, "Syrian Democratic Forces (SDF)"). An unknown
   name is an armed organisation when one of its words marks one ("... Front", "... Brigades";
   `name` rows of actor_categories.tsv) or when the head noun is an armed-actor noun
   ("Faylaq al-Sham fighters"). Names of people and places are not organisations.
2. Transparent heads. Instruments ("coalition aircraft"), assets ("army positions") and
   generic nouns ("pro-regime fighters", "members of a militia") do not say who the actor is:
   the modifiers do, or an "of"/"from" phrase, or the agent of "held by". A nationality alone
   makes an instrument or asset the state's ("Russian warplanes", "Syrian positions").
3. Group heads ("troops", "rebels", "civilians", "gunmen") give the category and name from
   actor_categories.tsv; a modifier from an earlier row of that table overrides them
   ("coalition troops", "regime loyalist militias"), except on protesters, rioters and
   civilians, and a pro-government cue does not turn state forces or rebels into a militia.
4. Qualifiers. A nationality ("Syrian", "US", "Russia's") goes in front of the name; "X-led"
   names a coalition's leader ("American coalition" is a "US-led coalition"); "X-backed",
   "X-allied" and "non-X" say nothing of the actor's own nationality; "pro-X" is a
   pro-government militia when X is the government, the regime, a person, or the country whose
   government the article speaks of.
5. Article coreference (with an AliasMap): a bare name takes the qualifiers of the first fuller
   mention in the article ("the coalition" -> "US-led coalition"), and unqualified state forces
   take the nationality the article names most ("the regime" -> "Syrian government forces").
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosswire.extract.lexicon import CATEGORIES, known_org, nation, tables, unpossessed
from crosswire.extract.phrases import PARTICLES, base_name, describe

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

__all__ = [
    "CATEGORIES",
    "EMPTY",
    "Actor",
    "AliasMap",
    "actor_of",
    "actors_in",
    "alias_map",
    "role_org",
]


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor phrase: canonical name, ACLED category, and where it is in the text."""

    name: str
    category: str
    span: tuple[int, int]
    text: str


@dataclass(frozen=True, slots=True)
class AliasMap:
    """What one article says once and means later; built by `alias_map(doc)`. Read-only.

    `orgs`: an acronym (as written) or a lower-cased short name -> the organisation's full
    name ("SDF" -> "Syrian Democratic Forces", "monitor" -> "Northern Monitor for Civilian
    Casualties"). `people`: a lower-cased person name or surname -> the organisation the person
    speaks for. `descriptors`: a lower-cased noun an apposition gave an organisation ("monitor")
    -> the organisation. `actors`: a bare actor name -> the first qualified mention of it
    ("coalition" -> "US-led coalition"). `government`: ISO code of the country the article
    names most, taken to be the government that unqualified state forces belong to.
    """

    orgs: Mapping[str, str]
    people: Mapping[str, str]
    descriptors: Mapping[str, str]
    actors: Mapping[str, str]
    government: str | None = None

    def org(self, text: str) -> str | None:
        """The full name for a short name or acronym, or None."""
        key = text.strip()
        for cand in (key, key.lower(), unpossessed(key).lower()):
            if cand in self.orgs:
                return self.orgs[cand]
        return None

    def person(self, name: str) -> str | None:
        """The organisation a person (full name or surname) speaks for, or None."""
        return self.people.get(unpossessed(name).lower())


EMPTY = AliasMap(orgs={}, people={}, descriptors={}, actors={})
"""An alias map that knows nothing: what `actor_of` uses without one."""


def actor_of(span: Span, aliases: AliasMap | None = None, *, follow: bool = True) -> Actor | None:
    """The actor a noun phrase names, or None when it names none (see the module's rules).

    `follow` lets a transparent head take its actor from an "of"/"from"/"held by" phrase
    ("members of a pro-regime militia"); `actors_in` turns it off since it sees that phrase too.
    """
    described = describe(span, aliases or EMPTY, follow)
    if described is None:
        return None
    name, category = described
    return Actor(name, category, (span.start_char, span.end_char), span.text)


def _phrases(sent: Span) -> Iterator[Span]:
    """Noun phrases of a sentence: spaCy's noun chunks, and entities outside them."""
    seen: set[int] = set()
    for chunk in sent.noun_chunks:
        seen.update(range(chunk.start, chunk.end))
        yield chunk
    for ent in sent.ents:
        if ent.label_ in ("ORG", "NORP") and not seen.intersection(range(ent.start, ent.end)):
            yield ent


def actors_in(sent: Span, aliases: AliasMap | None = None) -> list[Actor]:
    """Every actor named in a sentence, in order of appearance."""
    found = []
    for phrase in _phrases(sent):
        actor = actor_of(phrase, aliases, follow=False)
        if actor is not None:
            found.append(actor)
    return sorted(found, key=lambda a: a.span)


def alias_map(doc: Doc) -> AliasMap:
    """Acronyms, short names, speakers' organisations and first full mentions of one article."""
    orgs = _acronyms(doc)
    descriptors: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ == "ORG":
            _learn_org(ent, orgs, descriptors)
    government = _main_country(doc)
    partial = AliasMap(orgs=orgs, people={}, descriptors=descriptors, actors={}, government=None)
    actors: dict[str, str] = {}
    for chunk in doc.noun_chunks:
        actor = actor_of(chunk, partial, follow=False)
        if actor is not None and base_name(actor.name) != actor.name:
            actors.setdefault(base_name(actor.name), actor.name)
    people = _people(doc, partial)
    return AliasMap(orgs, people, descriptors, actors, government)


def _acronyms(doc: Doc) -> dict[str, str]:
    """Acronyms defined in parentheses after a name: "Islamic State (IS)" -> {"IS": ...}."""
    found: dict[str, str] = {}
    for tok in doc[1:-1]:
        acr = tok.text
        if tok.nbor(-1).text != "(" or tok.nbor(1).text != ")" or not _acronym_like(acr):
            continue
        name = _name_before(doc, tok.i - 1, acr)
        if name:
            found.setdefault(acr, name)
            found.setdefault(name.lower(), name)
    return found


def _acronym_like(text: str) -> bool:
    letters = text.replace("-", "").replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalnum() and letters[0].isupper() and text.isupper()


def _name_before(doc: Doc, paren: int, acr: str) -> str | None:
    """The capitalised name ending before `paren` whose initials spell `acr`, or None."""
    start = paren
    while start > 0:
        prev = doc[start - 1]
        if prev.is_title or prev.is_upper or prev.lower_ in PARTICLES or prev.text == "-":
            start -= 1
            continue
        break
    words = [t for t in doc[start:paren] if t.text != "-"]
    while words and (words[0].lower_ in PARTICLES or words[0].text[0] != acr[0]):
        words.pop(0)
    initials = "".join(w.text[0].upper() for w in words if w.lower_ not in PARTICLES)
    if words and _subsequence(acr.replace("-", "").upper(), initials):
        return doc[words[0].i : paren].text.strip()
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return bool(short) and short[0] == long[:1] and all(ch in it for ch in short)


def _learn_org(ent: Span, orgs: dict[str, str], descriptors: dict[str, str]) -> None:
    """A full organisation name: its head word becomes a short name, its apposition a descriptor."""
    words = [t for t in ent if t.lower_ != "the"]
    if len(words) < 2:
        return
    full = ent.doc[words[0].i : words[-1].i + 1].text
    head = ent.root
    if head.is_title and not nation(head.text) and head.lower_ not in tables().cues:
        orgs.setdefault(head.lower_, full)
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            descriptors.setdefault(child.lemma_.lower(), full)


def _main_country(doc: Doc) -> str | None:
    """The country the article names most (adjectives and names, GPE/NORP entities)."""
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP"):
            iso = nation(ent.text.removeprefix("the ").strip())
            if iso:
                counts[iso] += 1
    return counts.most_common(1)[0][0] if counts else None


def _people(doc: Doc, aliases: AliasMap) -> dict[str, str]:
    """Person name and surnames -> the organisation an apposition or title says they speak for."""
    people: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = [t for t in ent if t.lower_ not in tables().titles and t.is_alpha]
        if not name:
            continue
        org = _org_of_person(ent, aliases)
        if org is None:
            continue
        for i in range(len(name)):
            people.setdefault(" ".join(t.text for t in name[i:]).lower(), org)
    return people


def _org_of_person(ent: Span, aliases: AliasMap) -> str | None:
    """The organisation of "X chief NAME" or "NAME, a X spokesman" / "NAME, head of X"."""
    head = ent.root
    for child in head.children:
        if child.dep_ == "appos" and child.lemma_.lower() in tables().roles:
            org = role_org(child, aliases)
            if org:
                return org
    before = [t for t in ent.doc[head.left_edge.i : ent.start] if t.head.i >= ent.start - 1]
    roles = [t for t in before if t.lemma_.lower() in tables().roles]
    if roles:
        words = [t for t in before if t.i < roles[-1].i and t.pos_ in ("PROPN", "NOUN", "ADJ")]
        if words:
            text = ent.doc[words[0].i : words[-1].i + 1].text
            return aliases.org(text) or _proper_org(text)
    return None


def role_org(role: Token, aliases: AliasMap) -> str | None:
    """The named organisation a role noun belongs to, or None: "US Central Command spokesman",
    "head of the Monitor", and for a possessor also an actor ("the coalition's press
    office" -> "US-led coalition")."""
    doc = role.doc
    for child in role.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            possessor = doc[child.left_edge.i : child.i + 1]
            actor = actor_of(possessor, aliases)
            return _org_text(possessor.text, aliases) or (actor.name if actor else None)
    mods = [t for t in doc[role.left_edge.i : role.i] if t.dep_ not in ("det", "punct", "case")]
    text = doc[mods[0].i : mods[-1].i + 1].text if mods else ""
    for child in role.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                text = doc[pobj.left_edge.i : pobj.i + 1].text
    return _org_text(text, aliases)


def _org_text(text: str, aliases: AliasMap) -> str | None:
    text = text.removeprefix("the ").removeprefix("The ").strip()
    return (aliases.org(text) or _proper_org(text)) if text else None


def _proper_org(text: str) -> str | None:
    """`text` if it is a proper name (some capitalised word that is not a nationality)."""
    words = [w for w in text.split() if w[:1].isupper() and not nation(w.split("-")[0])]
    if words and not all(tables().cues.get(w.lower()) for w in words):
        hit = known_org(text)
        return hit[0] if hit else unpossessed(text)
    return None
