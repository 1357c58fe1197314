"""Claims: who says what in an article, and the stance they take.

`attributions_in(doc, aliases)` returns, sentence by sentence, each speaker found and what
they say: an `Attribution` with the normalised source, the stance (`assert`, `accuse`,
`denial`, `no_comment`), the actor accused or denied, and character spans of the speaker,
the sentence and the reported content. `claim_kinds` maps an attribution to the claim kinds
of CONTRACT.md.

Triggers, in a sentence:
- a reporting verb of speech_verbs.tsv outside quotation marks ("X said (that) ...",
  "..., X said.", "“...,” said X.", "X told Reuters", "X blamed Y for ...", "denied ...",
  "declined to comment");
- "according to X";
- the noun "comment" under "no" or a negated verb ("had no comment", "was not available for
  comment").

The speaker is the verb's subject, named as speakers.py says (pronouns, people, roles,
organisations, descriptions, resolved with the article's alias map).

The stance is the verb's (negated when the verb is: "did not immediately comment"), then the
content can change it: a quoted "we do not comment" is no_comment; a negated attack with an
actor ("No member of the coalition carried out strikes", "There have been no strikes by US
forces") is a denial of that actor; an attack with a perpetrator ("a coalition air strike
killed ...", "the coalition conducted strikes") makes the statement a responsibility claim,
stance accuse, about that actor (the speaker itself included). "denied responsibility" denies
the speaker's own; "accused X of ...", "blamed X for ...", "blamed ... on X", "held X
responsible" accuse X; "claimed responsibility" accuses the speaker itself; "reject" and
"dismiss" deny only claims ("rejected the claims", not "rejected a plea").

A sentence without a trigger that continues a quotation opened in an earlier attributed
sentence is attributed to the same speaker.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from crosswire.extract.actors import AliasMap, actor_of
from crosswire.extract.lexicon import adjective, is_act, is_attack, is_weapon, nation, speech_verbs
from crosswire.extract.speakers import (
    NEGATIONS,
    RELATIVES,
    Speaker,
    can_speak,
    cited_source,
    coordinated,
    description,
    document_of,
    outlet,
    speaker_of,
    subjects,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

Stance = Literal["assert", "denial", "no_comment", "accuse"]

# fmt: off
_BLAME_OBJECTS = frozenset({"responsibility", "involvement", "role", "charge", "accusation"})
"""Objects of "denied" and "blamed" that are the charge, not the actor ("denied the charge")."""

_CLAIM_NOUNS = frozenset({
    "claim", "report", "reporting", "allegation", "accusation", "charge", "responsibility",
    "involvement", "role", "account", "assertion", "suggestion", "story", "statement",
    "rumour", "rumor", "finding", "conclusion", "toll", "figure", "version",
})
"""What "reject" and "dismiss" must be about to be denials ("rejected the claims", not
"rejected a plea")."""

_OBJECT_DENIALS = frozenset({"reject", "dismiss"})

_COMMENT_WORDS = frozenset({"comment", "request", "call", "message", "question", "inquiry"})
"""What a negated "respond" or "reply" is about when it is a refusal to comment."""

_OBJECT_PREPS = {"accuse": "of", "blame": "on", "comment": "on", "attribute": "to", "hold": "for"}
"""The preposition that introduces what a verb is about when it has no clause or object."""

_NOT_SOURCES = frozenset({
    "agreement", "deal", "plan", "law", "rule", "schedule", "tradition", "constitution",
    "accord", "treaty", "custom", "protocol", "arrangement", "timetable", "procedure",
})
"""Things "according to" follows that do not speak ("according to the agreement")."""
# fmt: on


@dataclass(frozen=True, slots=True)
class Attribution:
    """One speaker's statement in one sentence.

    `accused` names the actor the claim is about: the one the source says carried it out
    (accuse: "blamed X", "a coalition air strike killed ...", "claimed responsibility"), or the
    one whose responsibility is denied (denial); else None. `cited` is the source the speaker
    cites ("citing a military source", "reported a military source as saying"); `via` the
    outlet that carried the statement ("told Reuters", "quoted by SANA"); `person` the person
    who spoke for the source, when named.
    """

    source: str
    speaker_span: tuple[int, int]
    stance: Stance
    accused: str | None
    span: tuple[int, int]
    content_span: tuple[int, int]
    cited: str | None = None
    via: str | None = None
    person: str | None = None


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, split again at line breaks (a headline or a caption glued to the
    next sentence by the parser is a sentence of its own)."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text_with_ws and tok.i + 1 < sent.end:
                if doc[start : tok.i + 1].text.strip():
                    out.append(doc[start : tok.i + 1])
                start = tok.i + 1
        if doc[start : sent.end].text.strip():
            out.append(doc[start : sent.end])
    return out


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks: curly pairs, straight quotes paired in order;
    a quotation left open ends at the paragraph's end."""
    regions = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if opened is None and ch in '“"':
            opened = i + 1
        elif opened is not None and (ch in '”"' or ch == "\n"):
            regions.append((opened, i))
            opened = None
    if opened is not None:
        regions.append((opened, len(text)))
    return regions


def _quote_of(char: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next((q for q in quotes if q[0] <= char < q[1]), None)


def attributions_in(doc: Doc, aliases: AliasMap) -> list[Attribution]:
    """Every attribution of the article, sentence by sentence, in order."""
    quotes = quote_regions(doc.text)
    history: list[Attribution] = []
    speakers: list[Speaker] = []
    pending: list[tuple[Span, tuple[int, int]]] = []  # quoted sentences awaiting a speaker
    previous: list[Attribution] = []  # what the sentence before gave
    for sent in sentences(doc):
        found = _in_sentence(sent, aliases, quotes, speakers)
        quote = _whole_quote(sent, quotes)
        if found:
            history += _quoted_before(pending, found[0], quotes)
            pending = []
        elif quote is not None:
            found = _continued(sent, quote, previous, quotes)
            if not found:
                pending.append((sent, quote))
        else:
            pending = []
        history += found
        previous = found
    return history


def claim_kinds(attribution: Attribution, tolls: Collection[str] = ()) -> tuple[str, ...]:
    """CONTRACT.md claim kinds an attribution supports; `tolls` are the toll kinds found in its
    content ("fatalities", "injuries"). accuse is a responsibility claim (with `accused` as its
    value), besides the tolls; denial and no_comment are only that; otherwise "other"."""
    if attribution.stance in ("denial", "no_comment"):
        return (attribution.stance,)
    kinds = sorted(tolls)  # a set's order changes from process to process
    if attribution.stance == "accuse":
        kinds.append("responsibility")
    return tuple(kinds) or ("other",)


def claim_kind(attribution: Attribution, has_toll: bool) -> str:
    """The main claim kind: responsibility, denial or no_comment by the stance, else
    fatalities when the content has a toll, else other. Use `claim_kinds` for all of them (an
    accusation with a toll is both a responsibility and a fatalities claim)."""
    if attribution.stance == "accuse":
        return "responsibility"
    return claim_kinds(attribution, ("fatalities",) if has_toll else ())[0]


def _whole_quote(sent: Span, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation a sentence lies wholly inside (its edge quote marks and punctuation
    aside), or None."""
    inner = sent.text.strip().strip("“”\"'’.,;: ")
    if not inner:
        return None
    start = sent.start_char + sent.text.index(inner)
    quote = _quote_of(start, quotes)
    return quote if quote is not None and quote[1] >= start + len(inner) else None


def _continued(
    sent: Span,
    quote: tuple[int, int],
    previous: list[Attribution],
    quotes: list[tuple[int, int]],
) -> list[Attribution]:
    """A quoted sentence right after an attributed quotation goes on with the same speaker:
    in the same quotation, or in a new one that follows at once."""
    if not previous or _quote_of(previous[-1].content_span[0], quotes) is None:
        return []
    last = previous[-1]
    span = (sent.start_char, sent.end_char)
    content = (max(quote[0], sent.start_char), min(quote[1], sent.end_char))
    return [replace(last, span=span, content_span=content)]


def _quoted_before(
    pending: list[tuple[Span, tuple[int, int]]],
    found: Attribution,
    quotes: list[tuple[int, int]],
) -> list[Attribution]:
    """Sentences of a quotation that its speaker is named after ("“A. B. C,” X said."): the
    quoted sentences before the attributed one, in the same quotation, go to the same speaker."""
    quote = _quote_of(found.content_span[0], quotes)
    out = []
    for sent, region in pending:
        if region == quote:
            content = (max(region[0], sent.start_char), min(region[1], sent.end_char))
            span = (sent.start_char, sent.end_char)
            out.append(replace(found, span=span, content_span=content))
    return out


@dataclass(frozen=True, slots=True)
class _Trigger:
    token: Token
    stance: str
    subjects: tuple[tuple[Token, int], ...]  # (speaker head, first token of the speaker phrase)
    content: tuple[int, int]


def _in_sentence(
    sent: Span, aliases: AliasMap, quotes: list[tuple[int, int]], speakers: list[Speaker]
) -> list[Attribution]:
    found: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    for trig in _triggers(sent, quotes):
        for head, start in trig.subjects:
            speaker = speaker_of(head, start, aliases, speakers) if can_speak(head) else None
            if any(c.dep_ == "det" and c.lower_ in NEGATIONS for c in head.children):
                speaker = None
            if speaker is None or (head.i, trig.token.i) in seen:
                continue
            seen.add((head.i, trig.token.i))
            found.append(_attribution(trig, speaker, sent, aliases))
            speakers.append(replace(speaker, issued=document_of(trig.token)))
    return found


def _attribution(trig: _Trigger, speaker: Speaker, sent: Span, aliases: AliasMap) -> Attribution:
    doc = sent.doc
    content = doc.char_span(*trig.content, alignment_mode="expand") or sent
    stance, accused = _refine(trig, content, speaker, aliases)
    return Attribution(
        source=speaker.source,
        speaker_span=speaker.span,
        stance=stance,
        accused=accused,
        span=(sent.start_char, sent.end_char),
        content_span=trig.content,
        cited=cited_source(trig.token, sent, aliases),
        via=outlet(trig.token, aliases),
        person=speaker.person,
    )


def _triggers(sent: Span, quotes: list[tuple[int, int]]) -> Iterator[_Trigger]:
    for tok in sent:
        if _quote_of(tok.idx, quotes):
            continue
        if tok.lower_ == "according":
            trig = _according(tok, sent)
        elif tok.lemma_.lower() == "comment" and tok.pos_ == "NOUN":
            trig = _comment_noun(tok, sent)
        elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech_verbs():
            trig = _verb_trigger(tok, sent, quotes)
        else:
            continue
        if trig is not None and trig.subjects:
            yield trig


def _according(tok: Token, sent: Span) -> _Trigger | None:
    """ "according to X, ...": X asserts the rest of the sentence."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if pobj is None or pobj.lemma_.lower() in _NOT_SOURCES:
        return None
    pp = tok.doc[tok.i : pobj.right_edge.i + 1]
    rest = [t for t in sent if not (pp.start <= t.i < pp.end) and not t.is_punct and not t.is_space]
    if not rest:
        return None
    content = (rest[0].idx, rest[-1].idx + len(rest[-1]))
    return _Trigger(tok, "assert", tuple(coordinated(pobj)), content)


def _comment_noun(tok: Token, sent: Span) -> _Trigger | None:
    """ "X had no comment", "X was not available for comment": no_comment from X."""
    pred = tok.head
    while (
        pred.pos_ not in ("VERB", "AUX")
        and pred.head.i != pred.i
        and pred.i in range(sent.start, sent.end)
    ):
        pred = pred.head
    refused = any(c.lower_ in NEGATIONS for c in tok.children) or _negated(pred)
    if not refused or pred.lemma_.lower() in speech_verbs():
        return None
    span = (sent.start_char, sent.end_char)
    return _Trigger(pred, "no_comment", tuple(subjects(pred, sent)), span)


def _verb_trigger(tok: Token, sent: Span, quotes: list[tuple[int, int]]) -> _Trigger | None:
    stance = _verb_stance(tok)
    if stance is None:
        return None
    heads = tuple(subjects(tok, sent))
    if any(is_weapon(head.lemma_) or is_weapon(head.lower_) for head, _ in heads):
        return None
    return _Trigger(tok, stance, heads, _content(tok, sent, quotes))


def _verb_stance(tok: Token) -> str | None:
    """The verb's stance (speech_verbs.tsv), after negation and the table's conditions."""
    lemma = tok.lemma_.lower()
    verb = speech_verbs()[lemma]
    if verb.stance == "cite" or tok.dep_ == "amod":
        return None
    controlled = tok.dep_ == "xcomp" and speech_verbs().get(tok.head.lemma_.lower())
    if controlled and controlled.stance == "control":
        return None  # "declined to comment": the controlling verb speaks
    if verb.stance == "control":
        inner = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        inner_verb = speech_verbs().get(inner.lemma_.lower()) if inner is not None else None
        return _stance_or_none(inner_verb.negated) if inner_verb else None
    if _negated(tok):
        if verb.negated == "no_comment" and verb.stance == "-" and not _about_comment(tok):
            return None
        return _stance_or_none(verb.negated)
    if lemma == "hold" and not any(t.lemma_ in ("responsible", "accountable") for t in tok.subtree):
        return None
    if lemma == "claim" and any(c.dep_ == "dobj" and c.lemma_ == "life" for c in tok.children):
        return None
    if lemma in _OBJECT_DENIALS and not _about_claims(tok):
        return None
    return _stance_or_none(verb.stance)


def _stance_or_none(stance: str) -> str | None:
    return None if stance == "-" else stance


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ in ("xcomp", "acomp") and any(c.dep_ == "neg" for c in tok.head.children)


def _about_claims(tok: Token) -> bool:
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return obj is not None and obj.lemma_.lower() in _CLAIM_NOUNS


def _about_comment(tok: Token) -> bool:
    """True when a negated "respond"/"reach" is about a comment, immediate, or passive."""
    if any(c.dep_ == "auxpass" or c.lower_ == "immediately" for c in tok.children):
        return True
    return any(t.lemma_.lower() in _COMMENT_WORDS for t in tok.subtree)


def _content(verb: Token, sent: Span, quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """What the speaker says: the verb's clause or object (the whole quotation when it is in
    one), else the part of the sentence before the speaker ("..., X said")."""
    comp = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if verb.lemma_.lower() != "tell":  # "told Reuters": the object is who heard it
        comp = comp or next((c for c in verb.children if c.dep_ == "dobj"), None)
    wanted = _OBJECT_PREPS.get(verb.lemma_.lower())
    comp = comp or next((c for c in verb.children if c.lower_ == wanted), None)
    if comp is not None and comp.lower_ in RELATIVES and verb.dep_ == "relcl":
        comp = verb.head  # "an ambush that X blamed on Y": what is blamed is the ambush
        return comp.left_edge.idx, comp.idx + len(comp)
    if comp is not None:
        quote = _quote_of(comp.idx, quotes)
        if quote is not None:
            return max(quote[0], sent.start_char), min(quote[1], sent.end_char)
        sub = list(comp.subtree)
        return sub[0].idx, sub[-1].idx + len(sub[-1])
    subj_start = min((s for _, s in subjects(verb, sent)), default=verb.i)
    start = min(subj_start, verb.i)
    before = [t for t in sent if t.i < start and not t.is_punct and not t.is_space]
    if before:
        return before[0].idx, before[-1].idx + len(before[-1])
    return sent.start_char, sent.end_char


def _refine(
    trig: _Trigger, content: Span, speaker: Speaker, aliases: AliasMap
) -> tuple[Stance, str | None]:
    """The stance once the content is read, and the actor the claim is about."""
    stance = trig.stance
    self_name = speaker.actor or speaker.source
    if stance == "no_comment":
        return "no_comment", None
    if stance == "accuse":
        own = _owns_up(trig.token)
        return "accuse", self_name if own else _accused_object(trig.token, content, aliases)
    agent, negated = _perpetrator(content, aliases, self_name)
    if stance == "denial":
        return "denial", agent or self_name
    if _refuses_comment(content):
        return "no_comment", None
    if agent and negated:
        return "denial", agent
    if _owns_up(trig.token):
        return "accuse", self_name
    return ("accuse", agent) if agent else ("assert", None)


def _owns_up(verb: Token) -> bool:
    """ "claimed responsibility", "admitted responsibility": the speaker names itself."""
    lemma = verb.lemma_.lower()
    return lemma in ("claim", "admit", "acknowledge") and any(
        c.dep_ == "dobj" and c.lemma_.lower().startswith("responsib") for c in verb.children
    )


def _refuses_comment(content: Span) -> bool:
    """A quoted refusal: "We do not comment on ..."."""
    root = content.root
    verb = speech_verbs().get(root.lemma_.lower())
    return verb is not None and verb.negated == "no_comment" and _negated(root)


def _accused_object(verb: Token, content: Span, aliases: AliasMap) -> str | None:
    """Whom an accusation names: "blamed ... on X", "attributed ... to X", else the object
    ("accused X of", "blamed X for", "held X responsible"), else the content's perpetrator."""
    wanted = {"blame": "on", "attribute": "to"}.get(verb.lemma_.lower())
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == wanted:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _actor_or_text(pobj, aliases)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.lemma_.lower() in ("other", "another"):
        return None
    if obj is not None and obj.lemma_.lower() not in _BLAME_OBJECTS and obj.pos_ != "PRON":
        return _actor_or_text(obj, aliases)
    return _perpetrator(content, aliases, None)[0]


def _actor_or_text(head: Token, aliases: AliasMap) -> str:
    phrase = head.doc[head.left_edge.i : head.i + 1]
    actor = actor_of(phrase, aliases)
    return actor.name if actor is not None else description(phrase)


def _perpetrator(
    content: Span, aliases: AliasMap, self_name: str | None
) -> tuple[str | None, bool]:
    """The actor the content says carried out an attack, and whether it says so negated."""
    for tok in content:
        agent = None
        if tok.pos_ == "VERB" and is_act(tok.lemma_):
            agent = _verb_agent(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and is_attack(tok.lower_):
            agent = _noun_agent(tok)
        elif tok.lemma_ in ("responsible", "behind") and tok.head.lemma_ == "be":
            agent = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if agent is None:
            continue
        if agent.lower_ in RELATIVES:
            continue
        if agent.pos_ == "PRON":
            name = _earlier_actor(content, agent, aliases) or self_name
        else:
            name = _agent_name(agent, aliases)
        if name:
            return name, _denied(tok, agent)
    return None, False


def _earlier_actor(content: Span, pronoun: Token, aliases: AliasMap) -> str | None:
    """What a third-person pronoun in the content stands for: the last actor named before it
    in the content ("said IS ... from which it could launch attacks"); none for "we", "I", or
    when the content names none before it (then it is the speaker: "said it had struck")."""
    if pronoun.lower_ in ("we", "i", "us", "our"):
        return None
    for chunk in reversed([c for c in content.noun_chunks if c.end <= pronoun.i]):
        actor = actor_of(chunk, aliases)
        if actor is not None and chunk.root.pos_ != "PRON":
            return actor.name
    return None


def _verb_agent(verb: Token) -> Token | None:
    """The subject of an active verb, the "by" agent of a passive one; for an active verb
    (past tense, or with an object) that the parser hung on a noun ("The coalition killed
    100 fighters" parsed as a modifier), the noun."""
    if verb.dep_ == "acl" and (verb.tag_ == "VBD" or any(c.dep_ == "dobj" for c in verb.children)):
        return verb.head
    if any(c.dep_ == "auxpass" for c in verb.children):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _noun_agent(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return noun


def _agent_name(agent: Token, aliases: AliasMap) -> str | None:
    """The actor that carried out an attack; a country or its capital alone is the state's
    forces ("Damascus carried out" -> "Syrian government forces")."""
    doc = agent.doc
    end = agent.i + 1
    for child in agent.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from") and not is_attack(agent.lower_):
            end = child.right_edge.i + 1
    phrase = doc[agent.left_edge.i : end]
    actor = actor_of(phrase, aliases)
    if actor is not None:
        return actor.name
    iso = nation(phrase.text.removeprefix("the ")) if agent.ent_type_ == "GPE" else None
    return f"{adjective(iso)} government forces" if iso else None


def _denied(tok: Token, agent: Token) -> bool:
    """True when an attack is negated: "did not strike", "no member ... carried out", "no
    strikes by", "was not behind"."""
    if _negated(tok) or (tok.head.lemma_ == "be" and _negated(tok.head)):
        return True
    dets = [c for c in (*tok.children, *agent.children) if c.dep_ == "det"]
    return any(d.lower_ in NEGATIONS for d in dets) or agent.lower_ in NEGATIONS
