"""Records to JSON and back, for the documents the store keeps in text columns."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from crosswire.models import Claim, Estimate, Interval, Location, Mention


def mention_to_json(mention: Mention) -> str:
    return json.dumps(asdict(mention), ensure_ascii=False, sort_keys=True)


def mention_from_json(text: str) -> Mention:
    d: dict[str, Any] = json.loads(text)
    return Mention(
        article=d["article"],
        index=d["index"],
        role=d["role"],
        event_type=d["event_type"],
        date=Interval(**d["date"]) if d["date"] else None,
        location=Location(**d["location"]) if d["location"] else None,
        perpetrators=tuple(d["perpetrators"]),
        targets=tuple(d["targets"]),
        fatalities=Estimate(**d["fatalities"]),
        injuries=Estimate(**d["injuries"]),
        claims=tuple(Claim(**{**c, "span": tuple(c["span"])}) for c in d["claims"]),
        sentences=tuple((s[0], s[1]) for s in d["sentences"]),
        keywords=tuple(d.get("keywords", ())),
    )
