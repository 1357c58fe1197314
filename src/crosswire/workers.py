"""Extraction mapped over processes: in this process, in a local pool (`--workers N`) or on
a dask.distributed cluster (`--dask tcp://scheduler:8786`).

What crosses a process boundary is small and plain: a `Task` (an article's id, text,
publication date and publisher) goes out, an `Extracted` (its mentions) comes back. The
work function, `extract_tasks`, is pure and picklable; each worker process loads the spaCy
pipeline once, on its first task (nlp.load is cached per process). Results come back in
the order of the tasks, so the store is written from one place, in the same order as a
serial run, and the output is identical.

BLAS libraries start one thread per core by default; with several extraction processes on
the same cores that oversubscribes them, so the local pool's processes run with
OPENBLAS_NUM_THREADS=1 (and dask's nanny sets it for its workers by default).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from crosswire.errors import OptionsError
from crosswire.models import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# Articles per task sent to a worker: large enough for nlp.pipe to batch, small enough to
# spread a page of articles over the workers.
CHUNK = 16
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True, slots=True)
class Task:
    """What extraction needs of an article."""

    article: str
    text: str
    published: str | None
    publisher: str | None

    @classmethod
    def of(cls, article: Article) -> Task:
        return cls(article.id, article.text, article.published, article.publisher)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extraction found in one article."""

    article: str
    mentions: tuple[Mention, ...]
    inferred_published: str | None


def extract_doc(task: Task, doc: Doc) -> Extracted:
    """Mentions of one parsed article; an undated article gets a date where the text allows."""
    from crosswire.extract.dates import infer_published
    from crosswire.extract.mentions import extract_mentions

    published = date.fromisoformat(task.published) if task.published else None
    inferred = None
    if published is None:
        found = infer_published(doc)
        if found is not None:
            published = found[0]
            inferred = published.isoformat()
    mentions = extract_mentions(doc, task.article, published, task.publisher)
    return Extracted(article=task.article, mentions=tuple(mentions), inferred_published=inferred)


def extract_tasks(tasks: Sequence[Task]) -> list[Extracted]:
    """Parse and extract a chunk of articles: the function workers run."""
    from crosswire import nlp

    docs = nlp.parse_many(t.text for t in tasks)
    return [extract_doc(task, doc) for task, doc in zip(tasks, docs, strict=True)]


class Extraction(AbstractContextManager["Extraction"]):
    """Runs `extract_tasks` over chunks of tasks, giving the results in task order.

    `workers` 1 and no `dask` runs in this process; `workers` > 1 starts a local process
    pool; `dask` is the address of a running dask.distributed scheduler."""

    def __init__(self, *, workers: int = 1, dask: str | None = None) -> None:
        self.workers = workers
        self.dask = dask
        self._pool: Executor | None = None
        self._client: Any = None
        self._saved_env: dict[str, str | None] = {}

    def __enter__(self) -> Extraction:
        if self.dask:
            self._client = _connect(self.dask)
        elif self.workers > 1:
            # Spawned children inherit the environment as it is when they start.
            self._saved_env = {k: os.environ.get(k) for k in SINGLE_THREAD}
            os.environ.update(SINGLE_THREAD)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            for key, value in self._saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        if self._client is not None:
            self._client.close()

    def run(self, tasks: Sequence[Task]) -> Iterator[Extracted]:
        """The extraction of every task, in order."""
        if self._pool is None and self._client is None:
            from crosswire import nlp

            docs = nlp.parse_many(t.text for t in tasks)
            yield from (extract_doc(t, doc) for t, doc in zip(tasks, docs, strict=True))
            return
        chunks = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
        if self._client is not None:
            futures = self._client.map(extract_tasks, chunks, pure=False)
            results = self._client.gather(futures)
        else:
            assert self._pool is not None
            results = self._pool.map(extract_tasks, chunks)
        for chunk in results:
            yield from chunk


def _connect(address: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise OptionsError(
            "--dask needs dask.distributed: pip install 'dask[distributed]'"
        ) from exc
    try:
        client = Client(address, timeout="20s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise OptionsError(
            f"--dask {address}: no scheduler answers there ({exc}); start one with "
            "`dask-scheduler` and workers with `dask-worker {address}`"
        ) from exc
    log.info("extraction on the dask cluster at %s", address)
    return client
