"""Errors for inputs that cannot become documents, located precisely enough to fix them."""

from __future__ import annotations

from typing import Literal

#: What to do with a bad record: report it and go on, or stop the whole read.
ErrorPolicy = Literal["skip", "abort"]

#: How a location inside a file is counted: JSONL has lines, Parquet has rows.
LocationUnit = Literal["line", "row"]


def format_location(path: str, line: int | None, unit: LocationUnit = "line") -> str:
    """``path:line`` like compilers do (so editors can jump there), ``path: row N`` for tables."""
    if line is None:
        return path
    if unit == "row":
        return f"{path}: row {line}"
    return f"{path}:{line}"


class InputError(Exception):
    """A record or file that could not be read; says which file, where, and why."""

    def __init__(self, path: str, line: int | None, reason: str, unit: LocationUnit = "line") -> None:
        super().__init__(path, line, reason, unit)
        self.path = path
        self.line = line
        self.reason = reason
        self.unit: LocationUnit = unit

    @property
    def location(self) -> str:
        return format_location(self.path, self.line, self.unit)

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"

    def __reduce__(self) -> tuple[type[InputError], tuple[str, int | None, str, LocationUnit]]:
        # Errors cross process boundaries in parallel index builds; keep them rebuildable.
        return (type(self), (self.path, self.line, self.reason, self.unit))


class Position:
    """Where a reader is: set by the reader before each yield, read by the stream.

    Shared mutable state instead of tuples per record, because readers yield millions of records.
    """

    __slots__ = ("consumed", "line", "path", "unit")

    def __init__(self, path: str, unit: LocationUnit = "line") -> None:
        self.path = path
        self.line: int | None = None
        self.unit: LocationUnit = unit
        #: Bytes of this input consumed so far (compressed bytes for compressed inputs).
        self.consumed = 0
