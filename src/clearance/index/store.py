"""The per-shard document store: id, provenance and license of every indexed document (SQLite).

Each shard carries its own store, so a shard and its metadata appear or vanish together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from clearance.documents import META_FIELDS

STORE = "documents.sqlite"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    {", ".join(f"{name} TEXT" for name in META_FIELDS)},
    characters INTEGER NOT NULL,
    is_code INTEGER NOT NULL
);
"""
_COLUMNS = ("num", "id", *META_FIELDS, "characters", "is_code")


class DocumentStoreWriter:
    """Appends rows in large transactions; written once, while its shard is being built."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(_SCHEMA)

    def add(self, rows: Iterable[Sequence[object]]) -> None:
        marks = ", ".join("?" for _ in _COLUMNS)
        self._db.executemany(f"INSERT INTO documents ({', '.join(_COLUMNS)}) VALUES ({marks})", rows)

    def close(self) -> None:
        self._db.commit()
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.close()


class DocumentStore:
    """Read-only access to one shard's documents."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._db.row_factory = sqlite3.Row

    def rows(self, nums: Sequence[int]) -> dict[int, dict[str, object]]:
        found: dict[int, dict[str, object]] = {}
        for chunk in _chunks(list(nums), 500):
            marks = ", ".join("?" for _ in chunk)
            query = f"SELECT * FROM documents WHERE num IN ({marks})"
            for row in self._db.execute(query, chunk):
                found[row["num"]] = dict(row)
        return found

    def nums_of(self, ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ", ".join("?" for _ in chunk)
            for row in self._db.execute(f"SELECT id, num FROM documents WHERE id IN ({marks})", chunk):
                found[row["id"]] = row["num"]
        return found

    def close(self) -> None:
        self._db.close()


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
