"""ACLED event types: which kind of incident a sentence, or a few sentences, describe.

The types, their trigger words and the word classes the rules consult live in
`event_types.tsv` beside this module (ACLED's sub-event types spelt as ACLED spells them;
the file's header says how to read it). Everything else is a rule on the spaCy parse:

- **Triggers** are matched on token lemmas (or lower-cased text), several tokens in a row
  for phrases such as "exchange of fire" or "air strike"; overlapping matches keep the
  strongest. A trigger's *head* is the token of the match that the rest of the sentence
  attaches to.
- **Conditions** read the parse around the head: the clause must name aircraft for a bare
  "strike" or "raid" to be an air strike; the *target* (object, passive subject, or the
  object of "on"/"at"/"against") decides between an attack on civilians and an armed clash;
  the *actor* (subject or by-agent) decides between a government regaining territory and
  a non-state actor taking it, and between an arrest and an abduction.
- **Prominence**: a trigger that is the main verb of its sentence, or close to it, counts
  more than one buried in a subordinate phrase ("following clashes, X captured Y" is a
  capture). Hops through conjunctions and through light or reporting verbs ("carried out
  air strikes", "SOHR said forces shelled") are free.
- **Guard**: a trigger under a negation, a denial or a hypothetical ("denied carrying out
  strikes", "threatened to shell") is still returned with `guard` set, and counts half.

`classify` weighs the triggers of all the sentences of an incident, the lead sentence most,
and returns the strongest sub-event type.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from crosswire.extract.memo import per_sentence

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

# Prominence: each dependency hop from the sentence root multiplies a trigger's weight by
# DECAY, down to FLOOR.
DECAY = 0.85
FLOOR = 0.4
# An air-strike trigger whose air context is elsewhere in the document counts this much.
AIR_ELSEWHERE = 0.8
# A guarded trigger (negated, denied, hypothetical) counts this much.
GUARDED = 0.5
# Sentence weights in classify: the lead sentence, then every other one.
LEAD_WEIGHT = 1.0
OTHER_WEIGHT = 0.5
# In classify, further triggers of the same type add this share of their score.
SUPPORT = 0.2

_TARGET_PREPS = frozenset({"on", "against", "upon", "toward", "towards", "into"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "obj"})
_TARGET_KINDS = frozenset({"armed", "civilian", "protester"})


@dataclass(frozen=True, slots=True)
class EventType:
    """A sub-event type, the ACLED event type it belongs to, and the words that decided it.

    `trigger` is the character span of the trigger words in the document text. `score` is
    the trigger's weight times its prominence (and, from `classify`, the weighted evidence
    for the type over all sentences; it is comparable between types, not a probability).
    `guard` is "negated", "denied" or "hypothetical" when the trigger sits under one.
    """

    sub_event_type: str
    event_type: str
    trigger: tuple[int, int]
    score: float
    guard: str | None = None


@dataclass(frozen=True, slots=True)
class _Slot:
    """One token position of a trigger pattern: alternatives (lemma, part of speech or None)."""

    alternatives: tuple[tuple[str, str | None], ...]
    optional: bool


@dataclass(frozen=True, slots=True)
class _Trigger:
    sub_event_type: str
    slots: tuple[_Slot, ...]
    conditions: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class _Table:
    event_types: dict[str, str]
    classes: dict[str, frozenset[str]]
    by_first: dict[str, tuple[_Trigger, ...]]


def _parse_slot(text: str) -> _Slot:
    optional = text.endswith("?")
    alternatives = []
    for alt in text.rstrip("?").split("|"):
        lemma, _, pos = alt.partition("/")
        alternatives.append((lemma.lower(), pos or None))
    return _Slot(tuple(alternatives), optional)


@lru_cache(maxsize=1)
def _table() -> _Table:
    """event_types.tsv, read once: the type map, the word classes and the trigger index."""
    text = resources.files("crosswire.extract").joinpath("event_types.tsv").read_text("utf-8")
    event_types: dict[str, str] = {}
    classes: dict[str, frozenset[str]] = {}
    index: dict[str, list[_Trigger]] = defaultdict(list)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, *fields = line.split("\t")
        if kind == "type":
            event_types[fields[1]] = fields[0]
        elif kind == "class":
            classes[fields[0]] = frozenset(fields[1].split())
        elif kind == "trigger":
            sub, pattern, condition, weight = fields
            slots = tuple(_parse_slot(part) for part in pattern.split())
            conditions = () if condition == "-" else tuple(condition.split(","))
            trigger = _Trigger(sub, slots, conditions, float(weight))
            for lemma, _ in slots[0].alternatives:
                index[lemma].append(trigger)
    log.debug("event types: %d sub-event types, %d word classes", len(event_types), len(classes))
    return _Table(event_types, classes, {k: tuple(v) for k, v in index.items()})


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type of a sub-event type ("Air/drone strike" -> "Explosions/Remote
    violence"); KeyError for a name ACLED does not have."""
    return _table().event_types[sub_event_type]


def word_class(name: str) -> frozenset[str]:
    """The lemmas of one word class of event_types.tsv ("armed", "weapon", ...)."""
    return _table().classes.get(name, frozenset())


def sub_event_types() -> list[str]:
    """All ACLED sub-event types, in the order of the table."""
    return list(_table().event_types)


# --- matching -------------------------------------------------------------------------


def _keys(tok: Token) -> tuple[str, ...]:
    """The forms a trigger may match: the lemma and the lower-cased text, and for a
    capitalised word the model took for a name (headlines: "Strikes Kill 45") the text
    without a plural or past ending."""
    keys: tuple[str, ...] = (tok.lemma_.lower(), tok.lower_)
    if tok.pos_ == "PROPN" and tok.is_title:
        for ending in ("s", "es", "ed", "d", "ing"):
            if tok.lower_.endswith(ending) and len(tok.lower_) > len(ending) + 3:
                keys += (tok.lower_[: -len(ending)],)
    return keys


def _fits(tok: Token, slot: _Slot) -> bool:
    keys = _keys(tok)
    return any(
        lemma in keys and (pos is None or tok.pos_ == pos) for lemma, pos in slot.alternatives
    )


def _match_rest(tokens: Sequence[Token], start: int, slots: Sequence[_Slot]) -> int | None:
    """The end (exclusive) of a match of the slots after the first, from tokens[start], or
    None. A hyphen token before a slot is skipped ("air-strike"); an optional slot may be
    absent."""
    if not slots:
        return start
    slot, rest = slots[0], slots[1:]
    i = start + 1 if start < len(tokens) and tokens[start].text == "-" else start
    if i < len(tokens) and _fits(tokens[i], slot):
        end = _match_rest(tokens, i + 1, rest)
        if end is not None:
            return end
    return _match_rest(tokens, start, rest) if slot.optional else None


def _head(tokens: Sequence[Token]) -> Token:
    """The token of a match that the rest of the sentence attaches to."""
    ids = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in ids or tok.head.i == tok.i:
            return tok
    return tokens[-1]


# --- reading the parse ----------------------------------------------------------------


def _words(tok: Token) -> set[str]:
    """The lemmas that describe a noun: itself, its compounds and modifiers, and for
    "members of X" or "a group of X" the words of X."""
    words = set(_keys(tok))
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss"):
            words.update(_keys(child))
        elif child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    words.update(_keys(pobj))
    return words


def _with_conjuncts(toks: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in toks:
        out.append(tok)
        out.extend(c for c in tok.conjuncts if c.i > tok.i)
    return out


def _predicates(head: Token, match: Sequence[Token]) -> list[Token]:
    """The head, the match's other tokens and the verbs coordinated with the head."""
    preds = list(match)
    preds.extend(c for c in head.conjuncts if c.pos_ in ("VERB", "AUX"))
    return preds


def _targets(head: Token, match: Sequence[Token]) -> list[Token]:
    """Who or what the trigger is aimed at: objects and passive subjects of the trigger (and
    of coordinated verbs) that are not munitions ("fired shots at X"); failing those, the
    objects of aiming prepositions (see `_aims`); the noun a participle modifies; and for a
    subject, object or by-agent trigger ("gunmen killed", "fired shots") its verb's ones."""
    preds = _predicates(head, match)
    if head.dep_ in ("nsubj", "dobj") and head.head.pos_ in ("VERB", "AUX"):
        preds.extend([head.head, *head.head.conjuncts])
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        preds.append(head.head.head)
    inside = {m.i for m in match}
    objects: list[Token] = []
    aimed: list[Token] = []
    for pred in preds:
        for child in pred.children:
            if child.dep_ in _OBJECT_DEPS and child.i not in inside and not _is_munition(child):
                objects.append(child)
            elif child.dep_ == "prep" and _aims(pred, child):
                aimed.extend(_aimed(child))
    found = objects or aimed
    if head.dep_ in ("acl", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        found.append(head.head)
    return _with_conjuncts(found)


def _is_munition(tok: Token) -> bool:
    return bool(set(_keys(tok)) & _table().classes["munition"])


def _aims(pred: Token, prep: Token) -> bool:
    """Whether a preposition after `pred` can name its target: "on", "against", "toward";
    "at" after a verb of firing or throwing; "of" after a noun ("the shooting of"); "in"
    for "in the direction of"."""
    word = prep.lower_
    if word == "at":
        return bool(set(_keys(pred)) & _table().classes["aim"])
    if word == "of":
        return pred.pos_ == "NOUN"
    return word in _TARGET_PREPS or word == "in"


def _aimed(prep: Token) -> list[Token]:
    """The objects of a preposition; for "in the direction of X", X ("in" names a place
    otherwise, not a target)."""
    found: list[Token] = []
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        if pobj.lemma_.lower() == "direction":
            for of in (c for c in pobj.children if c.lower_ == "of"):
                found.extend(c for c in of.children if c.dep_ == "pobj")
        elif prep.lower_ != "in":
            found.append(pobj)
    return found


def _actors(head: Token, match: Sequence[Token]) -> list[Token]:
    """Who carries the trigger out: subjects and by-agents of the trigger and the verbs
    coordinated with it; for a verb without a subject ("clashed ... and took control"), the
    subject of the verb it depends on."""
    preds = _predicates(head, match)
    node = head
    while node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
        node = node.head
        preds.append(node)
    found: list[Token] = []
    for pred in preds:
        for child in pred.children:
            if child.dep_ in ("nsubj", "csubj"):
                found.append(child)
            elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                found.extend(c for c in child.children if c.dep_ == "pobj")
        if found:
            break
    return _with_conjuncts(found)


def _kind(tok: Token) -> str | None:
    """The kind of one target: "protester", "armed", "civilian" or None.

    Soldiers or police that are off duty, former or unarmed are civilians; members of a
    named organisation are armed unless it is a party, union or the like.
    """
    cls = _table().classes
    words = _words(tok)
    if words & cls["protester"]:
        return "protester"
    if {w for t in tok.subtree if t.i < tok.i for w in _keys(t)} & cls["disarmed"]:
        return "civilian"
    if words & cls["armed"]:
        return "armed"
    if words & (cls["civilian"] | cls["civsite"] | cls["place"]):
        return "civilian"
    if tok.ent_type_ in _PLACE_ENTS | {"PERSON"}:
        return "civilian"
    if tok.lemma_.lower() == "member" and not words & cls["unarmedorg"]:
        named = [c for c in tok.subtree if c.ent_type_ == "ORG"]
        return "armed" if named else None
    return None


def _target_kind(targets: Sequence[Token]) -> str | None:
    """The kind of the targets: "protester" if any is one, else "armed" or "civilian" when
    all known ones agree, else None."""
    kinds = {k for k in map(_kind, targets) if k}
    if "protester" in kinds:
        return "protester"
    return kinds.pop() if len(kinds) == 1 else None


def _is_person(tok: Token) -> bool:
    cls = _table().classes
    return (
        bool(_words(tok) & (cls["civilian"] | cls["armed"]))
        or tok.pos_ == "PRON"
        or (tok.lemma_.lower() in ("other", "one"))
    )


def _is_place(tok: Token) -> bool:
    """A place that can be held: a place entity or word, or a proper name that is not a
    person word (the small model often labels foreign place names PERSON or ORG)."""
    cls = _table().classes
    if _words(tok) & cls["place"] or tok.ent_type_ in _PLACE_ENTS:
        return True
    return tok.pos_ == "PROPN" and not _is_person(tok)


def _has_class(toks: Iterable[Token], name: str) -> bool:
    words = _table().classes[name]
    return any(_words(t) & words for t in toks)


def _air_context(head: Token, *, document: bool) -> float:
    """1.0 when the trigger's clause (the subtree of its nearest verb) names aircraft, and
    with `document` AIR_ELSEWHERE when only the rest of the document does, else 0. "air" in
    "air defence" does not count."""
    node = head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    if any(map(_is_aircraft, node.subtree)):
        return 1.0
    return AIR_ELSEWHERE if document and any(map(_is_aircraft, head.doc)) else 0.0


def _is_aircraft(tok: Token) -> bool:
    cls = _table().classes
    if not set(_keys(tok)) & cls["aircraft"]:
        return False
    return not (tok.lower_ == "air" and tok.head.lemma_.lower() in cls["antiair"])


def trigger_guard(tok: Token) -> str | None:
    """The guard on a trigger: "negated", "denied" or "hypothetical" when `tok` or a word
    governing it is negated ("did not shell", "no air strikes"), a denial ("denied carrying
    out strikes"), or hypothetical ("threatened to shell", "could strike", "if ... attack");
    else None. Climbing stops at the root, does not cross into a conjoined clause, and does
    not leave a clause that modifies a noun ("the residents killed when air strikes hit ...
    may be 200": the strikes are told as a fact, whatever the main verb's mood)."""
    cls = _table().classes
    node = tok
    while True:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated"
            if child.dep_ in ("aux", "mark") and child.lower_ in cls["hypothetical"]:
                return "hypothetical"
        lemma = node.lemma_.lower()
        if node is not tok and lemma in cls["denial"]:
            return "denied"
        if node is not tok and lemma in cls["hypothetical"]:
            return "hypothetical"
        if node.head.i == node.i or node.dep_ in ("conj", "acl", "relcl"):
            return None
        node = node.head


def _prominence(head: Token) -> float:
    """DECAY to the power of the head's depth below the sentence root, not counting hops
    along conjunctions, appositions or into light and reporting verbs."""
    light = _table().classes["light"]
    depth = 0
    node = head
    while node.head.i != node.i:
        if node.dep_ not in ("conj", "appos") and node.head.lemma_.lower() not in light:
            depth += 1
        node = node.head
    return max(FLOOR, DECAY**depth)


# --- conditions -----------------------------------------------------------------------


def _protest_type(sent: Span, default: str) -> str:
    """Refine a protest: violence by the crowd, lethal force against it, or an
    intervention (dispersal, arrests) named in the sentence."""
    cls = _table().classes
    lemmas = {t.lemma_.lower() for t in sent}
    if lemmas & cls["riotous"]:
        return "Violent demonstration"
    if lemmas & cls["lethal"]:
        return "Excessive force against protesters"
    if lemmas & cls["intervention"]:
        return "Protest with intervention"
    return default


def _needs_target(trigger: _Trigger) -> bool:
    return any(c.split(":")[0] in _TARGET_KINDS for c in trigger.conditions)


def _resolve(
    trigger: _Trigger, head: Token, match: Sequence[Token], target_kind: str | None
) -> tuple[str, float] | None:
    """The sub-event type a matched trigger stands for once its conditions are read, with a
    factor for its weight, or None when a required condition fails. `target_kind` is the
    kind of its targets."""
    sub = trigger.sub_event_type
    factor = 1.0
    for cond in trigger.conditions:
        name, _, switch = cond.partition(":")
        if name in ("air", "airdoc"):
            factor = _air_context(head, document=name == "airdoc")
            if not factor:
                return None
        if name in ("place", "person", "weapon") and not _object_is(name, head, match):
            return None
        if name == target_kind and switch:
            sub = switch
        if name == "state" and _has_class(_actors(head, match), "state"):
            sub = switch
        if name == "protest":
            sub = _protest_type(head.sent, sub)
    return sub, factor


def _object_is(what: str, head: Token, match: Sequence[Token]) -> bool:
    """Whether the trigger's first object is a place or a person, or any is a weapon."""
    objects = _targets(head, match)
    if not objects:
        return False
    if what == "place":
        return _is_place(objects[0])
    if what == "person":
        return _is_person(objects[0])
    return any(_words(obj) & _table().classes["weapon"] for obj in objects)


# --- public ---------------------------------------------------------------------------


def _candidates(tokens: Sequence[Token]) -> Iterable[tuple[_Trigger, list[Token]]]:
    by_first = _table().by_first
    for i, tok in enumerate(tokens):
        seen: set[int] = set()
        for key in _keys(tok):
            for trigger in by_first.get(key, ()):
                if id(trigger) in seen:
                    continue
                seen.add(id(trigger))
                if not _fits(tok, trigger.slots[0]):
                    continue
                end = _match_rest(tokens, i + 1, trigger.slots[1:])
                if end is not None:
                    yield trigger, [t for t in tokens[i:end] if t.text != "-"]


@per_sentence
def event_triggers(sent: Span) -> list[EventType]:
    """The candidate event triggers in a sentence, in text order.

    A trigger whose targets are unknown ("gunmen opened fire", "an attack") takes the kind
    of target that the sentence's other triggers agree on ("... killing two soldiers").
    Of overlapping matches the one with the highest score is kept (the longer on a tie),
    so "suicide bomber" wins over "bomber" and "air strike" over "strike".
    """
    matches = [(trig, match, _head(match)) for trig, match in _candidates(list(sent))]
    kinds = {
        id(match): _target_kind(_targets(head, match))
        for trig, match, head in matches
        if _needs_target(trig)
    }
    agreed = {k for k in kinds.values() if k}
    fallback = agreed.pop() if len(agreed) == 1 else None
    found: list[tuple[float, int, EventType]] = []
    for trig, match, head in matches:
        resolved = _resolve(trig, head, match, kinds.get(id(match)) or fallback)
        if resolved is None:
            continue
        sub, factor = resolved
        guard = trigger_guard(head)
        score = trig.weight * factor * _prominence(head) * (GUARDED if guard else 1.0)
        span = (match[0].idx, match[-1].idx + len(match[-1].text))
        record = EventType(sub, event_type_of(sub), span, round(score, 4), guard)
        found.append((score, span[1] - span[0], record))
    kept: list[EventType] = []
    for _, _, cand in sorted(found, key=lambda f: (-f[0], -f[1])):
        if all(cand.trigger[1] <= k.trigger[0] or cand.trigger[0] >= k.trigger[1] for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda e: e.trigger)


# A type told in one sentence with a trigger of a type it maps to takes that type: ACLED
# codes the violence done to abductees, and the territory that a battle changed hands.
_ABSORBED = {
    "Abduction/forced disappearance": ("Attack",),
    "Armed clash": ("Government regains territory", "Non-state actor overtakes territory"),
}


def classify(sents: Sequence[Span]) -> EventType | None:
    """The sub-event type of an incident described by these sentences, or None.

    Each trigger counts its score times the sentence weight (LEAD_WEIGHT for the first
    sentence, OTHER_WEIGHT after). A type's evidence is its strongest trigger plus SUPPORT
    times the others; the type with the most evidence wins, and the record returned is its
    strongest trigger with `score` set to that evidence. Some types give way to another told
    in the same sentence (`_ABSORBED`): an abduction told with killing, wounding or
    attacking civilians is an Attack, and a clash after which one side took ground is a
    change of territory.
    """
    evidence: dict[str, list[tuple[float, EventType]]] = defaultdict(list)
    by_sentence: list[list[EventType]] = []
    for n, sent in enumerate(sents):
        weight = LEAD_WEIGHT if n == 0 else OTHER_WEIGHT
        triggers = event_triggers(sent)
        by_sentence.append(triggers)
        for trig in triggers:
            evidence[trig.sub_event_type].append((trig.score * weight, trig))
    if not evidence:
        return None
    totals = {}
    for sub, items in evidence.items():
        items.sort(key=lambda it: -it[0])
        totals[sub] = items[0][0] + SUPPORT * sum(s for s, _ in items[1:])
    best = max(totals, key=lambda s: totals[s])
    top = evidence[best][0][1]
    if best in _ABSORBED:
        top = _absorbed(top, sents, by_sentence) or top
    return replace(top, score=round(totals[best], 4))


def _absorbed(
    top: EventType, sents: Sequence[Span], by_sentence: Sequence[Sequence[EventType]]
) -> EventType | None:
    """The strongest unguarded verb trigger ("killed", not "gunmen") of an absorbing type
    in the sentence of `top`, if any."""
    for sent, triggers in zip(sents, by_sentence, strict=True):
        if top in triggers:
            doc = sent.doc
            others = [
                t
                for t in triggers
                if t.sub_event_type in _ABSORBED[top.sub_event_type]
                and not t.guard
                and any(tok.pos_ == "VERB" for tok in doc.char_span(*t.trigger) or ())
            ]
            return max(others, key=lambda t: t.score, default=None)
    return None
