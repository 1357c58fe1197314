"""Incident records (CONTRACT.md) from groups of mentions.

Until mentions are linked across articles, each mention is an incident of its own; the
record carries the mention's fields, its claims and the article that reports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from crosswire.models import Mention


def incident_id(group: Sequence[Mention]) -> str:
    """A stable id: a hash of the (article, position) of the group's first mention."""
    first = min((m.article, m.index) for m in group)
    return hashlib.sha256(f"{first[0]}:{first[1]}".encode()).hexdigest()[:16]


def incident_record(group: Sequence[Mention]) -> dict[str, Any]:
    lead = next((m for m in group if m.role == "main"), group[0])
    claims = [asdict(c) | {"span": list(c.span)} for m in group for c in m.claims]
    return {
        "id": incident_id(group),
        "event_type": lead.event_type or "Other",
        "date": asdict(lead.date) if lead.date else None,
        "location": asdict(lead.location) if lead.location else None,
        "actors": {
            "perpetrators": list(dict.fromkeys(p for m in group for p in m.perpetrators)),
            "targets": list(dict.fromkeys(t for m in group for t in m.targets)),
        },
        "fatalities": asdict(lead.fatalities),
        "injuries": asdict(lead.injuries),
        "reports": [{"article": m.article, "role": m.role} for m in group],
        "claims": claims,
        "contradictions": [],
        "summary": summary(lead),
    }


def summary(m: Mention) -> str:
    """One sentence from the mention's fields, nothing else."""
    what = m.event_type or "An incident"
    when = (
        f" on {m.date.start}"
        if m.date and m.date.start == m.date.end
        else (f" between {m.date.start} and {m.date.end}" if m.date else "")
    )
    where = f" in {m.location.name}" if m.location else ""
    toll = ""
    if m.fatalities.best is not None:
        toll = f"; reported killed: {m.fatalities.best}"
    return f"{what}{where}{when}{toll}."


def incidents_from(mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """One incident per mention (linking across articles comes with link.py)."""
    return [incident_record([m]) for m in mentions]
