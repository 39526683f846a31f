"""Parsing and extraction in worker processes of this machine (``saidgraph ingest --workers N``).

Batches of articles go to a pool of forked workers, each holding the caller's extractor (its spaCy
pipeline is inherited, not loaded again); results come back in input order. Unlike spaCy's own
``n_process``, which waits forever on a worker that was killed, a worker that dies breaks the pool at
once: :meth:`ProcessExtractor.extract_many` raises, and the caller accounts for the articles that were
in flight (:func:`ingest.pipeline.run_ingest` records them as failures, tried again next run).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING

from ingest.article import RawArticle
from ingest.extract.result import Extraction

if TYPE_CHECKING:
    from ingest.pipeline import ExtractorLike

# The extractor of a worker process, set once when the worker starts (the process's own state; in
# the parent it stays empty).
_in_worker: dict[str, ExtractorLike] = {}


def _adopt(extractor: ExtractorLike) -> None:
    """Run in each new worker: keep the extractor it inherited from the parent."""
    _in_worker["extractor"] = extractor


def _extract_batch(batch: list[RawArticle], batch_size: int) -> list[tuple[RawArticle, Extraction]]:
    """Run in a worker: extract one batch of articles."""
    return list(_in_worker["extractor"].extract_many(batch, batch_size=batch_size))


class ProcessExtractor:
    """``extractor`` run in ``workers`` forked processes, a few batches in flight per worker."""

    streaming = True

    def __init__(self, extractor: ExtractorLike, *, workers: int, in_flight: int | None = None) -> None:
        self.extractor = extractor
        self.version = extractor.version
        self.workers = workers
        self.in_flight = in_flight or 2 * workers

    def extract(self, article: RawArticle) -> Extraction:
        """Extract one article in this process."""
        return self.extractor.extract(article)

    def extract_many(
        self, articles: Iterable[RawArticle], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[tuple[RawArticle, Extraction]]:
        """Extract in the worker processes, ``batch_size`` articles per task, results in input order.

        Raises ``concurrent.futures.process.BrokenProcessPool`` when a worker dies; the pool is shut
        down whichever way the iteration ends.
        """
        iterator = iter(articles)
        pending: deque[Future[list[tuple[RawArticle, Extraction]]]] = deque()
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("fork"),  # workers inherit the loaded pipeline
            initializer=_adopt,
            initargs=(self.extractor,),
        )
        try:
            while True:
                while len(pending) < self.in_flight and (batch := list(islice(iterator, batch_size))):
                    pending.append(pool.submit(_extract_batch, batch, batch_size))
                if not pending:
                    return
                yield from pending.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
