"""Progress bars for a run's long steps (on stderr, on a terminal or with CLEARANCE_PROGRESS=1)."""

from __future__ import annotations

import os
from typing import Any, Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class RunProgress:
    """One bar per phase; ``enabled=False`` makes every call a no-op."""

    def __init__(self, enabled: bool) -> None:
        console = Console(stderr=True)
        quiet = not console.is_terminal and os.environ.get("CLEARANCE_PROGRESS") != "1"
        self._progress = Progress(TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("{task.fields[unit]}"), TimeElapsedColumn(), console=console,
                                  disable=not enabled or quiet)
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> Self:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(*exc)  # type: ignore[arg-type]

    def start(self, phase: str, total: int | None, unit: str) -> None:
        self._tasks[phase] = self._progress.add_task(phase, total=total, unit=unit)

    def total(self, phase: str, total: int) -> None:
        self._progress.update(self._tasks[phase], total=total)

    def advance(self, phase: str, amount: int = 1) -> None:
        self._progress.advance(self._tasks[phase], amount)
