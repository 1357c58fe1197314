"""Killed and injured tolls in a sentence, with their qualifiers.

`tolls_in(sent)` returns a `Toll` for each figure of the dead or injured in one spaCy
sentence. A number is a toll only when the dependency parse ties it to a word that kills or
injures (the word lists are in counts_words.tsv), never by nearness alone: shells fired,
vehicles destroyed, kilometres, ages, years and money are not tolls. The rules:

* A killing or injuring verb counts its object when active ("killing three"), its subject
  when passive ("three were killed", "a dozen wounded", "5 people killed"); a verb joined
  to a passive one, or with an auxiliary of its own, shares its subject ("was shot and
  killed"). "die", "perish", "succumb" count their subject; "to death" makes any verb kill.
* "shoot" and "stab" count the injured (hit and not said to be killed, as the Gun Violence
  Archive counts), marked `hit_only`; "shot dead", "fatally shot", "shot and killed" count
  the dead. "Three men were shot, one fatally" gives 1 dead and 3 - 1 = 2 injured.
* "dead", "injured", "wounded": the number they carry ("53 dead"), the noun they describe,
  or the subject or object of the verb they complete ("left five people dead").
* Toll nouns: the figure of their verb ("the death toll rose to 53", "fatalities were put
  at 15", "raised the toll to 61"), else the number they carry ("12 deaths") or their "of"
  phrase ("the killing of two activists"). "casualty" counts dead and injured together, so
  "20 casualties" gives both kinds with no value and 20 as the upper bound. Injury nouns
  and "hospital" count who suffers them ("four people are recovering from gunshot wounds",
  "sent 4 people to the hospital"), `hit_only`.
* Joined victims are counted apart, with one trigger ("13 soldiers and 2 militants were
  killed"; `add_up` sums them); subsets are not ("including 12 children", "12 of them").
  A killer's own death ("killed his wife and then himself", "committed suicide after
  killing two") adds to the deaths of its sentence, as GVA and ACLED count perpetrators;
  so do the people named besides the dead ("In addition to the assailant, five soldiers
  were killed": 6; `_besides`). One group said to be killed and wounded gives both kinds
  with no value, unless the wound only describes who died ("a boy who was wounded on
  Friday died on Saturday": 1 dead, no injured).
* The number phrase is read by crosswire.extract.quantities: digits or number words ("two
  dozen"), a range ("20 to 30") or a vague word ("dozens"), with its qualifier ("at least",
  "nearly"); ages and years are never counts. Without one, a person counts 1 ("a man", "the
  driver", "he", a named person), a bare plural gives no value ("civilians"), and "no
  one", "no casualties", "was not injured" count 0.

`aggregate` is True when the sentence counts over a war or a long period ("since 2011",
"since the start of the war", "the war has killed", "over the past five years", "so far this
year", "a year"): conflict-wide statistics, not one incident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from crosswire.extract.quantities import (
    YEAR,
    Count,
    Qualifier,
    is_numeral,
    is_vague_word,
    matches,
    numeric_count,
    vague_count,
    written_count,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Kind = Literal["fatalities", "injuries"]
_HitKind = Literal["fatalities", "injuries", "casualties"]


@dataclass(frozen=True, slots=True)
class Toll:
    """One killed or injured figure in a sentence.

    `value` is the figure as stated (None where no number is given: "several were killed");
    `low` and `high` the bounds the wording allows; `span` and `text` the number phrase in
    the doc text, qualifier included ("more than two dozen"); `victims` the noun phrase it
    counts ("pro-regime fighters"), if any. `trigger` is the lemma of the word that makes it
    a toll ("kill", "shoot", "dead", "toll") and `trigger_span` where it is: tolls of one
    kind with the same trigger_span add up. `aggregate`: the sentence counts over a war or a
    long period. `hit_only`: injured who are said only to be hit ("shot", "suffered gunshot
    wounds", "taken to hospital"), not to have lived; some may be counted dead elsewhere.
    """

    kind: Kind
    value: int | None
    low: int | None
    high: int | None
    qualifier: Qualifier
    span: tuple[int, int]
    text: str
    victims: str | None
    aggregate: bool
    trigger: str
    trigger_span: tuple[int, int]
    hit_only: bool


@dataclass(frozen=True, slots=True)
class _Words:
    classes: dict[str, frozenset[str]]

    def has(self, name: str, tok: Token) -> bool:
        return tok.lemma_.lower() in self.classes[name] or tok.lower_ in self.classes[name]


@lru_cache(maxsize=1)
def _words() -> _Words:
    """The word classes of counts_words.tsv, read once (its header says what they are)."""
    text = resources.files("crosswire.extract").joinpath("counts_words.tsv").read_text("utf-8")
    classes: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        kind, *fields = line.split("\t") if line.strip() and line[0] != "#" else ("",)
        if kind == "class":
            classes[fields[0]] = frozenset(fields[1].split())
    return _Words(classes)


# --- Triggers and the victims they count -----------------------------------------------------

_NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ"})
_IN_PHRASE = frozenset({"det", "poss", "amod", "compound", "nmod", "nummod", "quantmod", "predet"})
_NOT_PERSON = frozenset(
    {"GPE", "ORG", "LOC", "NORP", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"}
    | {"EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE", "ORDINAL"}
)
_TRIGGER_WORDS = ("fatal_noun", "injure_noun", "casualty_noun", "fatal_adj", "injure_adj")
_NOT_RATE = frozenset({"after", "before", "later", "earlier", "ago"})  # "a day after"
_SUBSET_BEFORE = re.compile(r"\b(of them|of whom)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Hit:
    """A token a trigger counts. `explicit`: only a written number (or "no") counts there,
    not the one-person or bare-plural reading ("the death toll of the attack")."""

    victim: Token
    kind: _HitKind
    trigger: Token
    explicit: bool = False
    hit_only: bool = False
    negated: bool = False


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _with_conjuncts(toks: Iterable[Token]) -> list[Token]:
    """The tokens and those coordinated with them ("13 soldiers and 2 militants"), less
    conjuncts that name a subset ("15 civilians among them 11 children", "of them")."""
    out: list[Token] = []
    for tok in toks:
        out.extend(t for t in (tok, *tok.conjuncts) if t not in out and not _subset(tok, t))
    return out


def _subset(first: Token, tok: Token) -> bool:
    if tok.i <= first.i:
        return False
    before = tok.doc[max(tok.left_edge.i - 3, first.i + 1) : tok.left_edge.i]
    if any(_words().has("subset_prep", t) for t in before):
        return True
    return bool(_SUBSET_BEFORE.search(tok.doc.text[before.start_char : tok.left_edge.idx]))


def _subjects(tok: Token) -> list[Token]:
    """A verb's subjects (a relative pronoun stands for its noun); a participle's noun ("5
    people killed"); else, for a joined verb, its head's ("was shot and killed", "were found
    shot dead"); else a noun just before the auxiliary that the parser left unattached."""
    out = [_antecedent(s) for s in _children(tok, "nsubj", "nsubjpass")]
    if not out and tok.dep_ in ("acl", "amod") and tok.head.pos_ in _NOUNISH:
        out = [tok.head]
    elif not out and tok.dep_ in ("conj", "xcomp") and _shares_subject(tok):
        out = _subjects(tok.head)
    auxes = [c.i for c in tok.children if c.dep_ == "auxpass"]
    if not out and auxes and auxes[0] > tok.sent.start:
        before = tok.doc[auxes[0] - 1]  # "... and up to 15 were hurt"
        out = [before] if before.pos_ in ("NOUN", "NUM", "PROPN") else []
    return _with_conjuncts(out)


def _antecedent(subject: Token) -> Token:
    """The noun a relative pronoun stands for ("a boy who police say was shot": boy)."""
    clause = next((a for a in subject.ancestors if a.dep_ == "relcl"), None)
    return clause.head if subject.tag_ in ("WP", "WDT") and clause is not None else subject


def _shares_subject(tok: Token) -> bool:
    """A joined verb shares its head's subject unless it is a bare participle after an active
    verb ("the blast left one dead and three injured": not the blast)."""
    if tok.head.pos_ not in ("VERB", "AUX"):
        return False
    own_aux = any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    return _passive(tok.head) or own_aux or tok.tag_ != "VBN"


def _objects(tok: Token) -> list[Token]:
    """A verb's objects, with a noun the parser joined to the verb itself ("killed his two
    children and then himself")."""
    objects = _children(tok, "dobj")
    stray = [c for c in _children(tok, "conj") if c.pos_ in ("PRON", "NOUN", "PROPN", "NUM")]
    return _with_conjuncts(objects + stray if objects else [])


def _passive(tok: Token) -> bool:
    """A passive verb ("were killed"), or a participle without an object or "have" ("5
    people killed"), or a headline's "6 killed" (a number for subject, no object)."""
    deps = {c.dep_ for c in tok.children}
    if deps & {"auxpass", "nsubjpass"}:
        return True
    if "dobj" in deps or any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children):
        return False
    subjects = _children(tok, "nsubj")
    return tok.tag_ == "VBN" or any(is_numeral(s) or is_vague_word(s) for s in subjects)


def _verb_kind(tok: Token, w: _Words) -> _HitKind | None:
    """What a verb counts: the dead ("kill", "die", "gun down", "beaten to death", "shot
    dead", "fatally shot", "shot ... in a murder-suicide"), the injured, or nothing."""
    to_death = any(
        c.lower_ == "to" and any(p.lemma_ == "death" for p in _children(c, "pobj"))
        for c in _children(tok, "prep")
    )
    if w.has("fatal_verb", tok) or w.has("die_verb", tok) or to_death:
        return "fatalities"
    if tok.lemma_ == "gun" and any(c.lower_ == "down" for c in _children(tok, "prt")):
        return "fatalities"
    if not w.has("injure_verb", tok):
        return None
    for c in tok.children:
        if w.has("fatal_adverb", c) or (c.lower_ == "dead" and c.dep_ != "nsubj"):
            return "fatalities"
        if c.lower_ == "in" and any(w.has("fatal_noun", p) for p in _children(c, "pobj")):
            return "fatalities"
    return "injuries"


def _verb_hits(tok: Token, w: _Words) -> Iterator[_Hit]:
    kind = _verb_kind(tok, w)
    if kind is None:
        return
    victims = _subjects(tok) if w.has("die_verb", tok) or _passive(tok) else _objects(tok)
    hit_only = kind == "injuries" and w.has("hit_verb", tok)
    negated = any(c.dep_ == "neg" for c in tok.children)  # "the father was not injured"
    for v in victims:
        yield _Hit(v, kind, tok, hit_only=hit_only, negated=negated)


def _adjective_hits(tok: Token, kind: _HitKind) -> Iterator[_Hit]:
    """ "53 dead" (its own number), "two dead soldiers" (its noun), "left five people dead",
    "were found dead" (the verb's object, or subject when it is passive or "be")."""
    yield _Hit(tok, kind, tok, explicit=True)
    if tok.dep_ == "amod":
        yield from (_Hit(v, kind, tok) for v in _with_conjuncts([tok.head]))
    elif tok.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp", "advcl"):
        verb = tok.head
        copula = verb.lemma_ == "be" or _passive(verb)
        yield from (_Hit(v, kind, tok) for v in (_subjects if copula else _objects)(verb))
    yield from (_Hit(v, kind, tok) for v in _with_conjuncts(_children(tok, "nsubj")))


def _figures(tok: Token, w: _Words) -> list[Token]:
    """The figure of a toll noun's verb: its object or attribute or the object of "to",
    "at", "as" when the noun is the subject ("rose to 53", "was 53", "coded as 15"); the
    object of "to" when the noun is the object ("raised the toll to 61"); never "from 40"."""
    verb = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass"):
        out = [c for c in _children(verb, "attr", "dobj", "oprd", "acomp") if c.i != tok.i]
        preps = [c for c in _children(verb, "prep") if w.has("figure_prep", c) and c.lower_ != "of"]
        out += [p for prep in preps for p in _children(prep, "pobj")]
        return [t for t in _with_conjuncts(out) if is_numeral(t)]
    if tok.dep_ == "dobj" and not w.has("event_noun", tok):
        return [p for c in _children(verb, "prep") if c.lower_ == "to" for p in c.children]
    return []


def _noun_hits(tok: Token, kind: _HitKind, w: _Words) -> Iterator[_Hit]:
    """Toll nouns: the figure of their verb, else their own number ("12 deaths") and their
    "of" phrase ("the killing of two activists", "the bodies of 5 people")."""
    event, body = w.has("event_noun", tok), w.has("body_noun", tok)
    if tok.dep_ == "dobj" and w.has("suicide_verb", tok.head) and w.has("suicide_noun", tok):
        yield from (_Hit(v, kind, tok) for v in _subjects(tok.head))  # "committed suicide"
    figures = _figures(tok, w)
    yield from (_Hit(v, kind, tok, explicit=True) for v in figures if is_numeral(v))
    if figures:
        return
    of_victims = [
        (p, prep.lower_ == "of")
        for prep in _children(tok, "prep")
        if prep.lower_ == "of" or (w.has("figure_prep", prep) and not event)
        for p in _with_conjuncts(_children(prep, "pobj"))
    ]
    counted = any(is_numeral(c) for c in tok.lefts)
    if not (body and of_victims) or counted:
        yield _Hit(tok, kind, tok, explicit=not body)
    for v, of in of_victims if not (body and counted) else []:
        yield _Hit(v, kind, tok, explicit=not (event and of))


def _harm_hits(tok: Token, w: _Words) -> list[_Hit]:
    """An injury or care noun under a verb that does not kill counts the verb's object
    ("left three people with injuries", "sent 4 people to the hospital"), else its subject
    for injury nouns ("she suffered minor injuries") and after a passive or "be" verb ("two
    are listed in critical condition"; not "police went to the hospital")."""
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
    if tok.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return []
    if (tok.dep_ == "pobj" and tok.head.dep_ != "prep") or _verb_kind(verb, w) is not None:
        return []
    victims = [o for o in _objects(verb) if o.i != tok.i]
    if not victims and (w.has("injure_noun", tok) or _passive(verb) or w.has("copula", verb)):
        victims = _subjects(verb)
    return [_Hit(v, "injuries", tok, hit_only=True) for v in victims]


def _noun_trigger_hits(tok: Token, w: _Words) -> Iterator[_Hit]:
    if any(w.has("fatal_mod", c) for c in _children(tok, "amod")):
        for prep in _children(tok, "prep"):  # "the fatal shooting of a 16-year-old boy"
            for v in _with_conjuncts(_children(prep, "pobj")) if prep.lower_ == "of" else []:
                yield _Hit(v, "fatalities", tok)
    if tok.lemma_ == "life" and tok.dep_ == "dobj" and w.has("life_verb", tok.head):
        if tok.head.lemma_ == "lose" or any(c.lower_ == "own" for c in tok.children):
            lost = _subjects(tok.head)  # "lost their lives", "took his own life"
            yield from (_Hit(v, "fatalities", tok) for v in lost)
        else:
            yield from _noun_hits(tok, "fatalities", w)  # "claimed the lives of 14 people"
    elif w.has("fatal_noun", tok) or w.has("body_noun", tok):
        yield from _noun_hits(tok, "fatalities", w)
    elif w.has("injure_noun", tok):
        yield from _harm_hits(tok, w) or _noun_hits(tok, "injuries", w)
    elif w.has("casualty_noun", tok):
        yield from _noun_hits(tok, "casualties", w)
    elif w.has("care_noun", tok):
        yield from _harm_hits(tok, w)


def _hits(sent: Span, w: _Words) -> Iterator[_Hit]:
    """Every (victim, kind, trigger) of the sentence; "a total" stands for its "of" phrase."""
    for tok in sent:
        hits: list[_Hit] = list(_verb_hits(tok, w)) if tok.pos_ in ("VERB", "AUX") else []
        if tok.i + 1 < sent.end and tok.nbor().text == "-":
            pass  # "dead-end"
        elif tok.lower_ in w.classes["fatal_adj"] or (
            tok.pos_ == "ADJ" and w.has("injure_adj", tok)
        ):
            hits += _adjective_hits(tok, "fatalities" if tok.lower_ == "dead" else "injuries")
        elif tok.pos_ in ("NOUN", "PROPN"):
            hits += _noun_trigger_hits(tok, w)
        for hit in hits:
            ofs = [p for c in _children(hit.victim, "prep") if c.lower_ == "of" for p in c.children]
            yield replace(hit, victim=ofs[0]) if w.has("of_noun", hit.victim) and ofs else hit


# --- What a victim counts ----------------------------------------------------------------------


def _count_of(sent: Span, v: Token, explicit: bool) -> Count | None:
    """The count a victim carries: 0 ("no one", "nobody"), 2 ("both"), a written number or
    vague word; else (unless `explicit`) one person or a bare plural."""
    w = _words()
    if w.has("not_victim", v) or (v.pos_ == "PROPN" and v.ent_type_ in ("DATE", "TIME")):
        return None
    if w.has("no_one", v) or any(c.lower_ == "no" for c in _children(v, "det")):
        return Count(0, 0, 0, "exact", v.left_edge.i, v.i + 1)
    if v.lower_ == "both":
        return Count(2, 2, 2, "exact", v.i, v.i + 1)
    written = numeric_count(sent, v) if is_numeral(v) else written_count(sent, v)
    if written is not None or is_numeral(v) or explicit:
        return written
    trigger = any(w.has(name, v) for name in _TRIGGER_WORDS)
    return None if trigger and not w.has("body_noun", v) else _implicit(v, w)


def _implicit(v: Token, w: _Words) -> Count | None:
    """No number written: one person ("a man", "the driver", "he", "another", a named
    person; a common noun needs a determiner or adjective, so not "Date" or "Photo"), two
    ("a couple"), or a group or bare plural, with no value ("civilians", "the family")."""
    if v.pos_ == "PROPN" and v.ent_type_ in _NOT_PERSON:
        return None
    start = min([c.left_edge.i for c in v.lefts if c.dep_ in _IN_PHRASE] + [v.i])
    if w.has("one_pronoun", v):
        return Count(1, 1, 1, "exact", v.i, v.i + 1)
    if w.has("group_noun", v) or w.has("pair_noun", v):
        two = 2 if w.has("pair_noun", v) else None
        return Count(two, two, two, "exact" if two else "vague", start, v.i + 1)
    first = v.head if v.dep_ == "conj" else v  # "a man and woman": the det is on the first
    determined = any(c.dep_ in ("det", "poss", "amod") for c in (*v.children, *first.children))
    if any(c.lower_ == "its" for c in v.children):  # "its kind": a thing's, not a person
        return None
    if v.pos_ != "PRON" and (v.tag_ == "NNP" or (determined and v.tag_ in ("NN", "JJ"))):
        return Count(1, 1, 1, "exact", start, v.i + 1)
    if v.tag_ in ("NNS", "NNPS"):
        return Count(None, None, None, "vague", start, v.i + 1)
    return None


def _victims_text(sent: Span, v: Token, count: Count, w: _Words) -> str | None:
    """The noun phrase a count counts, without the count ("pro-regime fighters"); for a
    number or toll word, its "of" phrase ("dozens of people")."""
    inside = range(count.start, count.end)
    quantity = is_numeral(v) or vague_count(sent, v) is not None
    if v.i in inside and not quantity and v.pos_ in ("NOUN", "PROPN", "ADJ"):
        inside = range(0)  # "a man": the phrase is the victims
    if v.i in inside or any(w.has(name, v) for name in _TRIGGER_WORDS):
        pobjs = [p for c in _children(v, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]
        return _victims_text(sent, pobjs[0], count, w) if pobjs else None
    mods = [
        c
        for c in v.lefts
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss")
        and c.i not in inside
        and not is_numeral(c)
        and vague_count(sent, c) is None
    ]
    start = min([m.left_edge.i for m in mods if m.left_edge.i not in inside] + [v.i])
    return sent.doc[start : v.i + 1].text


# --- Putting it together -------------------------------------------------------------------


def tolls_in(sent: Span) -> list[Toll]:
    """The killed and injured figures of one sentence, in text order (see the module doc)."""
    w = _words()
    by_victim: dict[int, list[_Hit]] = {}
    for hit in _hits(sent, w):
        by_victim.setdefault(hit.victim.i, []).append(hit)
    aggregate = _aggregate(sent, w)
    tolls: list[Toll] = []
    used: set[int] = set()
    selves: set[tuple[int, int]] = set()
    for i, group in sorted(by_victim.items()):
        count = _count_of(sent, sent.doc[i], all(h.explicit for h in group))
        if count is None or used.intersection(range(count.start, count.end)):
            continue
        if all(h.negated for h in group):
            count = Count(0, 0, 0, "exact", count.start, count.end)
        used.update(range(count.start, count.end))
        victims = _victims_text(sent, sent.doc[i], count, w)
        found = _tolls_for(sent, count, group, victims, aggregate)
        if _own_death(sent.doc[i], group, w):
            selves.update(t.span for t in found if t.kind == "fatalities")
        tolls.extend(found)
    tolls.extend(_fatally(sent, used, w, aggregate))
    tolls.extend(_besides(sent, tolls, w, aggregate))
    return sorted(_minus_fatal(_with_own_death(tolls, selves)), key=lambda t: t.span)


def _besides(sent: Span, tolls: list[Toll], w: _Words, aggregate: bool) -> list[Toll]:
    """People who died on top of a sentence's dead: "In addition to the assailant, five
    soldiers were killed" (6), "Aside from the two bombers, three people died" (5). The
    phrase (class besides_phrase) hangs on the verb of a death toll, and its object counts
    as a death with that verb as trigger, so that `add_up` sums them, as ACLED, UCDP and
    the GTD count attackers among the dead. Its object is counted as a victim is
    (`_count_of`: "the two bombers" 2, "the assailant" 1); a plural with no number ("the
    assailants") adds nothing."""
    fatal = {t.trigger_span for t in tolls if t.kind == "fatalities"}
    found: list[Toll] = []
    for x in sent:
        verb = _besides_verb(x, w)
        if verb is None or (verb.idx, verb.idx + len(verb)) not in fatal:
            continue
        count = _count_of(sent, x, explicit=False)
        if count is not None and count.value is not None:  # "the assailants" adds nothing
            hit = _Hit(x, "fatalities", verb)
            found.append(_toll(sent, "fatalities", count, x.text, hit, aggregate))
    return found


def _besides_verb(x: Token, w: _Words) -> Token | None:
    """The word that "in addition to X" (a besides_phrase) hangs on, if X is its object."""
    if x.dep_ != "pobj" or x.pos_ not in ("NOUN", "PROPN"):
        return None
    chain, tok = [x.head], x.head
    while tok.dep_ in ("prep", "pobj", "advmod") and tok.head.i != tok.i and len(chain) < 4:
        if tok.head.pos_ in ("VERB", "AUX", "ADJ"):
            phrase = "_".join(t.lower_ for t in sorted(chain, key=lambda t: t.i))
            return tok.head if phrase in w.classes["besides_phrase"] else None
        tok = tok.head
        chain.append(tok)
    return None


def _own_death(victim: Token, group: list[_Hit], w: _Words) -> bool:
    """Whether the hits are a killer's death by their own hand: "(killed) himself",
    "committed suicide"."""
    if victim.lower_ in ("himself", "herself"):
        return True
    return any(h.kind == "fatalities" and w.has("suicide_noun", h.trigger) for h in group)


def _with_own_death(tolls: list[Toll], selves: set[tuple[int, int]]) -> list[Toll]:
    """A killer's own death adds to the deaths the sentence says they caused ("killed his
    wife and then himself": 2, as the Gun Violence Archive and ACLED count the perpetrator):
    it takes their trigger, so that `add_up` sums them."""
    others = [t for t in tolls if t.kind == "fatalities" and t.span not in selves]
    if not selves or not others:
        return tolls
    merged = others[0].trigger_span
    return [replace(t, trigger_span=merged) if t.span in selves else t for t in tolls]


def _tolls_for(
    sent: Span, count: Count, group: list[_Hit], victims: str | None, aggregate: bool
) -> list[Toll]:
    """Killed, injured, or both when one group is said to be killed and injured (then with
    no value, the count their upper bound); shot and killed is killed."""
    fatal = [h for h in group if h.kind == "fatalities"]
    # "a boy who was critically wounded on Friday died on Saturday": the wound describes
    # who died, so the group died, and a victim who died is not also injured
    hurt = [h for h in group if h.kind == "injuries" and not (fatal and _describes(h))]
    if any(h.kind == "casualties" for h in group) or (fatal and not all(h.hit_only for h in hurt)):
        if count.value != 0:
            top = count.high if count.high is not None else count.value
            count = Count(None, None, top, "vague", count.start, count.end)
        hit = replace((fatal or hurt or group)[0], hit_only=False)
        kinds: tuple[Kind, ...] = ("fatalities", "injuries")
        return [_toll(sent, kind, count, victims, hit, aggregate) for kind in kinds]
    if fatal:
        return [_toll(sent, "fatalities", count, victims, fatal[0], aggregate)]
    hit = replace(hurt[0], hit_only=all(h.hit_only for h in hurt))
    return [_toll(sent, "injuries", count, victims, hit, aggregate)]


def _describes(hit: _Hit) -> bool:
    """Whether the hit's trigger is a relative clause that describes its victim ("a boy
    who was wounded"); not a participle after a number or "others" ("16 others injured"
    in a headline is a second group)."""
    victim, trigger = hit.victim, hit.trigger
    described = trigger.dep_ == "relcl" and trigger.head.i == victim.i
    return described and victim.pos_ in ("NOUN", "PROPN", "PRON") and not is_numeral(victim)


def _toll(
    sent: Span, kind: Kind, count: Count, victims: str | None, hit: _Hit, aggregate: bool
) -> Toll:
    phrase, trigger = sent.doc[count.start : count.end], hit.trigger
    return Toll(
        kind=kind,
        value=count.value,
        low=count.low,
        high=count.high,
        qualifier=count.qualifier,
        span=(phrase.start_char, phrase.end_char),
        text=phrase.text,
        victims=victims,
        aggregate=aggregate,
        trigger=trigger.lemma_.lower(),
        trigger_span=(trigger.idx, trigger.idx + len(trigger)),
        hit_only=kind == "injuries" and hit.hit_only,
    )


def _fatally(sent: Span, used: set[int], w: _Words, aggregate: bool) -> list[Toll]:
    """ "Three men were shot, one fatally": the number "fatally" qualifies is a death."""
    out: list[Toll] = []
    for adv in sent:
        num, verb = adv.head, adv.head.head
        if not (w.has("fatal_adverb", adv) and is_numeral(num)) or num.i in used:
            continue
        count = numeric_count(sent, num)
        if count is not None and verb.pos_ in ("VERB", "AUX"):
            used.update(range(count.start, count.end))
            hit = _Hit(num, "fatalities", verb)
            out.append(_toll(sent, "fatalities", count, None, hit, aggregate))
    return out


def _minus_fatal(tolls: list[Toll]) -> list[Toll]:
    """Take the deaths of a "one fatally" toll out of the injured counted by the same verb."""
    fatal = {t.trigger_span: t.value for t in tolls if t.kind == "fatalities" and t.value}
    out = []
    for t in tolls:
        dead = fatal.get(t.trigger_span) if t.kind == "injuries" else None
        if dead and t.value is not None and t.value >= dead:
            low, high = (None if x is None else x - dead for x in (t.low, t.high))
            t = replace(t, value=t.value - dead, low=low, high=high)
        out.append(t)
    return out


def add_up(tolls: Iterable[Toll], text: str) -> list[Toll]:
    """Tolls of one kind and one trigger summed ("13 soldiers and 2 militants were killed":
    15), spanning from the first to the last; `text` is the doc text. A part without a
    number makes the value None and adds nothing to `low`."""
    groups: dict[tuple[str, tuple[int, int]], list[Toll]] = {}
    for t in tolls:
        groups.setdefault((t.kind, t.trigger_span), []).append(t)
    return [g[0] if len(g) == 1 else _sum(g, text) for g in groups.values()]


def _sum(group: list[Toll], text: str) -> Toll:
    quals = {t.qualifier for t in group}
    qualifier: Qualifier = group[0].qualifier
    if quals <= {"exact", "at_least", "more_than"} and len(quals) > 1:
        qualifier = "more_than" if quals == {"exact", "more_than"} else "at_least"
    elif quals == {"exact", "at_most"}:
        qualifier = "at_most"
    elif len(quals) > 1:
        qualifier = "vague" if "vague" in quals else "about"
    values, highs = [t.value for t in group], [t.high for t in group]
    lows = [t.low for t in group if t.low is not None]
    span = (min(t.span[0] for t in group), max(t.span[1] for t in group))
    victims = " and ".join(t.victims for t in group if t.victims)
    return replace(
        group[0],
        value=None if None in values else sum(v or 0 for v in values),
        low=sum(lows) if lows else None,
        high=None if None in highs else sum(h or 0 for h in highs),
        qualifier=qualifier,
        span=span,
        text=text[span[0] : span[1]],
        victims=victims or None,
        aggregate=any(t.aggregate for t in group),
    )


# --- Cumulative frames ----------------------------------------------------------------------


def _aggregate(sent: Span, w: _Words) -> bool:
    """True if the sentence counts over a war or a long period (see the module doc)."""
    so_far = any(t.lower_ == "so" and matches(sent, t.i, ["so", "far"]) for t in sent) and any(
        t.lemma_ == "year" or w.has("agg_frame", t) for t in sent
    )
    return so_far or any(_since(t, w) or _war(t, w) or _period(t, w) for t in sent)


def _since(tok: Token, w: _Words) -> bool:
    """ "since 2011", "since March 2011", "since the start of the war", "since the war
    began"; not "since Monday"."""
    if tok.lower_ != "since":
        return False
    if tok.dep_ == "mark":
        verb = tok.head
        subjects = _children(verb, "nsubj", "nsubjpass")
        return verb.lemma_ in ("begin", "start", "erupt", "break") or any(
            w.has("agg_frame", s) for s in subjects
        )
    return any(
        YEAR.match(t.text) or w.has("agg_since", t) or w.has("agg_frame", t)
        for p in _children(tok, "pobj")
        for t in p.subtree
    )


def _war(tok: Token, w: _Words) -> bool:
    """A war noun as the killer ("the war has killed", "a war which killed") or setting
    ("killed in the war", "during the conflict"); not a modifier ("conflict zone")."""
    if not w.has("agg_frame", tok) or tok.dep_ == "compound":
        return False
    if tok.dep_ == "nsubj" and _verb_kind(tok.head, w) is not None:
        return True
    if any(_verb_kind(v, w) is not None for v in _children(tok, "relcl")):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during", "throughout")


def _period(tok: Token, w: _Words) -> bool:
    """ "over the past five years", "in the last two months", "to date", "annually", "30 a
    day" (a rate: not "a day ago")."""
    if tok.lower_ == "annually" or (
        tok.lower_ == "to" and matches(tok.sent, tok.i, ["to", "date"])
    ):
        return True
    if not (w.has("agg_period", tok) or tok.lemma_ in ("day", "week")):
        return False
    dets = {c.lower_ for c in tok.lefts}
    nxt = tok.nbor().lower_ if tok.i + 1 < tok.sent.end else ""
    alone = all(c.dep_ == "det" for c in tok.children) and nxt not in _NOT_RATE
    if dets & {"every", "each", "per"} or (tok.dep_ == "npadvmod" and "a" in dets and alone):
        return True
    plural_last = bool(dets & {"last", "previous"}) and tok.tag_ == "NNS"
    return w.has("agg_period", tok) and ("past" in dets or plural_last)
