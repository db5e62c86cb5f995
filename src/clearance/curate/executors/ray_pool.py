"""Ray executor (the ``scale`` extra): the same shard tasks as remote functions on a Ray cluster.

Stages exchange Parquet files, so the run directory must be on storage every node sees (a shared
filesystem); on one machine that is any directory. ``RAY_ADDRESS`` (or an earlier ``ray.init``)
selects the cluster; without it a local Ray instance with ``workers`` CPUs is started.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clearance.curate.executors.base import TaskPool, failure

INSTALL_HINT = "the ray executor needs Ray: pip install 'clearance[scale]'"


class RayPool(TaskPool):
    name = "ray"

    def __init__(self, workers: int) -> None:
        super().__init__()
        try:
            import ray
        except ImportError:
            raise RuntimeError(INSTALL_HINT) from None
        self._ray = ray
        if not ray.is_initialized():
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
        self.workers = max(1, int(ray.cluster_resources().get("CPU", workers)))
        self._remote: dict[Callable[..., Any], Any] = {}
        self._pending: dict[Any, Any] = {}

    def submit(self, key: Any, fn: Callable[..., dict[str, Any]], *args: Any) -> None:
        while len(self._pending) >= 2 * self.workers:
            self._collect_one()
        remote = self._remote.get(fn)
        if remote is None:
            remote = self._remote[fn] = self._ray.remote(num_cpus=1, max_retries=0)(fn)
        self._pending[remote.remote(*args)] = key

    def _collect_one(self) -> None:
        ready, _ = self._ray.wait(list(self._pending), num_returns=1)
        for ref in ready:
            key = self._pending.pop(ref)
            try:
                result = self._ray.get(ref)
            except self._ray.exceptions.RayTaskError as exc:
                cause = exc.as_instanceof_cause()
                self.failures.append(failure(key, getattr(exc, "cause", None) or cause))
                continue
            except self._ray.exceptions.RayError as exc:
                self.failures.append(failure(key, exc))
                continue
            self.on_done(key, result)

    def drain(self) -> None:
        while self._pending:
            self._collect_one()

    def close(self) -> None:
        for ref in self._pending:
            self._ray.cancel(ref)
        self._pending.clear()
