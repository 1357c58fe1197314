"""Segmenting an article into incident mentions, and assembling each mention's fields.

Segmentation, sentence by sentence:
- The main mention's time is the article's lead time (dates.lead_time). The first
  sentence that carries an event (a trigger word, or a toll that is not a cumulative
  statistic) opens the `main` mention.
- A later sentence with its own time anchor that does not overlap the main time, and that
  carries an event, opens a `background` mention, or joins an earlier background mention
  whose time overlaps its anchor.
- A sentence with an anchor that overlaps the main time goes to the main mention.
- A sentence without an anchor continues the background mention just before it when it
  carries an event, a toll or an attribution ("The ministry denied responsibility.");
  otherwise it goes to the main mention, to which articles keep returning.
- A time after publication ("in 2099") is dropped, and one running past it ("this year")
  ends there: a report cannot date an incident in the future.
- Sentences whose only toll is a cumulative statistic ("350,000 killed since 2011") open
  nothing and join nothing.

Assembly, per mention: the event type (types.classify over its sentences, lead first),
its time, tolls (low/best/high over the figures it states), and claims: every attribution
in its sentences, crossed with the tolls in the attributed content, gives CONTRACT.md
claims; a toll that nobody is quoted for is claimed by the article's publisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from crosswire.extract.actors import AliasMap, actor_of, alias_map
from crosswire.extract.claims import Attribution, attributions_in, claim_kinds
from crosswire.extract.counts import Toll, add_up, tolls_in
from crosswire.extract.dates import TimeExpr, lead_time, times_in, with_tellings
from crosswire.extract.places import place_of, places_in
from crosswire.extract.scenes import scene_places
from crosswire.extract.types import EventType, classify, event_triggers
from crosswire.link import keywords
from crosswire.models import Claim, Estimate, Interval, Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

UNATTRIBUTED = "unattributed"
# How far before publication the main incident's time may lie (see _main_time).
RECENT_DAYS = 31
# The sentences of a mention whose largest figure is its best toll (see estimate).
LEAD_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the field extractors found in one sentence."""

    span: tuple[int, int]
    times: tuple[TimeExpr, ...]
    tolls: tuple[Toll, ...]
    triggers: tuple[EventType, ...]
    attributions: tuple[Attribution, ...]
    fresh: bool = True

    @property
    def has_event(self) -> bool:
        return bool(self.triggers) or any(not t.aggregate for t in self.tolls)

    @property
    def new_event(self) -> bool:
        """An event that can open a mention: a toll, or an event word that does not refer
        back to one already told ("the attack", "the strike", "that raid")."""
        return any(not t.aggregate for t in self.tolls) or (bool(self.triggers) and self.fresh)

    @property
    def only_aggregate(self) -> bool:
        return bool(self.tolls) and all(t.aggregate for t in self.tolls)


@dataclass(slots=True)
class Segment:
    """A mention being built: its role, time and sentences (indexes into the article)."""

    role: Role
    interval: Interval | None
    sentences: list[int] = field(default_factory=list)


DEFINITE = frozenset({"the", "this", "that", "these", "those"})

# A sentence that opens with a sequence phrase is timed from the anchor before it.
SEQUENCE = re.compile(
    r"^\W*(?:(?:the|a|one) (?P<unit>day|week|month) (?P<dir>after|before|later|earlier)"
    r"|(?P<units>days|weeks|hours) (?P<dir2>later|after|earlier|before))\b",
    re.IGNORECASE,
)


def sequence_anchor(text: str, previous: Interval | None) -> Interval | None:
    """The time of a sentence that opens "The day after ...", "Days later, ...", from the
    anchor of the sentence before it: the next (or previous) day for "the day after", the
    following days up to a week for "days later", and so on."""
    match = SEQUENCE.match(text)
    if match is None or previous is None:
        return None
    later = (match.group("dir") or match.group("dir2")).lower() in ("after", "later")
    unit = (match.group("unit") or match.group("units")).lower()
    span = {"day": (1, 1), "week": (7, 7), "month": (28, 31), "days": (1, 6),
            "weeks": (7, 27), "hours": (0, 1)}[unit]  # fmt: skip
    base = date.fromisoformat(previous.end if later else previous.start)
    sign = 1 if later else -1
    ends = sorted(base + timedelta(days=sign * d) for d in span)
    precision = "day" if ends[0] == ends[1] else "days" if (ends[1] - ends[0]).days < 7 else "week"
    return Interval(ends[0].isoformat(), ends[1].isoformat(), precision)  # type: ignore[arg-type]


def sentence_facts(
    doc: Doc, published: date | None, aliases: AliasMap | None = None
) -> list[SentenceFacts]:
    sents = list(doc.sents)
    starts = {sent.start_char: i for i, sent in enumerate(sents)}
    by_sentence: dict[int, list[Attribution]] = {}
    for attribution in attributions_in(doc, aliases or alias_map(doc)):
        index = _sentence_of(attribution.span[0], starts, sents)
        by_sentence.setdefault(index, []).append(attribution)
    facts: list[SentenceFacts] = []
    previous: Interval | None = None
    for i, sent in enumerate(sents):
        times = _until(with_tellings(doc, times_in(sent, published)), published)
        if not times:
            anchor = sequence_anchor(sent.text, previous)
            if anchor is not None:
                span = (sent.start_char, sent.start_char)
                times = (TimeExpr(span=span, text="", interval=anchor, relative=True),)
        previous = times[0].interval if times else previous
        triggers = tuple(t for t in event_triggers(sent) if t.guard is None)
        facts.append(
            SentenceFacts(
                span=(sent.start_char, sent.end_char),
                times=times,
                tolls=tuple(add_up(tolls_in(sent), doc.text)),
                triggers=triggers,
                attributions=tuple(by_sentence.get(i, ())),
                fresh=any(not _refers_back(doc, t.trigger) for t in triggers),
            )
        )
    return facts


def _until(times: list[TimeExpr], published: date | None) -> tuple[TimeExpr, ...]:
    """The times that do not lie after publication, cut off there ("in 2099", "this year"
    published in June): an incident reported cannot lie in the future."""
    if published is None:
        return tuple(times)
    day = published.isoformat()
    return tuple(
        t if t.interval.end <= day else replace(t, interval=replace(t.interval, end=day))
        for t in times
        if t.interval.start <= day
    )


def _refers_back(doc: Doc, span: tuple[int, int]) -> bool:
    """Is the event word at `span` a definite noun phrase ("the strike", "this attack")?"""
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    if words is None or words.root.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(child.dep_ == "det" and child.lower_ in DEFINITE for child in words.root.children)


def _sentence_of(char: int, starts: dict[int, int], sents: list[Span]) -> int:
    if char in starts:
        return starts[char]
    return next((i for i, s in enumerate(sents) if s.start_char <= char < s.end_char), 0)


def overlaps(a: Interval | None, b: Interval | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


def segment(facts: list[SentenceFacts], main_time: Interval | None) -> list[Segment]:
    """Split an article's sentences into a main segment and background segments."""
    main: Segment | None = None
    background: list[Segment] = []
    current: Segment | None = None
    for i, f in enumerate(facts):
        if f.only_aggregate:
            continue
        anchor = _anchor(f, main.interval if main else None)
        if main is None:
            if f.new_event:
                main = current = Segment("main", main_time or anchor, [i])
            continue
        if anchor is not None and not overlaps(anchor, main.interval):
            if f.new_event:
                current = _background_for(background, anchor)
                current.sentences.append(i)
                continue
            current = main
        elif anchor is None and current is not main and current is not None and _continues(f):
            current.sentences.append(i)
            continue
        current = main
        main.sentences.append(i)
    return [seg for seg in ([main] if main else []) + background if _specific(seg, facts)]


def _anchor(f: SentenceFacts, main: Interval | None) -> Interval | None:
    """The time a sentence tells its event at: its first time that dates no telling; else
    a telling that ends before the main incident begins ("he was arrested in August 2014
    after police said he shot six people": what was said then is about an earlier event);
    else none (a later telling may be about the main incident: "the army said on Sunday
    that militants had rigged the house")."""
    told = None
    for t in f.times:
        if not t.told:
            return t.interval
        told = told or t.interval
    if told is not None and main is not None and told.end < main.start:
        return told
    return None


def _background_for(background: list[Segment], anchor: Interval) -> Segment:
    for seg in background:
        if overlaps(seg.interval, anchor):
            return seg
    seg = Segment("background", anchor)
    background.append(seg)
    return seg


def _continues(f: SentenceFacts) -> bool:
    """Does a sentence without a time anchor carry on the mention just before it? Only when
    it adds a toll, a denial or a refusal to comment: what follows a recalled incident in
    news prose is otherwise the story returning to its main subject."""
    return bool(f.tolls) or any(a.stance in ("denial", "no_comment") for a in f.attributions)


def _specific(seg: Segment, facts: list[SentenceFacts]) -> bool:
    """A recalled incident is kept when it has a toll or a day: "several skirmishes last
    year" is too vague to be one incident."""
    if seg.role == "main":
        return True
    if seg.interval is not None and seg.interval.to_the_day:
        return True
    return any(not t.aggregate for i in seg.sentences for t in facts[i].tolls)


def extract_mentions(
    doc: Doc, article_id: str, published: date | None, publisher: str | None
) -> list[Mention]:
    """The incident mentions of one parsed article, main first."""
    aliases = alias_map(doc)
    facts = sentence_facts(doc, published, aliases)
    main_time = _main_time(doc, published, facts)
    sents = list(doc.sents)
    doc_places = scene_places(doc, places_in(doc))
    mentions = []
    for index, seg in enumerate(segment(facts, main_time)):
        seg_facts = [facts[i] for i in seg.sentences]
        mentions.append(
            Mention(
                article=article_id,
                index=index,
                role=seg.role,
                event_type=_event_type([sents[i] for i in seg.sentences]),
                date=seg.interval,
                location=place_of([sents[i] for i in seg.sentences], doc_places),
                perpetrators=(),
                targets=_targets(doc, seg_facts, aliases),
                fatalities=(dead := estimate(seg_facts, "fatalities")),
                injuries=estimate(seg_facts, "injuries", dead.best),
                claims=tuple(_claims(doc, seg_facts, article_id, publisher, dead.best)),
                sentences=tuple(f.span for f in seg_facts),
            )
        )
    return [replace(_with_actors(m), keywords=_keywords(m, facts, doc.text)) for m in mentions]


def _keywords(m: Mention, facts: list[SentenceFacts], text: str) -> tuple[str, ...]:
    """The words linking compares: those of the mention's sentences, and for the main
    mention also those of the lead before its first sentence (the headline and opening
    say what the article is about: "Competing accounts of the al-Jadida collapse")."""
    if m.role != "main" or not m.sentences:
        return keywords(m, text)
    lead = [f.span for f in facts if f.span[1] <= m.sentences[0][0]][:LEAD_SENTENCES]
    return keywords(replace(m, sentences=(*lead, *m.sentences)), text)


def _main_time(doc: Doc, published: date | None, facts: list[SentenceFacts]) -> Interval | None:
    """The article's lead time if it falls in the month before publication (news reports
    recent events; an older date near the top is a caption or a recalled event), or if it
    is a day stated in one of the first LEAD_SENTENCES sentences together with the event
    ("an investigation into an air strike in west Mosul on 17 March has found that 105
    civilians were killed": a follow-up reports the incident of that day); else the first
    recent time in a sentence that carries an event; else the week up to publication."""
    lead = lead_time(doc, published)
    if published is None:
        # Nothing to tell a recent date from a recalled one: only a day in the lead counts.
        lead_end = facts[min(LEAD_SENTENCES, len(facts)) - 1].span[1] if facts else 0
        if lead and lead.interval.to_the_day and lead.span[0] < lead_end:
            return lead.interval
        return None
    recent = (published - timedelta(days=RECENT_DAYS)).isoformat()
    if lead is not None and (lead.interval.end >= recent or _told_with_event(lead, facts)):
        return lead.interval
    for f in facts:
        for t in f.times if f.has_event else ():
            if t.interval.end >= recent:
                return t.interval
    return _fallback_time(published)


def _told_with_event(time: TimeExpr, facts: list[SentenceFacts]) -> bool:
    """Whether the time is a day stated in a lead sentence that carries an event."""
    if not time.interval.to_the_day:
        return False
    lead = facts[:LEAD_SENTENCES]
    return any(f.has_event and f.span[0] <= time.span[0] < f.span[1] for f in lead)


def _fallback_time(published: date | None) -> Interval | None:
    """With no time in the text, the week up to publication."""
    if published is None:
        return None
    start = (published - timedelta(days=6)).isoformat()
    return Interval(start=start, end=published.isoformat(), precision="week")


def _event_type(sents: list[Span]) -> str | None:
    found = classify(sents)
    return found.sub_event_type if found else None


def estimate(facts: list[SentenceFacts], kind: str, dead: int | None = None) -> Estimate:
    """Low, best and high over the figures a mention states. Best is the largest figure in
    its first LEAD_SENTENCES sentences (a lead states the toll; later figures are details or
    subsets), else its first figure. For injuries, people said only to be hit (shot,
    wounded) may be among the dead, so the best fatality figure is taken off such a toll."""
    rows = [
        (i, _minus(t, dead) if kind == "injuries" and t.hit_only and dead else t)
        for i, f in enumerate(facts)
        for t in f.tolls
        if t.kind == kind and not t.aggregate and _figure(t) is not None
    ]
    if not rows:
        return Estimate()
    figures = [_figure(t) or 0 for _, t in rows]
    in_lead = [_figure(t) or 0 for i, t in rows if i < LEAD_SENTENCES]
    best = max(in_lead) if in_lead else figures[0]
    low = min(t.low if t.low is not None else _figure(t) or 0 for _, t in rows)
    high = max(max(t.high or 0, _figure(t) or 0) for _, t in rows)
    return Estimate(low=min(low, best), best=best, high=max(high, best))


def _figure(t: Toll) -> int | None:
    """A toll's figure: its value, or for a vague word without one its lower bound."""
    return t.value if t.value is not None else t.low


def _minus(t: Toll, dead: int) -> Toll:
    return replace(t, value=max((_figure(t) or 0) - dead, 0), low=None, high=None)


def _claims(
    doc: Doc,
    facts: list[SentenceFacts],
    article_id: str,
    publisher: str | None,
    dead: int | None = None,
) -> list[Claim]:
    """The claims of a mention's sentences. People said only to be hit ("shot") may be
    among the `dead`: an injury claim counts them less the dead, as `estimate` does, and
    none when they all died (a victim who died is a fatality, not also an injury)."""
    claims: list[Claim] = []
    for f in facts:
        quote = doc.text[f.span[0] : f.span[1]].strip()
        span = (f.span[0], f.span[0] + len(quote))
        claimed: set[int] = set()
        tolls = [_alive(t, dead) for t in f.tolls]
        for a in f.attributions:
            inside = [t for t in tolls if _within(t.span, a.content_span) and not t.aggregate]
            claimed.update(id(t) for t in inside)
            for kind in claim_kinds(a, {t.kind for t in inside}):
                claims.extend(
                    _claims_of(kind, a.source, a.accused, inside, article_id, quote, span)
                )
        loose = [t for t in tolls if id(t) not in claimed and not t.aggregate]
        for kind in ("fatalities", "injuries"):
            claims.extend(
                _claims_of(kind, publisher or UNATTRIBUTED, None, loose, article_id, quote, span)
            )
    return claims


def _alive(t: Toll, dead: int | None) -> Toll:
    """A toll of people said only to be hit, less the dead (see _claims)."""
    if t.kind != "injuries" or not t.hit_only or not dead or _figure(t) is None:
        return t
    return _minus(t, dead)


def _claims_of(
    kind: str,
    source: str,
    accused: str | None,
    tolls: list[Toll],
    article_id: str,
    quote: str,
    span: tuple[int, int],
) -> list[Claim]:
    if kind in ("fatalities", "injuries"):
        return [
            Claim(source=source, kind=kind, value=t.value, qualifier=t.qualifier,
                  article=article_id, quote=quote, span=span)
            for t in tolls if t.kind == kind and not (t.hit_only and t.value == 0)
        ]  # fmt: skip
    if kind not in ("responsibility", "denial", "no_comment", "damage", "target"):
        return []
    return [Claim(source=source, kind=kind, value=accused, qualifier=None,  # type: ignore[arg-type]
                  article=article_id, quote=quote, span=span)]  # fmt: skip


def _within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _targets(doc: Doc, facts: list[SentenceFacts], aliases: AliasMap) -> tuple[str, ...]:
    """Who was hit: the people a mention's tolls count ("12 pro-regime fighters", "two
    police officers"), normalised as any actor phrase is (actors.py), in order of mention."""
    names: list[str] = []
    for f in facts:
        for t in f.tolls:
            if t.aggregate or not t.victims:
                continue
            at = doc.text.find(t.victims, t.span[0], f.span[1])
            if at < 0:
                at = doc.text.find(t.victims, f.span[0], f.span[1])
            span = doc.char_span(at, at + len(t.victims), alignment_mode="expand")
            actor = actor_of(span, aliases) if at >= 0 and span is not None else None
            if actor is not None:
                names.append(actor.name)
    return tuple(dict.fromkeys(names))


def _with_actors(m: Mention) -> Mention:
    """Perpetrators: the actors that claims hold responsible or deny."""
    named = [c.value for c in m.claims if c.kind in ("responsibility", "denial")]
    perpetrators = tuple(dict.fromkeys(str(v) for v in named if v))
    return replace(m, perpetrators=perpetrators)
