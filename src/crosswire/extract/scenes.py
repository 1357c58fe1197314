"""Which of an article's places can be the scene of its incidents.

A place name in news text is often not where anything happened: the dateline says where
the reporter filed from ("BEIRUT (AFP) –"), a capital stands for its government ("Damascus
blamed ...", "tensions between Washington and Damascus", "the forces of Russia"), and a
place can be an adjective ("Grad missiles"). `scene_places` keeps the others, in the country
the article's places name most (a place after a preposition, "near Kharkiv", counts twice).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from crosswire.extract.places import PlaceMention, dateline_span

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Roles in which a place name stands for a government or a speaker, not for where an
# incident happened: "Damascus blamed ...", "accusations from Washington".
ACTOR_ROLES = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "agent"})
ACTOR_PREPS = frozenset({"from", "by", "with", "against", "for", "to"})
# Nouns a place name can modify and still be the scene ("Gaza city", "Idlib province").
PLACE_NOUNS = frozenset(
    {"city", "town", "village", "district", "province", "governorate", "region", "county",
     "area", "countryside", "suburb", "neighbourhood", "neighborhood", "camp", "border",
     "outskirts", "road", "highway", "street", "valley", "river", "strip", "state"}
)  # fmt: skip
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
    Washington and Damascus"). When none is left, the datelines and actors come back as a
    last resort; a place used as an adjective ("Grad missiles") never does."""
    dateline = dateline_span(doc)
    roles = {p.span: _role(doc, p) for p in found}
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
    return kept or usable


def _after_preposition(doc: Doc, place: PlaceMention) -> bool:
    words = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    return words is not None and words.root.dep_ == "pobj"


def _role(doc: Doc, place: PlaceMention) -> str | None:
    """ "actor" for a place that stands for a party, "modifier" for one that only describes
    a noun as an adjective, None for a place that can be a scene."""
    words = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    if words is None:
        return None
    root = words.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head  # "Washington and Damascus": the second takes the first's role
    if root.dep_ == "amod":  # "Grad missiles" (but "Chicago police" does name the scene)
        noun = root.head
        return (
            "modifier" if noun.pos_ == "NOUN" and noun.lemma_.lower() not in PLACE_NOUNS else None
        )
    if root.dep_ in ACTOR_ROLES:
        return "actor"
    if root.dep_ != "pobj":
        return None
    prep = root.head
    if prep.lower_ == "of":  # "the forces of Russia", "the government of Mali"
        return "actor" if prep.head.lemma_.lower() in PARTY_NOUNS else None
    if prep.lower_ in ACTOR_PREPS or (
        prep.lower_ == "between" and prep.head.lemma_.lower() in RELATION_NOUNS
    ):
        return "actor"
    return None
