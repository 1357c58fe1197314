"""Narrative views of reconciled incidents: summary, reporting timeline, chronology.

`summarize(incident)` reads an incident document as reconcile.py builds it (CONTRACT.md's
INCIDENT) and returns a `Summary`: its sentences, each with the claims it cites (indexes
into the incident's `claims`) and the fields it was filled from. There is no free text:
every sentence is one of the templates below, filled with field values and claim sources.

1. What, where, when: event type, location, date and the number of reporting articles.
2. Tolls (fatalities, then injuries). With a contradiction on the field, each source's
   figure in turn ("The Northern Monitor said 38 were killed; district
   officials said 20."), then the reconciled range. Otherwise the sources of the best figure
   ("Monitors said 12 were killed."), with the range when the reports differ.
3. Responsibility. For each responsibility contradiction, who blames whom and who denies it
   ("State media said the coalition carried it out; the coalition command denied
   this."); for a perpetrator contradiction, who names whom; then the accusations and
   denials that nobody disputes, and who declined to comment.
4. Disagreements on the date or the place, from the contradictions' notes.

Disputed points always name their sources; `sources_doc` gives the `summary_sources` list
that reconcile.py stores next to the summary.

`timeline(incident, published, by)` is the reporting history of one incident (see its
docstring); `chronology(incidents)` lists incidents in date order with their summaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

UNATTRIBUTED = "unattributed"
MAX_FIGURES = 4
"""Most figures quoted in one toll sentence; the reconciled range covers the rest."""

_QUALIFIER_WORDS = {
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "at_most": "up to ",
    "vague": "at least ",
}
QUALIFIER_RANK = {"exact": 5, "about": 4, "at_least": 3, "more_than": 3, "at_most": 2, "vague": 1}
"""How specific a qualifier is: exact > about > at_least, more_than > at_most > vague."""
_TOLL_VERBS = {"fatalities": "killed", "injuries": "injured"}
_TIMELINE_KINDS = {
    "fatalities": "figure",
    "injuries": "figure",
    "responsibility": "responsibility",
    "denial": "denial",
    "no_comment": "no_comment",
}
_CLAUSE_TYPES = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Headquarters or base established",
        "Change to group/activity",
        "Non-violent transfer of territory",
        "Other",
    }
)
"""ACLED sub-event types that are not noun phrases: quoted rather than put after "An"."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One summary sentence, the claims it cites and the incident fields it comes from."""

    text: str
    claims: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    text: str
    sentences: tuple[Sentence, ...]


def summarize(incident: Mapping[str, Any]) -> Summary:
    """The summary of one reconciled incident (see the module docstring for the templates)."""
    sentences = [overview(incident)]
    sentences += toll(incident, "fatalities")
    sentences += toll(incident, "injuries")
    sentences += blame(incident)
    sentences += disagreements(incident)
    kept = tuple(s for s in sentences if s.text)
    return Summary(text=" ".join(s.text for s in kept), sentences=kept)


def sources_doc(summary: Summary) -> list[dict[str, Any]]:
    """`summary_sources`: one entry a sentence, with the claims and fields it cites."""
    return [
        {"sentence": s.text, "claims": list(s.claims), "fields": list(s.fields)}
        for s in summary.sentences
    ]


def figure_text(value: object, qualifier: str | None) -> str:
    """A claimed figure in words: "38", "at least 12", "about 40", "an unspecified number"."""
    if not isinstance(value, int):
        return "an unspecified number"
    return f"{_QUALIFIER_WORDS.get(qualifier or 'exact', '')}{value}"


def names(items: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C", without repeats (ignoring case)."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(_speaker(item).casefold(), _speaker(item))
    seen = list(first.values())
    if len(seen) < 2:
        return "".join(seen)
    return f"{', '.join(seen[:-1])} and {seen[-1]}"


def overview(incident: Mapping[str, Any]) -> Sentence:
    event = str(incident.get("event_type") or "Other")
    what = f"An event coded “{event}”" if event in _CLAUSE_TYPES else _a(event)
    count = len(incident.get("reports", []))
    by = f"{count} article{'s' if count != 1 else ''}"
    text = f"{what} was reported{_where(incident.get('location'))}{_when(incident.get('date'))}"
    fields = ("event_type", "location", "date", "reports")
    return Sentence(f"{text} by {by}.", (), fields)


def toll(incident: Mapping[str, Any], kind: str) -> list[Sentence]:
    claims: Sequence[Mapping[str, Any]] = incident.get("claims", [])
    estimate: Mapping[str, Any] = incident.get(kind) or {}
    disputed = sorted(
        {i for c in incident.get("contradictions", []) if c["field"] == kind for i in c["claims"]}
    )
    if disputed:
        return [_disputed_toll(claims, disputed, kind), _range(estimate, kind)]
    numeric = [i for i, c in enumerate(claims) if c["kind"] == kind and isinstance(c["value"], int)]
    best = estimate.get("best")
    if not numeric or best is None:
        return [_range(estimate, kind)] if best is not None else []
    closest = min(abs(int(claims[i]["value"]) - best) for i in numeric)
    cited = [i for i in numeric if abs(int(claims[i]["value"]) - best) == closest]
    top = max(cited, key=lambda i: _rank(claims[i]))
    figure = figure_text(claims[top]["value"], claims[top]["qualifier"])
    who = names(claims[i]["source"] for i in cited)
    spread = ""
    if estimate.get("low") != estimate.get("high"):
        spread = f" (reconciled range {estimate.get('low')} to {estimate.get('high')})"
    text = f"{who} said {figure} {_were(figure)} {_TOLL_VERBS[kind]}{spread}."
    return [Sentence(_capital(text), tuple(cited), (kind,))]


def _disputed_toll(claims: Sequence[Mapping[str, Any]], cited: list[int], kind: str) -> Sentence:
    """Each source's figure in turn: its most specific one, the latest of those."""
    chosen: dict[str, int] = {}
    for i in cited:
        key = _speaker(claims[i]["source"]).casefold()
        if key not in chosen or _rank(claims[i]) >= _rank(claims[chosen[key]]):
            chosen[key] = i
    used = sorted(chosen.values())[:MAX_FIGURES]
    parts = []
    for n, i in enumerate(used):
        figure = figure_text(claims[i]["value"], claims[i]["qualifier"])
        verb = f" {_were(figure)} {_TOLL_VERBS[kind]}" if n == 0 else ""
        parts.append(f"{_speaker(claims[i]['source'])} said {figure}{verb}")
    return Sentence(_capital("; ".join(parts) + "."), tuple(used), (kind,))


def _rank(claim: Mapping[str, Any]) -> int:
    return QUALIFIER_RANK.get(claim["qualifier"] or "exact", 0)


def _range(estimate: Mapping[str, Any], kind: str) -> Sentence:
    low, best, high = estimate.get("low"), estimate.get("best"), estimate.get("high")
    if best is None:
        return Sentence("")
    verb = _TOLL_VERBS[kind]
    if low == high:
        return Sentence(
            f"Taken together, the reports put the number {verb} at {best}.", (), (kind,)
        )
    text = (
        f"Taken together, the reports put the number {verb} between {low} and {high}, "
        f"with {best} the best supported figure."
    )
    return Sentence(text, (), (kind,))


def blame(incident: Mapping[str, Any]) -> list[Sentence]:
    claims: Sequence[Mapping[str, Any]] = incident.get("claims", [])
    sentences: list[Sentence] = []
    covered: set[int] = set()
    for c in incident.get("contradictions", []):
        if c["field"] in ("responsibility", "perpetrator"):
            sentences.append(_disputed_blame(claims, c))
            covered.update(c["claims"])
    rest = [i for i in range(len(claims)) if i not in covered]
    sentences += _accusations(claims, [i for i in rest if claims[i]["kind"] == "responsibility"])
    sentences += _denials(claims, [i for i in rest if claims[i]["kind"] == "denial"])
    quiet = [i for i in rest if claims[i]["kind"] == "no_comment"]
    if quiet:
        who = names(claims[i]["source"] for i in quiet)
        sentences.append(Sentence(_capital(f"{who} declined to comment."), tuple(quiet)))
    return sentences


def _disputed_blame(claims: Sequence[Mapping[str, Any]], c: Mapping[str, Any]) -> Sentence:
    cited = tuple(c["claims"])
    if c["field"] == "perpetrator":
        named: dict[str, list[str]] = {}
        for i in cited:
            named.setdefault(str(claims[i]["value"]), []).append(claims[i]["source"])
        parts = [f"{names(who)} named {_the(actor)}" for actor, who in named.items()]
        return Sentence(f"Sources differ on who carried it out: {'; '.join(parts)}.", cited)
    accusers = names(claims[i]["source"] for i in cited if claims[i]["kind"] == "responsibility")
    deniers = names(claims[i]["source"] for i in cited if claims[i]["kind"] == "denial")
    actor = _the(str(c.get("actor") or "the accused"))
    text = f"{accusers} said {actor} carried it out; {deniers} denied this."
    return Sentence(_capital(text), cited)


def _accusations(claims: Sequence[Mapping[str, Any]], indexes: list[int]) -> list[Sentence]:
    by_actor: dict[str, list[int]] = {}
    for i in indexes:
        if claims[i]["value"]:
            by_actor.setdefault(str(claims[i]["value"]), []).append(i)
    sentences = []
    for actor, cited in by_actor.items():
        own = [i for i in cited if _same_name(claims[i]["source"], actor)]
        others = [i for i in cited if i not in own]
        if others:
            who = names(claims[i]["source"] for i in others)
            text = f"{who} said {_the(actor)} carried it out."
            sentences.append(Sentence(_capital(text), tuple(others)))
        if own:
            sentences.append(Sentence(_capital(f"{actor} said it carried it out."), tuple(own)))
    return sentences


def _denials(claims: Sequence[Mapping[str, Any]], indexes: list[int]) -> list[Sentence]:
    sentences = []
    for i in indexes:
        source, actor = claims[i]["source"], claims[i]["value"]
        if not actor or _same_name(source, str(actor)):
            text = f"{_speaker(source)} denied involvement."
        else:
            text = f"{_speaker(source)} denied that {_the(str(actor))} was involved."
        sentences.append(Sentence(_capital(text), (i,)))
    return sentences


def disagreements(incident: Mapping[str, Any]) -> list[Sentence]:
    return [
        Sentence(f"Reports disagree on the {c['field']}: {c['note']}.", (), (c["field"],))
        for c in incident.get("contradictions", [])
        if c["field"] in ("date", "location")
    ]


def timeline(
    incident: Mapping[str, Any], published: Mapping[str, str | None], by: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The reporting history: per article in the order of `reports` (publication order), the
    first report, then each claim not seen before from its source (a new figure, an
    accusation, a denial, a refusal to comment), else a plain `mention`. `published` and `by`
    give each article's date and publisher (or name)."""
    claims: Sequence[Mapping[str, Any]] = incident.get("claims", [])
    own: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        own.setdefault(c["article"], []).append(i)
    seen: set[tuple[object, ...]] = set()
    entries = []
    for n, report in enumerate(incident.get("reports", [])):
        article, role = report["article"], report["role"]
        mine = own.get(article, [])
        fresh = [i for i in mine if _news_key(claims[i]) not in seen]
        seen.update(_news_key(claims[i]) for i in mine)
        when = published.get(article)
        if n == 0:
            note = f"first report ({role}) by {by.get(article, article)}"
            entries.append(_entry(when, article, "first_report", mine, note))
            continue
        news = _news(claims, fresh)
        entries += [_entry(when, article, kind, idx, note) for kind, idx, note in news]
        if not news:
            note = "reported again" if role == "main" else "mentioned in passing"
            entries.append(_entry(when, article, "mention", mine, note))
    return entries


def chronology(incidents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Incidents in date order (start, end, id; undated last), each with its summary."""

    def key(incident: Mapping[str, Any]) -> tuple[str, str, str]:
        d = incident.get("date") or {}
        return (d.get("start") or "9999", d.get("end") or "9999", str(incident["id"]))

    return [
        {
            "incident": inc["id"],
            "date": inc.get("date"),
            "event_type": inc.get("event_type"),
            "summary": inc.get("summary", ""),
        }
        for inc in sorted(incidents, key=key)
    ]


def _news_key(c: Mapping[str, Any]) -> tuple[object, ...]:
    return (" ".join(c["source"].casefold().split()), c["kind"], c["value"], c["qualifier"])


def _news(
    claims: Sequence[Mapping[str, Any]], fresh: list[int]
) -> list[tuple[str, list[int], str]]:
    """An article's new claims by timeline kind, each kind with a note."""
    by_kind: dict[str, list[int]] = {}
    for i in fresh:
        kind = _TIMELINE_KINDS.get(claims[i]["kind"])
        if kind and (kind != "figure" or isinstance(claims[i]["value"], int)):
            by_kind.setdefault(kind, []).append(i)
    return [(kind, idx, "; ".join(_note(claims[i]) for i in idx)) for kind, idx in by_kind.items()]


def _note(c: Mapping[str, Any]) -> str:
    source, value = c["source"], c["value"]
    if c["kind"] in _TOLL_VERBS:
        return f"{source}: {figure_text(value, c['qualifier'])} {_TOLL_VERBS[c['kind']]}"
    if c["kind"] == "responsibility":
        return f"{source} names {value} as responsible"
    if c["kind"] == "denial":
        whom = "" if not value or _same_name(source, str(value)) else f" of {value}"
        return f"{source} denies involvement{whom}"
    return f"{source} declines to comment"


def _entry(
    when: str | None, article: str, kind: str, claims: list[int], note: str
) -> dict[str, Any]:
    return {"date": when, "article": article, "kind": kind, "claims": claims, "note": note}


def _where(location: Mapping[str, Any] | None) -> str:
    if not location:
        return ""
    name = location.get("name") or location.get("country")
    if not name:
        return ""
    return f" near {name}" if location.get("precision") == "near" else f" in {name}"


def _when(date: Mapping[str, Any] | None) -> str:
    if not date:
        return ""
    start, end = date["start"], date["end"]
    if start == end:
        return f" on {start}"
    if date.get("precision") == "month" and start[:7] == end[:7]:
        return f" in {start[:7]}"
    if date.get("precision") == "year" and start[:4] == end[:4]:
        return f" in {start[:4]}"
    return f" between {start} and {end}"


def _a(event: str) -> str:
    phrase = event[0].lower() + event[1:]
    return f"{'An' if phrase[0] in 'aeiou' else 'A'} {phrase}"


def _the(actor: str) -> str:
    """ "the US-led coalition", but "Hezbollah", "SANA": a one-word proper name takes no
    article."""
    if " " not in actor.strip() and actor[:1].isupper():
        return actor
    return actor if actor.lower().startswith("the ") else f"the {actor}"


def _speaker(source: str) -> str:
    return "an unattributed report" if source == UNATTRIBUTED else source


def _same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _were(figure: str) -> str:
    return "was" if figure == "1" else "were"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
