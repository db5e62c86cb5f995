"""Re-run the opt-out check on documents an earlier curate run kept, from what its manifest stored.

``clearance curate recheck`` (PIPE) reads the kept rows of ``manifest.parquet`` and calls
``opted_out_ids`` with a checker built from the current site files and user list: the ids it
returns are documents that are opted out now, each with the signals that say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from clearance.curate.optout.checker import OptOutChecker
from clearance.curate.optout.signals import Signal


class RecheckRow(NamedTuple):
    """What recheck needs of a kept document. ``headers`` and ``html_meta`` may be JSON strings
    (as stored in Parquet); ``media`` is ``text`` or ``images`` (None: guessed from the URL)."""

    id: str
    url: str | None
    author: str | None = None
    content_hash: str | None = None
    headers: dict[str, str] | str | None = None
    html_meta: list[Any] | str | None = None
    media: str | None = None


def _decoded(value: Any, row_id: str, name: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else None
        except json.JSONDecodeError as exc:
            raise ValueError(f"row {row_id!r}: {name} is not JSON ({exc.msg})") from None
    return value


def iter_opted_out(rows: Iterable[RecheckRow | Sequence[Any]], checker: OptOutChecker) -> Iterator[tuple[str, list[Signal]]]:
    """``(id, signals)`` for each row now opted out, streaming (rows are tuples in field order)."""
    for raw in rows:
        row = raw if isinstance(raw, RecheckRow) else RecheckRow(*raw)
        headers, html_meta = _decoded(row.headers, row.id, "headers"), _decoded(row.html_meta, row.id, "html_meta")
        result = checker.check_fields(row.url, row.author, row.content_hash, headers, html_meta, media=row.media)
        if result.opted_out:
            yield row.id, result.signals


def opted_out_ids(rows: Iterable[RecheckRow | Sequence[Any]], checker: OptOutChecker) -> list[tuple[str, list[Signal]]]:
    """The ids (with their signals) of rows that the current opt-out signals exclude."""
    return list(iter_opted_out(rows, checker))
