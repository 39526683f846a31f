"""Parsing and extraction on a Dask cluster, results streamed back to the writing process.

``saidgraph ingest --dask ADDRESS`` hands batches of articles to the cluster's workers; each worker
loads the spaCy pipeline once and extracts its batches; the ingest process keeps a few batches in
flight, takes the results back in order and writes them to the store in batches as usual, so the graph
is the same as a serial run's.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from graph.errors import ConfigError
from ingest.article import RawArticle
from ingest.extract.extractor import EXTRACTOR_VERSION, Extractor
from ingest.extract.result import Extraction


@functools.lru_cache(maxsize=2)
def _worker_extractor(model: str) -> Extractor:
    """The extractor of one worker process, loaded on its first batch (one per model name)."""
    from ingest.extract.pipeline import load_pipeline

    return Extractor(load_pipeline(model))


def _extract_remote(
    model: str, batch: list[RawArticle], batch_size: int
) -> list[tuple[RawArticle, Extraction]]:
    """Run on a worker: extract one batch of articles."""
    return list(_worker_extractor(model).extract_many(batch, batch_size=batch_size))


class DaskExtractor:
    """An extractor whose work runs on a Dask cluster (``client`` is a ``distributed.Client``)."""

    version = EXTRACTOR_VERSION
    streaming = True

    def __init__(self, client: Any, *, model: str, in_flight: int | None = None) -> None:
        self.client = client
        self.model = model
        workers = len(client.scheduler_info().get("workers", {})) or 1
        self.in_flight = in_flight or 2 * workers

    @classmethod
    def connect(cls, address: str, *, model: str) -> DaskExtractor:
        """Connect to the scheduler at ``address`` (``tcp://host:8786``)."""
        try:
            from distributed import Client
        except ImportError as exc:
            raise ConfigError("--dask needs dask.distributed: pip install 'saidgraph[dask]'") from exc
        try:
            client = Client(address, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        return cls(client, model=model)

    def extract(self, article: RawArticle) -> Extraction:
        return self.client.submit(_extract_remote, self.model, [article], 1, pure=False).result()[0][1]  # type: ignore[no-any-return]

    def extract_many(
        self, articles: Iterable[RawArticle], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[tuple[RawArticle, Extraction]]:
        """Extract on the cluster, ``batch_size`` articles per task, results in input order.

        A task that fails (its worker died more often than the scheduler retries, or extraction
        raised) raises here; the tasks still in flight are cancelled.
        """
        iterator = iter(articles)
        pending: deque[Any] = deque()
        try:
            while True:
                while len(pending) < self.in_flight and (batch := list(islice(iterator, batch_size))):
                    pending.append(
                        self.client.submit(_extract_remote, self.model, batch, batch_size, pure=False)
                    )
                if not pending:
                    return
                yield from pending.popleft().result()
        finally:  # stopped early (a failed task, the caller gone): the rest is not worth the cluster's time
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self.client.close()
