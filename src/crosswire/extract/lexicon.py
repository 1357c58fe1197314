"""The word tables extraction reads, loaded once: actor nouns, nationalities, organisations,
speaker roles and reporting verbs.

Each table is a tab-separated file beside this module with a header comment saying what it is
and where it comes from: actor_categories.tsv (ACLED actor types and the nouns and modifiers
that tell them), nationalities.tsv (countries, their adjectives, names and capitals),
organisations.tsv (a few widely known armed organisations and their other names), roles.tsv
(nouns for people, offices, documents and bodies that speak) and speech_verbs.tsv (reporting
verbs and their stance). Lookups ignore case except where a table says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CATEGORIES = (
    "State forces",
    "Rebel groups",
    "Political militias",
    "Identity militias",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)
"""ACLED's actor types, spelled as ACLED spells them."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of actor_categories.tsv; `rank` is its line order (earlier rows win)."""

    kind: str
    category: str
    name: str
    rank: int


@dataclass(frozen=True, slots=True)
class Tables:
    """All the tables, as read by `tables()`."""

    cues: Mapping[str, tuple[Row, ...]]
    name_words: Mapping[str, str]
    nations: Mapping[str, str]
    nations_exact: Mapping[str, str]
    adjectives: Mapping[str, str]
    demonyms: frozenset[str]
    orgs_exact: Mapping[str, tuple[str, str]]
    orgs_lower: Mapping[str, tuple[str, str]]
    roles: frozenset[str]
    offices: frozenset[str]
    titles: frozenset[str]
    documents: frozenset[str]
    speakers: frozenset[str]


def _read(name: str) -> Iterator[list[str]]:
    text = resources.files("crosswire.extract").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [part.strip() for part in line.split("\t")]


@lru_cache(maxsize=1)
def tables() -> Tables:
    """actor_categories.tsv, nationalities.tsv, organisations.tsv and roles.tsv, read once."""
    cues: dict[str, list[Row]] = {}
    name_words: dict[str, str] = {}
    for rank, (kind, category, name, words) in enumerate(_read("actor_categories.tsv")):
        for cue in words.split("|"):
            if kind == "name":
                name_words[cue.lower()] = category
            else:
                cues.setdefault(cue.lower(), []).append(Row(kind, category, name, rank))
    nations: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    demonyms: set[str] = set()
    exact_nations: dict[str, str] = {}
    for iso, adjs, names in _read("nationalities.tsv"):
        adjectives[iso] = adjs.split("|")[0]
        demonyms.update(a.lower() for a in adjs.split("|"))
        for form in (*adjs.split("|"), *names.split("|")):
            if form.replace(".", "").isupper():
                exact_nations.setdefault(form, iso)
            else:
                nations.setdefault(form.lower(), iso)
    exact: dict[str, tuple[str, str]] = {}
    lower: dict[str, tuple[str, str]] = {}
    for canonical, category, aliases in _read("organisations.tsv"):
        for alias in (canonical, *aliases.split("|")):
            if alias.isupper() or any(ch.isdigit() for ch in alias):
                exact[alias] = (canonical, category)
            else:
                lower[alias.lower()] = (canonical, category)
    roles = {
        kind: frozenset(w.lower() for w in words.split("|")) for kind, words in _read("roles.tsv")
    }
    return Tables(
        cues={k: tuple(v) for k, v in cues.items()},
        name_words=name_words,
        nations=nations,
        nations_exact=exact_nations,
        adjectives=adjectives,
        demonyms=frozenset(demonyms),
        orgs_exact=exact,
        orgs_lower=lower,
        roles=roles["role"] | roles["office"],
        offices=roles["office"],
        titles=roles["title"],
        documents=roles["document"],
        speakers=roles["speaker"],
    )


def nation(text: str) -> str | None:
    """ISO code of the country a word or phrase names ("Syrian", "U.S.", "Damascus"), or None;
    also a country's name whose possessive lost its apostrophe ("Syrias regime")."""
    exact = tables().nations_exact.get(text.strip())
    if exact:
        return exact
    key = text.lower().strip()
    found = tables().nations.get(key)
    if found is None and key.endswith("s") and key[:-1] not in tables().demonyms:
        found = tables().nations.get(key[:-1])
    return found


def adjective(iso: str) -> str:
    """The adjective crosswire writes for a country ("SY" -> "Syrian", "US" -> "US")."""
    return tables().adjectives.get(iso, iso)


def known_org(text: str) -> tuple[str, str] | None:
    """(canonical name, category) of a widely known organisation named by `text`, or None."""
    t = tables()
    key = text.strip()
    return t.orgs_exact.get(key) or t.orgs_lower.get(key.lower())


def is_act(lemma: str) -> bool:
    """True for a verb of violence whose subject carried it out ("strike", "kill")."""
    return cue_row(lemma.lower(), frozenset({"act"})) is not None


def is_actor_noun(word: str) -> bool:
    """True for a noun that names an actor by itself or with modifiers ("troops", "forces")."""
    return cue_row(word.lower(), frozenset({"group", "generic"})) is not None


def is_weapon(word: str) -> bool:
    """True for a weapon or an attack noun ("warplanes", "strike", "raid")."""
    return cue_row(word.lower(), frozenset({"instrument", "attack"})) is not None


def is_attack(word: str) -> bool:
    """True for a noun that names an attack ("strike", "raid", "shelling")."""
    return cue_row(word.lower(), frozenset({"attack"})) is not None


def unpossessed(text: str) -> str:
    """`text` without a possessive ending, also where the apostrophe was lost ("Monitors")."""
    for end in ("'s", "’s", "'", "’"):
        if text.endswith(end):
            return text[: -len(end)]
    return text


def cue_row(key: str, kinds: frozenset[str]) -> Row | None:
    for row in tables().cues.get(key, ()):
        if row.kind in kinds:
            return row
    return None


@dataclass(frozen=True, slots=True)
class Verb:
    """A reporting verb: its stance, and its stance when negated ("-" for none)."""

    stance: str
    negated: str


@lru_cache(maxsize=1)
def speech_verbs() -> dict[str, Verb]:
    """speech_verbs.tsv: lemma -> Verb."""
    return {lemma: Verb(stance, negated) for lemma, stance, negated in _read("speech_verbs.tsv")}
