"""What the CLI draws on the terminal: a progress bar on stderr and summary tables."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from crosswire.export import to_json
from crosswire.store import Store

if TYPE_CHECKING:
    from crosswire.pipeline import Job


# Incidents listed in the terminal summary; the report has them all.
SUMMARY_ROWS = 20


class Bar:
    """A progress bar on stderr (see ingest.batch.Reporter); draws nothing when disabled."""

    def __init__(self, *, enabled: bool, what: str) -> None:
        self.what = what
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[label]}"),
            console=Console(stderr=True),
            transient=True,
            disable=not enabled,
        )
        self.task = self.progress.add_task(what, total=None, label="")

    def __enter__(self) -> Bar:
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.progress.stop()

    def start(self, total: int, what: str) -> None:
        self.progress.reset(self.task, total=total, description=what)

    def advance(self, label: str) -> None:
        self.progress.update(self.task, advance=1, label=label[-40:])


def print_articles(store: Store, console: Console | None = None) -> None:
    console = console or Console()
    table = Table("name", "title", "publisher", "published", "copies / shared origin")
    for a in to_json(store)["articles"]:
        related = [f"copy of {a['duplicate_of']}"] if a["duplicate_of"] else []
        related += [f"shares origin with {o}" for o in a["shares_origin_with"]]
        published = f"{a['published']} ({a['published_source']})" if a["published"] else "-"
        table.add_row(
            a["name"], a["title"] or "", a["publisher"] or "", published, "\n".join(related)
        )
    console.print(table)


def _toll(estimate: dict[str, Any]) -> str:
    """'12/12/15' for a toll, 'not given' when no report gave a figure."""
    if estimate.get("best") is None:
        return "not given"
    return "/".join(str(estimate.get(k)) for k in ("low", "best", "high"))


def print_summary(store: Store, job: Job | None, console: Console | None = None) -> None:
    """Counts, the incidents in a table, and where the report went."""
    console = console or Console()
    doc = to_json(store)
    articles, incidents = doc["articles"], doc["incidents"]
    copies = sum(1 for a in articles if a["duplicate_of"])
    groups = len({a["origin"] for a in articles if a["shares_origin_with"]})
    if job is not None:
        console.print(
            f"ingested {len(job.ingested.added)} new articles "
            f"({job.ingested.existing} already stored, {len(job.ingested.failed)} failed)"
        )
    console.print(
        f"{len(articles)} articles in the store: {copies} copies, {groups} groups "
        f"sharing wire copy; {len(incidents)} incidents"
    )
    if incidents:
        table = Table("date", "type", "place", "killed (low/best/high)", "articles")
        for inc in incidents[:SUMMARY_ROWS]:
            loc = (inc.get("location") or {}).get("name") or "?"
            fat = inc.get("fatalities") or {}
            table.add_row(
                (inc.get("date") or {}).get("start") or "unknown",
                inc["event_type"],
                loc,
                _toll(fat),
                str(len(inc.get("reports", []))),
            )
        console.print(table)
        if len(incidents) > SUMMARY_ROWS:
            console.print(f"... and {len(incidents) - SUMMARY_ROWS} more in the report")
    if job is not None:
        console.print(f"report: {job.out / 'report.html'}")
