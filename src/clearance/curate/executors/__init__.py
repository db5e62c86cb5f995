"""Where shard tasks run: in this process, in a local process pool, or on a Ray cluster.

Every executor has the same small interface (``submit``, ``drain``, ``close``); the pipeline does
not know which one runs its shards. A task that fails is recorded and the others go on, so the
finished shards keep their markers and a rerun redoes only the failed ones.
"""

from __future__ import annotations

from clearance.curate.executors.base import ShardFailure, TaskPool, TasksFailed


def make_pool(kind: str, workers: int) -> TaskPool:
    """``local`` (a process pool; in-process for one worker) or ``ray``."""
    if kind == "ray":
        from clearance.curate.executors.ray_pool import RayPool

        return RayPool(workers)
    if kind != "local":
        raise ValueError(f"executor must be 'local' or 'ray', not {kind!r}")
    if workers == 1:
        from clearance.curate.executors.local import InlinePool

        return InlinePool()
    from clearance.curate.executors.local import ProcessPool

    return ProcessPool(workers)


__all__ = ["ShardFailure", "TaskPool", "TasksFailed", "make_pool"]
