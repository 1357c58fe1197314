"""The timeline export: one JSON object per line for each dated event of each incident.

Three kinds of event, all sorted together by time (then kind, incident, article, claim):

- `incident`: the incident happened (`time` is the start of its interval, `end` and
  `precision` the rest of it; `text` is the summary);
- `published`: an article reporting it was published (`text` is its headline, `note` what
  the reconciled `timeline` says it brought: the first report, a new figure, ...);
- `claim`: a claim was made, at the publication of its article (`text` is the quoted
  sentence; `new` tells whether the source said it for the first time, as the reconciled
  `timeline` has it).

Events without a date (an undated incident, an article without a publication date) cannot be
placed and are left out; `events` returns how many.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from crosswire.export.tables import Sources

_RANK = {"incident": 0, "published": 1, "claim": 2}


def _event(incident: Mapping[str, Any], kind: str, time: str | None, **rest: Any) -> dict[str, Any]:
    return {"incident": incident["id"], "time": time, "kind": kind} | rest


def _happened(incident: Mapping[str, Any]) -> dict[str, Any]:
    date = incident.get("date") or {}
    return _event(
        incident,
        "incident",
        date.get("start"),
        article=None,
        publisher=None,
        text=incident.get("summary", ""),
        end=date.get("end"),
        precision=date.get("precision"),
        event_type=incident.get("event_type"),
    )


def _published(incident: Mapping[str, Any], sources: Sources) -> Iterator[dict[str, Any]]:
    notes: dict[str, list[str]] = {}
    for entry in incident.get("timeline", []):
        notes.setdefault(entry["article"], []).append(entry["note"])
    for n, report in enumerate(incident.get("reports", [])):
        article = sources.get(report["article"], {})
        yield _event(
            incident,
            "published",
            article.get("published"),
            article=report["article"],
            publisher=article.get("publisher"),
            text=article.get("title") or "",
            role=report["role"],
            first=n == 0,
            note="; ".join(notes.get(report["article"], [])),
        )


def _claims(incident: Mapping[str, Any], sources: Sources) -> Iterator[dict[str, Any]]:
    new = {
        i
        for entry in incident.get("timeline", [])
        if entry["kind"] != "mention"
        for i in entry.get("claims", [])
    }
    for i, claim in enumerate(incident.get("claims", [])):
        article = sources.get(claim["article"], {})
        yield _event(
            incident,
            "claim",
            article.get("published"),
            article=claim["article"],
            publisher=article.get("publisher"),
            text=claim.get("quote", ""),
            claim=i,
            source=claim["source"],
            claim_kind=claim["kind"],
            value=claim.get("value"),
            qualifier=claim.get("qualifier"),
            new=i in new,
        )


def events(
    incidents: Iterable[Mapping[str, Any]], sources: Sources
) -> tuple[list[dict[str, Any]], int]:
    """The dated events of the incidents, sorted, and how many undated ones were left out."""
    found = []
    for incident in incidents:
        found.append(_happened(incident))
        found += _published(incident, sources)
        found += _claims(incident, sources)
    dated = [e for e in found if e["time"]]

    def key(e: Mapping[str, Any]) -> tuple[str, int, str, str, int]:
        return (e["time"], _RANK[e["kind"]], e["incident"], e["article"] or "", e.get("claim", -1))

    return sorted(dated, key=key), len(found) - len(dated)


def to_jsonl(found: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in found)
