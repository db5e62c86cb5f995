"""Local executors: in this process (one worker, easy to debug) or a pool of worker processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from clearance.curate.executors.base import TaskPool, failure


class InlinePool(TaskPool):
    name = "local"
    workers = 1

    def submit(self, key: Any, fn: Callable[..., dict[str, Any]], *args: Any) -> None:
        try:
            result = fn(*args)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - any task error is recorded, as the pool does
            self.failures.append(failure(key, exc))
            return
        self.on_done(key, result)

    def drain(self) -> None:
        return


class ProcessPool(TaskPool):
    """At most ``2 * workers`` tasks in flight: the driver (reading input) waits for a slot, so a
    slow map phase never lets unprocessed shards pile up faster than they are handled."""

    name = "local"

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.workers = workers
        # forkserver: forking a driver that holds pyarrow's threads can deadlock the child.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["clearance.curate.pipeline.map_phase"])
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self._pending: dict[Future[dict[str, Any]], Any] = {}

    def submit(self, key: Any, fn: Callable[..., dict[str, Any]], *args: Any) -> None:
        while len(self._pending) >= 2 * self.workers:
            self._collect(wait(self._pending, return_when=FIRST_COMPLETED).done)
        self._pending[self._pool.submit(fn, *args)] = key

    def _collect(self, done: set[Future[dict[str, Any]]]) -> None:
        for future in done:
            key = self._pending.pop(future)
            exc = future.exception()
            if exc is not None:
                self.failures.append(failure(key, exc))
            else:
                self.on_done(key, future.result())

    def drain(self) -> None:
        while self._pending:
            self._collect(wait(self._pending, return_when=FIRST_COMPLETED).done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()
