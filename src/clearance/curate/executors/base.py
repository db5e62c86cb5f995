"""The interface every executor implements, and how failed tasks are reported."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

Done = Callable[[Any, dict[str, Any]], None]


@dataclass(frozen=True, slots=True)
class ShardFailure:
    key: Any  # what the caller named the task (phase and shard)
    error: str  # one line
    detail: str  # the traceback, for the log


class TasksFailed(RuntimeError):
    """Some tasks failed; the others finished and kept their results."""

    def __init__(self, failures: list[ShardFailure]) -> None:
        self.failures = failures
        first = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        super().__init__(f"{first.key} failed: {first.error}{more}")


def failure(key: Any, exc: BaseException) -> ShardFailure:
    detail = "".join(traceback.format_exception(exc))
    return ShardFailure(key, f"{type(exc).__name__}: {exc}", detail)


class TaskPool:
    """``submit(key, fn, *args)`` runs ``fn(*args)`` somewhere and calls ``on_done(key, result)`` in
    the driver; ``drain()`` waits for everything submitted. ``failures`` lists tasks that raised."""

    workers: int = 1
    name: str = "pool"

    def __init__(self) -> None:
        self.failures: list[ShardFailure] = []
        self.on_done: Done = lambda key, result: None

    def submit(self, key: Any, fn: Callable[..., dict[str, Any]], *args: Any) -> None:
        raise NotImplementedError

    def drain(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release workers; tasks still running are cancelled where possible."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
