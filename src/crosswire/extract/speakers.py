"""Speakers: who makes a statement, and the name to give them.

The speaker is the verb's subject; a participle or conjoined verb without one takes the
subject of the verb it hangs on ("reported ..., citing X and accusing Y"); a relative clause
takes the noun it modifies ("the Monitor, which confirmed ..."); coordinated subjects are
separate speakers ("that the Monitor and state media blamed on ..."). It is named
(`source`):
- pronouns and "the statement" take the most recent earlier speaker of the same kind (he/she:
  a person; it: an organisation; they: anyone);
- a person, by the organisation the article's alias map says they speak for ("Jana
  Holt, head of the Monitor", "Monitor chief Jana Holt"), else by name;
- a role noun by its named organisation ("a US Central Command spokesman", "the coalition's
  press office");
- a named organisation by its full name (the alias map expands "the Monitor", "SDF");
- a definite description by what the article called it before ("the monitor" after "X, a
  monitor"; "the source" after "a military source"; "the coalition" after "the US-led
  coalition");
- anything else by its words without determiners ("a military source" -> "military source").

Also the other sources a statement names: the one the speaker cites ("citing a military
source") and the outlet that carried it ("told Reuters").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from crosswire.extract.actors import AliasMap, actor_of, role_org
from crosswire.extract.lexicon import is_actor_noun, known_org, speech_verbs, tables

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "any", "this": "org"}
"""Pronouns that can stand for a speaker, and the kind of earlier speaker each takes."""
RELATIVES = frozenset({"which", "who", "that", "whom"})
NEGATIONS = frozenset({"no", "none", "nobody", "neither", "never"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker once found: the name given, where it is, and what later references need."""

    source: str
    span: tuple[int, int]
    person: str | None
    kind: str  # person, org or any
    head: str  # lemma of the speaker's head noun
    actor: str | None  # the speaker as an actor ("US-led coalition"), for denials
    issued: str | None = None  # the document the speaker spoke in ("said in a statement")


def can_speak(head: Token) -> bool:
    """True for a speaker head: a pronoun, a name, or a noun for a person, a body, an outlet,
    a document or an actor (roles.tsv, actor_categories.tsv)."""
    if head.pos_ in ("PRON", "PROPN") or head.lower_ in PRONOUNS or head.lower_ in RELATIVES:
        return True
    if head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    t = tables()
    words = (head.lemma_.lower(), head.lower_)
    nouns = t.roles | t.documents | t.speakers
    return any(w in nouns or is_actor_noun(w) for w in words)


def subjects(verb: Token, sent: Span) -> list[tuple[Token, int]]:
    """Speaker heads of a verb with the first token of each speaker phrase (see module doc),
    looked for inside the sentence only."""
    found = _subjects_anywhere(verb, range(sent.start, sent.end))
    return [(h, _trim(h, max(s, sent.start))) for h, s in found]


def _trim(head: Token, start: int) -> int:
    """The first token of a speaker phrase after leading punctuation (a closing quote)."""
    while start < head.i and (head.doc[start].is_punct or head.doc[start].is_space):
        start += 1
    return start


def _subjects_anywhere(verb: Token, inside: range) -> list[tuple[Token, int]]:
    """The subject of the verb, or of the verb it hangs on (up to four steps up)."""
    tok = verb
    for _ in range(4):
        if tok.i not in inside:
            return []
        if tok.dep_ == "relcl" and any(
            c.lower_ in RELATIVES and c.dep_ in ("nsubj", "nsubjpass") for c in tok.children
        ):
            return coordinated(_entity_root(tok.head))
        subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i in inside), None)
        if subj is not None:
            return coordinated(subj)
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None and tok.lemma_.lower() in speech_verbs():
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            return coordinated(pobj) if pobj is not None else []
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
            return coordinated(_entity_root(tok.head)) if _active_modifier(tok) else []
        if tok.dep_ not in ("conj", "advcl", "xcomp") or tok.head.i == tok.i:
            return []
        tok = tok.head
    return []


def _active_modifier(verb: Token) -> bool:
    """True when a verb that modifies a noun has that noun as its subject: a present
    participle ("the coalition, denying ..."), or a past form the parser hung on the subject of
    an object relative clause ("the strike that the Monitor blamed on ..."); false for a
    passive participle ("fighters accused of atrocities")."""
    if verb.tag_ != "VBN":
        return True
    return any(c.lower_ in RELATIVES for c in verb.head.children)


def _entity_root(tok: Token) -> Token:
    """The root of the named entity a token is part of ("Rights" -> "Monitor")."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent.root if ent is not None else tok


def coordinated(head: Token) -> list[tuple[Token, int]]:
    """The head and its conjuncts; also a coordinated modifier parsed inside the phrase
    ("the Monitor and state media" as one phrase headed by "media")."""
    heads = [(head, head.left_edge.i)]
    heads += [(c, c.left_edge.i) for c in head.conjuncts if c.i > head.i]
    for mod in head.lefts:
        conj = next((c for c in mod.children if c.dep_ == "conj"), None)
        if mod.dep_ in ("amod", "nmod", "compound") and conj is not None:
            return [(mod, mod.left_edge.i), (head, conj.left_edge.i)]
    return heads


def speaker_of(
    head: Token, start: int, aliases: AliasMap, history: list[Speaker]
) -> Speaker | None:
    """The speaker whose phrase runs from token `start` to `head`, named by the module's
    rules; `history` holds the article's earlier speakers, most recent last."""
    low = head.lower_
    if head.pos_ == "PRON" or low in PRONOUNS:
        earlier = _antecedent(PRONOUNS.get(low), history)
        pronoun = (head.idx, head.idx + len(head))
        return replace(earlier, span=pronoun) if earlier is not None else None
    doc = head.doc
    named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is not None and head.pos_ == "NOUN" and head.lemma_.lower() not in tables().roles:
        head, start = named, named.left_edge.i  # "its ally Russia" -> Russia
    phrase = doc[start : head.i + 1]
    span = (phrase.start_char, phrase.end_char)
    lemma = head.lemma_.lower()
    if lemma in tables().documents:
        owner = role_org(head, aliases)
        earlier = next((s for s in reversed(history) if lemma in (s.head, s.issued)), None)
        source = owner or (earlier.source if earlier else description(phrase))
        return Speaker(source, span, None, "org", lemma, _actor_name(phrase, aliases))
    person, org = _person(head, aliases)
    if person:
        return Speaker(org or person, span, person, "person", lemma, None)
    name = _name(head, phrase, aliases, history)
    plural = head.tag_ in ("NNS", "NNPS")
    animate = lemma in tables().roles and lemma not in tables().offices
    kind = "any" if plural else "person" if animate else "org"
    return Speaker(name, span, None, kind, lemma, _actor_name(phrase, aliases))


def document_of(verb: Token) -> str | None:
    """The document a statement was made in: "said in a statement" -> "statement"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in tables().documents:
                return str(pobj.lemma_.lower())
    return None


def _antecedent(kind: str | None, history: list[Speaker]) -> Speaker | None:
    """The most recent earlier speaker of the kind a pronoun asks for."""
    if kind is None:
        return None
    for speaker in reversed(history):
        if kind != "org" and speaker.head in tables().documents:
            continue  # "they", "he": not a statement or a video
        if kind == "any" or speaker.kind == kind or (kind == "org" and speaker.kind == "any"):
            return speaker
    return None


def _person(head: Token, aliases: AliasMap) -> tuple[str | None, str | None]:
    """(person's name, organisation) when the speaker is a named person: a PERSON entity, a
    name the alias map knows, or proper nouns after a role or title ("governor Ana Ruiz")."""
    if head.pos_ != "PROPN":
        return None, None
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    toks = list(ent) if ent is not None else _proper_run(head)
    name = " ".join(t.text for t in toks if t.lower_ not in tables().titles and t.is_alpha)
    if not name or aliases.org(name):
        return None, None
    org = aliases.person(name)
    before = head.doc[toks[0].i - 1] if toks[0].i > 0 else None
    titled = before is not None and before.lemma_.lower() in tables().roles | tables().titles
    if org or (ent is not None and ent.label_ == "PERSON") or (ent is None and titled):
        return name, org
    return None, None


def _proper_run(head: Token) -> list[Token]:
    """The proper nouns that end at `head` ("Ana Ruiz")."""
    run = [head]
    while run[0].i > 0 and head.doc[run[0].i - 1].pos_ == "PROPN":
        run.insert(0, head.doc[run[0].i - 1])
    return run


def _name(head: Token, phrase: Span, aliases: AliasMap, history: list[Speaker]) -> str:
    """The source name of a phrase that is not a pronoun, a document or a person."""
    lemma = head.lemma_.lower()
    in_org = head.ent_type_ == "ORG" or (head.pos_ == "PROPN" and lemma in tables().offices)
    if lemma in tables().roles and not in_org:
        org = role_org(head, aliases)
        if org:
            return org
    named = named_source(head, aliases)
    if named:
        return named
    definite = phrase[0].lower_ == "the" and len(phrase) == 2
    if definite and lemma in aliases.descriptors:
        return aliases.descriptors[lemma]
    if definite:
        earlier = next((s for s in reversed(history) if s.head == lemma), None)
        if earlier is not None:
            return earlier.source
        actor = actor_of(phrase, aliases)
        if actor is not None and actor.category != "State forces":
            return actor.name
    return description(phrase)


def named_source(head: Token, aliases: AliasMap) -> str | None:
    """The full name of a named organisation the phrase's head names, or None."""
    doc = head.doc
    ent = next((e for e in doc.ents if e.start <= head.i < e.end and e.label_ == "ORG"), None)
    if ent is not None:
        text = ent.text.removeprefix("the ").removeprefix("The ").strip()
    elif head.pos_ == "PROPN":
        text = doc[_proper_run(head)[0].i : head.i + 1].text
    else:
        return aliases.org(head.text)
    hit = known_org(text)
    return aliases.org(text) or (hit[0] if hit else text)


def description(phrase: Span) -> str:
    """A phrase's words without determiners, possessive pronouns and numbers; a role noun
    keeps the organisation it is "in", "of" or "from" ("commander in military alliance")."""
    keep = [
        t.text
        for t in phrase
        if t.pos_ not in ("DET", "NUM", "PRON", "PUNCT", "SPACE") or t.text == "-"
    ]
    text = " ".join(keep).replace(" - ", "-").strip() or phrase.text
    head = phrase.root
    if head.lemma_.lower() not in tables().roles or head.lemma_.lower() == "source":
        return text
    for child in head.rights:
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "from") and pobj is not None:
            inner = description(head.doc[pobj.left_edge.i : pobj.i + 1])
            return f"{text} {child.lower_} {inner}"
    return text


def _actor_name(phrase: Span, aliases: AliasMap) -> str | None:
    actor = actor_of(phrase, aliases)
    return actor.name if actor is not None else None


def cited_source(verb: Token, sent: Span, aliases: AliasMap) -> str | None:
    """The source a speaker cites: "citing X" on the verb or beside it ("reported ..., citing
    X and accusing ..."), or "reported X as saying"."""
    own_subject = any(c.dep_ == "nsubj" for c in verb.children)
    near = (
        [verb, *verb.children]
        if own_subject
        else [verb, verb.head, *verb.children, *verb.head.children]
    )
    for tok in (t for t in near if sent.start <= t.i < sent.end):
        if tok.lemma_.lower() in ("cite", "quote") and tok.dep_ in ("advcl", "conj", "xcomp"):
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return _source_text(obj, aliases)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    as_saying = any(
        c.lower_ == "as" and any(g.lemma_ == "say" for g in c.children) for c in verb.children
    )
    if obj is not None and as_saying:
        return _source_text(obj, aliases)
    return None


def outlet(verb: Token, aliases: AliasMap) -> str | None:
    """The outlet that carried the statement: "told Reuters", "quoted by SANA"."""
    if verb.lemma_.lower() == "tell":
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None and obj.pos_ == "PROPN":
            return _source_text(obj, aliases)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    for acl in subj.children if subj is not None else ():
        if acl.dep_ == "acl" and acl.lemma_.lower() in ("quote", "cite"):
            agent = next((c for c in acl.children if c.dep_ == "agent"), None)
            pobjs = [c for c in agent.children if c.dep_ == "pobj"] if agent else []
            pobjs.sort(key=lambda t: t.pos_ != "PROPN")
            if pobjs:
                return _source_text(pobjs[0], aliases)
    return None


def _source_text(head: Token, aliases: AliasMap) -> str:
    """A cited source or an outlet: its name when it has one, else its description."""
    return named_source(head, aliases) or description(head.doc[head.left_edge.i : head.i + 1])
