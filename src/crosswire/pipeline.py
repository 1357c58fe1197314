"""The main job: ingest, analyse, and write the report and the exports to a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crosswire.analyze import Analysis, analyze
from crosswire.errors import OptionsError
from crosswire.export import render_document, to_json
from crosswire.ingest.batch import IngestResult, Reporter, ingest
from crosswire.options import Options
from crosswire.report import write_html
from crosswire.store import Store

OUTPUTS = {
    "export.json": "json",
    "incidents.csv": "csv",
    "acled.csv": "acled-csv",
    "ucdp.csv": "ucdp-csv",
    "incidents.geojson": "geojson",
    "timeline.jsonl": "timeline-jsonl",
}


@dataclass(frozen=True, slots=True)
class Job:
    ingested: IngestResult
    analysis: Analysis
    out: Path
    files: tuple[Path, ...]


def write_outputs(store: Store, out: Path) -> tuple[Path, ...]:
    """report.html and the exports, written into `out` (created if needed)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OptionsError(f"--out {out}: cannot create the folder ({exc.strerror})") from exc
    written = [out / "report.html"]
    write_html(store, written[0])
    doc = to_json(store)
    for name, fmt in OUTPUTS.items():
        (out / name).write_text(render_document(doc, fmt).text, encoding="utf-8")
        written.append(out / name)
    return tuple(written)


def run_job(
    inputs: list[str],
    store: Store,
    options: Options,
    out: Path,
    *,
    reporter: Reporter | None = None,
) -> Job:
    ingested = ingest(inputs, store, options, reporter=reporter)
    analysis = analyze(store, reporter=reporter, workers=options.workers, dask=options.dask)
    files = write_outputs(store, out)
    return Job(ingested=ingested, analysis=analysis, out=out, files=files)
