"""Which of an article's places can be the scene of its incidents.

A place name in news text is often not where anything happened: the dateline says where
the reporter filed from ("BEIRUT (AFP) –"), a capital stands for its government ("Damascus
blamed ...", "tensions between Washington and Damascus", "the forces of Russia"), and a
place can be an adjective ("Grad missiles") or name an end of a route ("the
Cuernavaca-Taxco highway"). A place that an event verb acts on is the
scene, though: "forces shelled Kreminna", "Buhas was shelled" (the object or passive subject
of a trigger of crosswire.extract.types). `scene_places` keeps the scenes, in the country
the article's places name most (a place after a preposition, "near Kharkiv" or "in Erbil
city", counts twice).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from crosswire.extract.places import PlaceMention
from crosswire.extract.toponyms import dateline_span
from crosswire.extract.types import event_triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Roles in which a place name stands for a government or a speaker, not for where an
# incident happened: "Damascus blamed ...", "accusations from Washington".
ACTOR_ROLES = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "agent"})
ACTOR_PREPS = frozenset({"from", "by", "with", "against", "for", "to"})
# Words before "to" that make it a preposition of place: "close to X", "next to X".
NEAR_WORDS = frozenset({"close", "next", "near", "adjacent"})
# Roles in which a place is what an event verb acts on: "shelled Kreminna", "was shelled",
# and the kinds of event whose verbs act on ground rather than on people (a place name as
# the object of "killed" is more often a person the model took for a place).
TARGET_ROLES = frozenset({"dobj", "nsubjpass"})
GROUND_EVENTS = frozenset({"Explosions/Remote violence", "Strategic developments"})
GROUND_SUB_EVENTS = frozenset(
    {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
)
# Nouns a place name can modify and still be the scene ("Gaza city", "Idlib province").
PLACE_NOUNS = frozenset(
    {"city", "town", "village", "district", "province", "governorate", "region", "county",
     "area", "countryside", "suburb", "neighbourhood", "neighborhood", "camp", "border",
     "outskirts", "road", "highway", "street", "valley", "river", "strip", "state"}
)  # fmt: skip
# Place nouns of lines between or through places: "the Syria-Turkey border" is not in Turkey.
LINE_NOUNS = frozenset({"border", "road", "highway", "street", "valley", "river"})
# Nouns of the parties a place can stand for: "the forces of Russia", "the army of Mali".
PARTY_NOUNS = frozenset(
    {"force", "army", "military", "troop", "government", "official", "authority", "ministry",
     "regime", "president", "people", "citizen", "national"}
)  # fmt: skip
# Nouns of relations between parties: "tensions between Washington and Damascus" names two
# governments, where "positions between two towns" names a stretch of ground.
RELATION_NOUNS = frozenset(
    {"tension", "relation", "tie", "talk", "agreement", "deal", "rift", "dispute", "war",
     "conflict", "cooperation", "coordination", "negotiation", "meeting", "summit", "accord"}
)  # fmt: skip


def scene_places(doc: Doc, found: list[PlaceMention]) -> list[PlaceMention]:
    """The places that can be an incident's scene: not the dateline (where the reporter
    files from), not a place named as an actor, and in the country the article's places
    name most (capitals of other countries come up as parties: "tensions between
    Washington and Damascus"). A dateline town stays, marked (`PlaceMention.dateline`),
    for `places.place_of` to weigh. When none is left, the datelines and actors come back
    as a last resort; a place used as an adjective ("Grad missiles") never does."""
    dateline = dateline_span(doc)
    triggers: dict[int, list[tuple[int, int]]] = {}
    roles = {p.span: _role(doc, p, triggers) for p in found}
    usable = [p for p in found if roles[p.span] != "modifier"]
    kept = [
        p for p in usable
        if not (dateline and dateline[0] <= p.span[0] < dateline[1]) and not roles[p.span]
    ]  # fmt: skip
    countries: Counter[str] = Counter()
    for p in kept:
        if p.location.country:  # a place after a preposition ("near Kharkiv") counts twice
            countries[p.location.country] += 2 if _after_preposition(doc, p) else 1
    if countries:
        top = countries.most_common(1)[0][0]
        kept = [p for p in kept if p.location.country in (top, None)]
    filed = [p for p in usable if p.dateline and p.location.precision in ("point", "near")]
    return sorted([*kept, *filed], key=lambda p: p.span) if kept else usable


def _after_preposition(doc: Doc, place: PlaceMention) -> bool:
    """Whether the place, or the place noun it names ("in Erbil city", not "at the
    Syria-Turkey border"), follows a preposition."""
    words = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    if words is None:
        return False
    root = words.root
    while root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS - LINE_NOUNS:
        root = root.head
    return root.dep_ == "pobj"


def _route_end(words: Span) -> bool:
    """Whether the place is one end of a route written "X-Y" ("the Cuernavaca-Taxco
    highway", "the Iranshahr-Dalgan road"): the incident lies along it, not in either
    town. (Countries are not: an incident "at the Syria-Turkey border" is in one of them.)"""
    doc = words.doc
    after = doc[words.end : words.end + 2]
    before = doc[max(0, words.start - 2) : words.start]
    joined_after = len(after) == 2 and after[0].text in "-–" and not words[-1].whitespace_
    joined_before = len(before) == 2 and before[1].text in "-–" and not before[1].whitespace_
    return (joined_after and after[1].is_title) or (
        joined_before and before[0].is_title and not before[0].whitespace_
    )


def _acted_on(root: Token, triggers: dict[int, list[tuple[int, int]]]) -> bool:
    """Whether the place is the object or passive subject of an event verb that acts on
    ground ("shelled Kreminna", "Buhas was shelled", "captured X"): the verb lies in such a
    trigger of its sentence.
    `triggers` caches the trigger spans per sentence start."""
    verb = root.head
    if root.dep_ not in TARGET_ROLES or verb.pos_ != "VERB":
        return False
    sent: Span = verb.sent
    if sent.start not in triggers:
        triggers[sent.start] = [
            t.trigger
            for t in event_triggers(sent)
            if not t.guard
            and (t.event_type in GROUND_EVENTS or t.sub_event_type in GROUND_SUB_EVENTS)
        ]
    return any(start <= verb.idx < end for start, end in triggers[sent.start])


def _role(doc: Doc, place: PlaceMention, triggers: dict[int, list[tuple[int, int]]]) -> str | None:
    """ "actor" for a place that stands for a party, "route" for an end of a route,
    "modifier" for one that only describes a noun as an adjective, None for a place that
    can be a scene."""
    words = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    if words is None:
        return None
    if place.location.precision != "country" and _route_end(words):
        return "route"
    root = words.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head  # "Washington and Damascus": the second takes the first's role
    if _acted_on(root, triggers):
        return None
    if root.dep_ == "amod":  # "Grad missiles" (but "Chicago police" does name the scene)
        noun = root.head
        return (
            "modifier" if noun.pos_ == "NOUN" and noun.lemma_.lower() not in PLACE_NOUNS else None
        )
    if root.dep_ in ACTOR_ROLES:
        return "actor"
    if root.dep_ == "compound" and place.location.precision == "country":
        # "attacked Ethiopia forces", "shells fired by Pakistan forces"
        return "actor" if root.head.lemma_.lower() in PARTY_NOUNS else None
    if root.dep_ != "pobj":
        return None
    prep = root.head
    if prep.lower_ == "of":  # "the forces of Russia", "the government of Mali"
        return "actor" if prep.head.lemma_.lower() in PARTY_NOUNS else None
    if prep.lower_ == "to" and prep.head.lower_ in NEAR_WORDS:  # "close to X"
        return None
    if prep.lower_ in ACTOR_PREPS or (
        prep.lower_ == "between" and prep.head.lemma_.lower() in RELATION_NOUNS
    ):
        return "actor"
    return None
