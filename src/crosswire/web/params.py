"""Query parameters shared by the pages and the API, validated at the edge.

HTML forms send empty fields, so every filter accepts the empty string as "not set";
anything else must be well formed or the request is answered 422 (400 for a date range
that ends before it starts), with a message naming the parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError

from crosswire.web.app import Settings
from crosswire.web.data import IncidentFilter

ISO_DATE = r"^(\d{4}-\d{2}-\d{2})?$"


def _date(name: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        # the shape FastAPI gives its own 422s, so that the API documents one error shape
        problem = f"{value!r} is not a date; give YYYY-MM-DD such as 2021-04-06"
        where = ("query", name)
        raise RequestValidationError(
            [{"type": "date_from_datetime_parsing", "loc": where, "msg": problem, "input": value}]
        ) from None


def incident_filter(
    date_from: Annotated[
        str,
        Query(alias="from", pattern=ISO_DATE, description="incidents on or after (YYYY-MM-DD)"),
    ] = "",
    date_to: Annotated[
        str,
        Query(alias="to", pattern=ISO_DATE, description="incidents on or before (YYYY-MM-DD)"),
    ] = "",
    country: Annotated[
        str, Query(pattern=r"^([A-Za-z]{2})?$", description="ISO 3166 alpha-2 code")
    ] = "",
    place: Annotated[str, Query(max_length=200, description="part of the place name")] = "",
    event_type: Annotated[
        str,
        Query(max_length=100, description="ACLED event type (or sub-event type)"),
    ] = "",
    sub_event_type: Annotated[
        str, Query(max_length=100, description="ACLED sub-event type, exactly")
    ] = "",
    actor: Annotated[str, Query(max_length=200, description="part of an actor's name")] = "",
    source: Annotated[
        str, Query(max_length=200, description="part of a publisher's or a claim source's name")
    ] = "",
    q: Annotated[
        str, Query(max_length=200, description="words in the summary, claims or titles")
    ] = "",
    has_contradiction: Annotated[
        Literal["", "true", "false"],
        Query(description="only incidents whose sources contradict each other (or not)"),
    ] = "",
) -> IncidentFilter:
    start, end = _date("from", date_from), _date("to", date_to)
    if start and end and start > end:
        raise HTTPException(400, f"from {start} is after to {end}: swap them")
    return IncidentFilter(
        date_from=start,
        date_to=end,
        country=country.upper() or None,
        place=place.strip() or None,
        event_type=event_type.strip() or None,
        sub_event_type=sub_event_type.strip() or None,
        actor=actor.strip() or None,
        source=source.strip() or None,
        q=q.strip() or None,
        has_contradiction=None if not has_contradiction else has_contradiction == "true",
    )


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found
