"""Reading one noun phrase: its words, qualifiers and head, and the actor they make.

The rules are those listed in actors.py, which is the public face of this module
(`actor_of`, `actors_in`); `describe` returns the (name, category) pair they produce.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosswire.extract.lexicon import (
    Row,
    adjective,
    cue_row,
    known_org,
    nation,
    tables,
    unpossessed,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from crosswire.extract.actors import AliasMap

_UNCHANGING = frozenset({"Civilians", "Protesters", "Rioters"})
PARTICLES = frozenset({"of", "for", "the", "al", "el", "and", "de", "bin", "ibn", "wal", "&"})
_NOT_ORG_ENTS = frozenset({"PERSON", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL"})
_DROPPED_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "case", "cc", "advmod", "prep"})
_BACKING = ("led", "backed", "supported", "allied", "sponsored", "aligned", "affiliated", "linked")
_GOVERNMENT_WORDS = frozenset({"government", "regime", "state", "junta", "authorities"})


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    lower: str
    lemma: str
    first: int
    last: int
    proper: bool
    ent: str


def _glued(prev: Token, tok: Token) -> bool:
    return not prev.whitespace_ and prev.i + 1 == tok.i and "-" in (prev.text, tok.text)


def words_of(tokens: list[Token]) -> list[_Word]:
    """Tokens joined into words: hyphenated tokens with no space between are one ("US-led")."""
    groups: list[list[Token]] = []
    for tok in tokens:
        if groups and _glued(groups[-1][-1], tok):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    words = []
    for group in groups:
        text = "".join(t.text for t in group)
        if not any(ch.isalnum() for ch in text):
            continue
        lemma = group[0].lemma_.lower() if len(group) == 1 else text.lower()
        proper = any(
            t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP") or (t.is_upper and len(t) > 1)
            for t in group
        )
        ent = next((t.ent_type_ for t in group if t.ent_type_), "")
        words.append(_Word(text, text.lower(), lemma, group[0].i, group[-1].i, proper, ent))
    return words


def _phrase_words(span: Span) -> list[_Word]:
    """The words of a noun phrase up to its head, without determiners and numbers, and
    without what comes before a line break (a caption or a headline glued to the phrase)."""
    root = span.root
    start = span.start
    for t in span:
        if t.i < root.i and "\n" in t.text_with_ws:
            start = t.i + 1
    toks = [
        t
        for t in span
        if start <= t.i <= root.i
        and (t.dep_ not in _DROPPED_DEPS or t.i == root.i)
        and t.pos_ not in ("DET", "NUM", "SPACE", "PRON")
        and t.lower_ not in ("'s", "’s")
    ]
    return words_of(toks)


_HEAD_KINDS = frozenset({"group", "generic", "instrument", "attack", "asset"})
_GROUP = frozenset({"group"})


def _head_row(words: list[_Word]) -> tuple[Row | None, int]:
    """The row of the phrase's head (a cue of up to three words ending it) and its length."""
    for n in (3, 2):
        if len(words) >= n:
            row = cue_row(" ".join(w.lower for w in words[-n:]), _HEAD_KINDS)
            if row:
                return row, n
    head = words[-1]
    return cue_row(head.lower, _HEAD_KINDS) or cue_row(head.lemma, _HEAD_KINDS), 1


@dataclass(slots=True)
class _Quals:
    nation: str | None = None
    leader: str | None = None
    pro: str | None = None
    row: Row | None = None


def _qualifiers(mods: list[_Word]) -> _Quals:
    """Nationality, coalition leader, pro-X target and the strongest modifier row of `mods`."""
    q = _Quals()
    for i, word in enumerate(mods):
        parts = word.lower.split("-")
        if len(parts) > 1 and parts[0] == "non":
            continue
        if len(parts) > 1 and parts[0] == "pro" and parts[1] not in ("government", "regime"):
            q.pro = word.text[4:]
            continue
        if len(parts) > 1 and parts[-1] in _BACKING:
            leader = nation(word.text.rsplit("-", 1)[0])
            if parts[-1] == "led" and leader:
                q.leader = leader
            continue
        pair = f"{word.text} {mods[i + 1].text}" if i + 1 < len(mods) else ""
        row = cue_row(pair.lower(), _GROUP) or cue_row(word.lower, _GROUP)
        if row and (q.row is None or row.rank < q.row.rank):
            q.row = row
        iso = nation(pair) or nation(word.text)
        demonym = word.lower in tables().demonyms
        if iso and q.nation is None and (demonym or word.ent != "PERSON"):
            q.nation = iso
    return q


def _pro_row() -> Row:
    row = cue_row("pro-government", _GROUP)
    assert row is not None
    return row


def _pro_name(target: str, aliases: AliasMap) -> str:
    """The militia name for "pro-X": pro-government unless X is a foreign country."""
    iso = nation(target)
    if iso is None or target.lower() in _GOVERNMENT_WORDS or iso == aliases.government:
        return "pro-government militias"
    return f"pro-{adjective(iso)} militias"


def _runs(words: list[_Word]) -> Iterator[list[_Word]]:
    """Maximal runs of proper-name words, particles allowed inside ("Tahrir al-Sham")."""
    run: list[_Word] = []
    for word in [*words, None]:
        if word is not None and _compound_modifier(word):
            word = None
        if word is not None and (word.proper or (run and word.lower in PARTICLES)):
            run.append(word)
            continue
        while run and run[-1].lower in PARTICLES:
            run.pop()
        if run:
            yield run
        run = []


def _compound_modifier(word: _Word) -> bool:
    """True for "US-led", "pro-Assad", "non-Syrian", "Britain-based": not part of a name."""
    parts = word.lower.split("-")
    return len(parts) > 1 and (
        parts[0] in ("pro", "non") or parts[-1] in _BACKING or bool(nation(word.text.split("-")[0]))
    )


def _run_text(run: list[_Word]) -> str:
    return " ".join(w.text for w in run)


def _lookup_org(text: str, aliases: AliasMap) -> tuple[str, str | None] | None:
    """(name, category or None) of a known organisation or an article alias."""
    hit = known_org(text) or known_org(unpossessed(text))
    if hit:
        return hit
    full = aliases.org(text)
    if full is None:
        return None
    return known_org(full) or (full, _name_category(full.split()))


def _name_category(words: list[str]) -> str | None:
    """The category an organisation's name implies ("... Front" -> Rebel groups), or None."""
    for word in reversed(words):
        category = tables().name_words.get(word.lower())
        if category:
            return category
    return None


def _named(
    words: list[_Word], aliases: AliasMap, row: Row | None, quals: _Quals
) -> tuple[str, str] | None:
    """The organisation a proper-name run of the phrase names, known or not, or None. A
    militia named by a place or a people ("Kaduna militiamen", "Fulani militia") is an
    identity militia, as ACLED codes communal and ethnic militias."""
    for run in _runs(words):
        hit = next((h for c in _candidates(run) if (h := _lookup_org(c, aliases))), None)
        if hit is not None:
            category = hit[1] or _unknown_category(row, quals, None)
            if category:
                return hit[0], category
            continue
        if _is_state_name(run) or all(nation(w.text) for w in run):
            continue
        if row is not None and row.name == "militias":
            return f"{_run_text(run)} militia", "Identity militias"
        if any(w.ent in _NOT_ORG_ENTS for w in run):
            continue
        if all(w.ent == "NORP" or w.lower in tables().cues for w in run):
            continue
        category = _unknown_category(row, quals, _name_category([w.lower for w in run]))
        if category:
            return _run_text(run), category
    return None


def _candidates(run: list[_Word]) -> Iterator[str]:
    """The run, the run without trailing common nouns ("Islamic State group"), its acronyms,
    then its shorter endings ("URL Daesh" -> "Daesh", for junk glued in front of a name)."""
    yield _run_text(run)
    trimmed = list(run)
    while len(trimmed) > 1 and (trimmed[-1].lower in tables().cues or not trimmed[-1].proper):
        trimmed.pop()
        yield _run_text(trimmed)
    for word in run:
        if word.text.isupper() and len(run) > 1:
            yield word.text
    for i in range(1, len(run)):
        if run[i].lower not in PARTICLES:
            yield _run_text(run[i:])


def _is_state_name(run: list[_Word]) -> bool:
    """True for "Syrian Army", "US Air Force", "Sudan Army Forces", "Syrian Arab Air Force":
    a nationality, then state-force words only, or ending in a state-force noun that is not the
    generic "forces" ("Syrian Democratic Forces" is not)."""
    if len(run) < 2 or not nation(run[0].text):
        return False
    for n in (2, 1):
        tail = cue_row(" ".join(w.lower for w in run[-n:]), _GROUP) if len(run) > n else None
        if tail is not None and tail.category == "State forces":
            return True
    state = frozenset({"group", "generic"})
    rows = [cue_row(w.lower, state) for w in run[1:]]
    whole = cue_row(" ".join(w.lower for w in run[1:]), state)
    checked = [whole] if whole else rows
    return all(r is not None and r.category == "State forces" for r in checked)


def describe(span: Span, aliases: AliasMap, follow: bool) -> tuple[str, str] | None:
    words = _phrase_words(span)
    if not words or span.root.pos_ == "PRON":
        return None
    row, size = _head_row(words)
    mods = words[:-size]
    definite = not mods and span[0].lower_ == "the"
    quals = _qualifiers(mods)
    named = _named(words, aliases, row, quals)
    if named:
        return named
    if row is None:
        return None
    if row.kind != "group":
        if follow:
            inner = _inner(span.root, aliases)
            if inner:
                return inner
        return _transparent(row, quals, aliases, definite)
    return _group(row, quals, aliases, definite, mods)


def _unknown_category(row: Row | None, quals: _Quals, name_category: str | None) -> str | None:
    """The category of an organisation name not in any table, or None when the phrase does
    not make it an armed one: the modifiers' ("FARDC military forces"), the name's words'
    ("... Front"), the head's ("... militiamen"), else rebels when the head is an armed noun."""
    if row is None:
        return name_category
    if quals.row is not None and quals.row.category not in _UNCHANGING:
        return quals.row.category
    if name_category:
        return name_category
    if row.kind in ("instrument", "attack", "asset") or row.category in _UNCHANGING:
        return None
    return row.category if row.kind == "group" else "Rebel groups"


def _inner(head: Token, aliases: AliasMap) -> tuple[str, str] | None:
    """The actor of an "of"/"from" phrase or of a "held by" agent under a transparent head."""
    for child in head.children:
        target = None
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ == "acl":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            target = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if target is not None:
            sub = head.doc[target.left_edge.i : target.i + 1]
            found = describe(sub, aliases, True)
            if found:
                return found
    return None


def _transparent(row: Row, q: _Quals, aliases: AliasMap, definite: bool) -> tuple[str, str] | None:
    """Instruments, assets and generic nouns: the actor is what qualifies them; "X-led" alone
    makes it a coalition's ("US-led strikes"), a nationality alone the state's."""
    if q.pro is not None:
        return _pro_name(q.pro, aliases), _pro_row().category
    if q.row is not None and q.row.name == "unidentified armed group" and row.kind != "generic":
        return None  # "unidentified planes", "an unknown strike": nobody named
    if q.row is not None:
        return _finish(q.row, q, aliases, definite)
    if q.leader:
        fallback = cue_row("coalition", _GROUP)
    elif q.nation and (row.kind != "generic" or row.category == "State forces"):
        fallback = cue_row("government", _GROUP)
    else:
        return None
    return _finish(fallback, q, aliases, definite) if fallback else None


def _group(
    row: Row, q: _Quals, aliases: AliasMap, definite: bool, mods: list[_Word]
) -> tuple[str, str]:
    """Group heads: the head's row unless an earlier modifier row overrides it."""
    pro = _pro_row()
    if row.category in _UNCHANGING and any(w.lower == "armed" for w in mods):
        row = cue_row("armed", _GROUP) or row
    elif row.category not in _UNCHANGING:
        guarded = row.category in ("State forces", "Rebel groups")
        if q.pro is not None and not guarded:
            return _pro_name(q.pro, aliases), pro.category
        mod = q.row
        if mod is not None and mod.rank < row.rank and not (mod == pro and guarded):
            row = mod
    return _finish(row, q, aliases, definite)


def _finish(row: Row, q: _Quals, aliases: AliasMap, definite: bool) -> tuple[str, str]:
    """The canonical name: the row's name with its nationality or leader, or the article's.

    Unqualified state forces take the article's government; an unqualified coalition, or
    another bare name that is definite ("the rebels"), takes the first qualified mention of
    the same name in the article.
    """
    base = row.name
    leader = q.leader or q.nation
    if base == "coalition" and leader:
        name = f"{adjective(leader)}-led coalition"
    elif base in _UNQUALIFIED:
        name = base
    elif q.nation:
        name = f"{adjective(q.nation)} {base}"
    elif row.category == "State forces" and aliases.government:
        name = f"{adjective(aliases.government)} {base}"
    else:
        name = aliases.actors.get(base, base) if definite or base == "coalition" else base
    return name, row.category


_UNQUALIFIED = frozenset(
    {"pro-government militias", "unidentified armed group", "unidentified gang"}
)


def base_name(name: str) -> str:
    """An actor name without its qualifier: "US-led coalition" -> "coalition"."""
    if name.endswith("-led coalition"):
        return "coalition"
    first, _, rest = name.partition(" ")
    names = {row.name for rows in tables().cues.values() for row in rows}
    return rest if rest in names and nation(first) else name
