"""The command line: a thin click layer over the library. It parses, calls and prints.

Exit codes: 0 done; 1 some inputs failed or an error stopped the command; 2 bad usage.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from crosswire import __version__
from crosswire.analyze import analyze
from crosswire.errors import CrosswireError, explain, is_disk_full
from crosswire.evaluate import FLOORS, SETS
from crosswire.export import FORMATS, render, summary
from crosswire.ingest.batch import IngestResult, ingest
from crosswire.options import DEFAULT_DB, Options, make_options
from crosswire.pipeline import run_job
from crosswire.store import Store, db_label
from crosswire.terminal import Bar, print_articles, print_summary

F = TypeVar("F", bound=Callable[..., Any])


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = (
        logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    )
    logging.basicConfig(
        stream=sys.stderr, level=level, format="%(levelname)s %(name)s: %(message)s"
    )


def common(func: F) -> F:
    """--db, -v and --quiet, which every command takes."""

    @click.option(
        "--db",
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite file, or a database URL such as postgresql://user@host/db",
    )
    @click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv for debug).")
    @click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
    @functools.wraps(func)
    def wrapper(*args: Any, verbose: int, quiet: bool, **kwargs: Any) -> Any:
        _setup_logging(verbose, quiet)
        try:
            return func(*args, quiet=quiet, **kwargs)
        except CrosswireError as exc:
            click.echo(f"crosswire: error: {explain(exc)}", err=True)
            sys.exit(1)
        except OSError as exc:  # a full disk under a file written outside the store
            if not is_disk_full(exc):
                raise
            click.echo(f"crosswire: error: {explain(exc)}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def ingest_options(func: F) -> F:
    """--meta, --max-bytes, --timeout and --allow-private-urls, turned with --db and --quiet
    into one Options."""

    @click.option(
        "--meta",
        type=click.Path(dir_okay=False),
        help="Sidecar JSONL with metadata per file or URL.",
    )
    @click.option(
        "--max-bytes",
        type=int,
        default=None,
        help="Largest input file, stream or download accepted (default 50 MB).",
    )
    @click.option(
        "--timeout", type=float, default=None, help="Seconds to wait for a URL (default 20)."
    )
    @click.option(
        "--allow-private-urls",
        is_flag=True,
        help="Let URLs reach loopback, private and link-local addresses (local testing).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        db: str,
        quiet: bool,
        meta: str | None,
        max_bytes: int | None,
        timeout: float | None,
        allow_private_urls: bool,
        workers: int | None = None,
        dask: str | None = None,
        **kwargs: Any,
    ) -> Any:
        options = make_options(
            db=db,
            meta=meta,
            max_bytes=max_bytes,
            fetch_timeout=timeout,
            allow_private_urls=allow_private_urls,
            quiet=quiet,
            workers=workers,
            dask=dask,
        )
        return func(*args, options=options, **kwargs)

    return wrapper  # type: ignore[return-value]


def parallel_flags(func: F) -> F:
    """--workers and --dask: where extraction runs."""
    func = click.option(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="Extract on a running dask.distributed cluster (tcp://scheduler:8786).",
    )(func)
    return click.option(
        "--workers",
        type=int,
        metavar="N",
        default=None,
        help="Extract in N local processes (default 1); the output is the same.",
    )(func)


def parallel_options(func: F) -> F:
    """--workers and --dask, turned with --db and --quiet into one Options."""

    @functools.wraps(func)
    def wrapper(
        *args: Any, db: str, quiet: bool, workers: int | None, dask: str | None, **kwargs: Any
    ) -> Any:
        options = make_options(db=db, quiet=quiet, workers=workers, dask=dask)
        return func(*args, options=options, **kwargs)

    return parallel_flags(wrapper)  # type: ignore[return-value]


@contextmanager
def _open(db: str, *, create: bool = False) -> Iterator[Store]:
    store = Store(db, create=create)
    try:
        yield store
    finally:
        store.close()


def _bar(options: Options) -> Bar:
    return Bar(enabled=options.progress, what="reading")


def _report_failures(result: IngestResult) -> None:
    for error in result.failed:
        click.echo(f"crosswire: {error}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crosswire")
def cli() -> None:
    """Turn news reports about violent incidents into an incident record."""


@cli.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@common
@ingest_options
def ingest_cmd(inputs: tuple[str, ...], options: Options) -> None:
    """Read files, folders (recursively), URLs or - (stdin) into the store."""
    with _open(options.db, create=True) as store, _bar(options) as bar:
        result = ingest(list(inputs), store, options, reporter=bar)
    _report_failures(result)
    if options.progress:
        click.echo(
            f"{len(result.added)} added, {result.existing} already stored, "
            f"{len(result.failed)} failed"
        )
    sys.exit(1 if result.failed else 0)


@cli.command("analyze")
@common
@parallel_options
def analyze_cmd(options: Options) -> None:
    """Run extraction and linking on the articles that are new."""
    with _open(options.db) as store, Bar(enabled=options.progress, what="analysing") as bar:
        done = analyze(store, reporter=bar, workers=options.workers, dask=options.dask)
    if options.progress:
        click.echo(
            f"{done.articles} articles analysed, {done.mentions} incident mentions found; "
            f"{done.incidents} incidents in the store"
        )


@cli.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the report and the exports.",
)
@common
@ingest_options
@parallel_flags
def run_cmd(inputs: tuple[str, ...], options: Options, out: str) -> None:
    """Ingest, analyse and write the report and exports to --out: the main job."""
    with _open(options.db, create=True) as store, _bar(options) as bar:
        job = run_job(list(inputs), store, options, Path(out), reporter=bar)
        _report_failures(job.ingested)
        if options.progress:
            print_summary(store, job)
    sys.exit(1 if job.ingested.failed else 0)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="File to write (default stdout)."
)
@common
def export_cmd(db: str, quiet: bool, fmt: str, output: str | None) -> None:
    """Write the incidents and articles in a standard format (docs/export.md); what was
    written, or left out, is noted on stderr."""
    with _open(db) as store:
        done = render(store, fmt)
    if output:
        Path(output).write_text(done.text, encoding="utf-8")
    else:
        click.echo(done.text, nl=False)
    note = summary(done, output)
    if note and not quiet:
        click.echo(note, err=True)


@cli.command("report")
@click.option("--html", "html", type=click.Path(dir_okay=False), help="Write an HTML report here.")
@common
def report_cmd(db: str, quiet: bool, html: str | None) -> None:
    """Summarise the store on the terminal, and as an HTML file with --html."""
    from crosswire.report import write_html

    with _open(db) as store:
        if html:
            write_html(store, Path(html))
        if not quiet:
            print_summary(store, None)
            if html:
                click.echo(f"report: {html}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@common
def serve_cmd(db: str, quiet: bool, host: str, port: int) -> None:
    """Browse the incidents in a web browser, with a JSON API under /api. Writes
    (POST /api/articles) are on only when CROSSWIRE_API_TOKEN is set."""
    try:
        import uvicorn

        from crosswire.web import create_app
    except ModuleNotFoundError as exc:
        click.echo(
            f"crosswire: serve needs the web extra ({exc.name} is missing): "
            "pip install 'crosswire[web]'",
            err=True,
        )
        sys.exit(1)
    app = create_app(db)
    click.echo(f"crosswire: serving {db_label(db)} on http://{host}:{port}/", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning" if quiet else "info",
        # Bounded: at most 100 connections at once (503 beyond), idle keep-alive closed
        # after 5 s, and no Server header to advertise the stack.
        limit_concurrency=100,
        timeout_keep_alive=5,
        server_header=False,
    )


@cli.command("articles")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
@common
def articles_cmd(db: str, quiet: bool, as_json: bool) -> None:
    """List the stored articles."""
    from crosswire.export import article_record

    with _open(db) as store:
        if as_json:
            groups = store.origin_groups()
            for article in store.articles():
                click.echo(json.dumps(article_record(article, groups), ensure_ascii=False))
        else:
            print_articles(store)


@cli.group("gazetteer")
def gazetteer_group() -> None:
    """The gazetteer: GeoNames places that extraction resolves names against."""


@gazetteer_group.command("import")
@click.argument("dump", type=click.Path(dir_okay=False, exists=True))
@click.option("-v", "--verbose", count=True, help="More logging on stderr.")
def gazetteer_import(dump: str, verbose: int) -> None:
    """Add a GeoNames dump (allCountries.txt, or a country file such as SY.txt, from
    https://download.geonames.org/export/dump/) to the places crosswire knows."""
    from crosswire.gazetteer import IMPORTED, data_dir, import_geonames

    _setup_logging(verbose, False)
    target = data_dir() / IMPORTED / f"{Path(dump).name.split('.')[0]}.sqlite"
    try:
        count = import_geonames(Path(dump), target)
    except CrosswireError as exc:
        click.echo(f"crosswire: error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{count:,} places imported into {target}")


@cli.command("eval")
@click.option(
    "--dev",
    "dev",
    type=click.Path(file_okay=False, exists=True),
    default="../shared/dev",
    show_default=True,
    help="Folder of the dev sets.",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Choice(SETS),
    help="Only this set (repeatable); default all.",
)
@click.option("--limit", type=int, help="Only the first N gold rows of each set.")
@click.option(
    "--mentions",
    is_flag=True,
    help="Also score each article's main mention before linking (a diagnostic, not gated).",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, help="Extraction processes.")
@click.option(
    "--floors",
    type=click.Path(dir_okay=False),
    default=str(FLOORS),
    show_default=True,
    help="The quality gate's floors.",
)
@click.option("--update-floors", is_flag=True, help="Raise the floors to these scores.")
@click.option("--allow-regression", is_flag=True, help="With --update-floors, allow lowering.")
@common
def eval_cmd(
    db: str,
    quiet: bool,
    dev: str,
    sets: tuple[str, ...],
    limit: int | None,
    mentions: bool,
    workers: int,
    floors: str,
    update_floors: bool,
    allow_regression: bool,
) -> None:
    """Run the main job on the dev sets, score the exported record (each article's main
    incident after linking and reconciliation) and check the quality gate's floors."""
    from crosswire.evaluate import check_floors, evaluate, read_floors
    from crosswire.evaluate import update_floors as raise_floors

    found = evaluate(Path(dev), sets or SETS, limit=limit, mentions=mentions, workers=workers)
    diagnostics = {k: v for k, v in found.items() if k.startswith("mention.")}
    scores = {k: v for k, v in found.items() if k not in diagnostics}
    for name, value in diagnostics.items():
        click.echo(f"{name:40} {value:.3f}   (diagnostic)")
    current = read_floors(Path(floors))
    for name, value in scores.items():
        floor = current.get(name)
        click.echo(f"{name:40} {value:.3f}" + (f"   (floor {floor:.3f})" if floor else ""))
    if update_floors:
        merged = current | raise_floors(
            scores,
            {k: v for k, v in current.items() if k in scores},
            allow_regression=allow_regression,
        )
        Path(floors).write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
        click.echo(f"floors written to {floors}")
        return
    below = check_floors(scores, {k: v for k, v in current.items() if k in scores})
    for line in below:
        click.echo(f"below floor: {line}", err=True)
    sys.exit(1 if below else 0)


def main() -> None:
    cli(prog_name="crosswire")
