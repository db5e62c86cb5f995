"""The takedown list: documents hidden from every result, without rebuilding the index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from clearance.index.manifest import now

TAKEDOWN = "takedown.sqlite"


class TakedownList:
    """A SQLite table of document ids; each change is one transaction, so it is never half-written."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / TAKEDOWN

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute(
            "CREATE TABLE IF NOT EXISTS takedown (doc_id TEXT PRIMARY KEY, reason TEXT, at TEXT NOT NULL)"
        )
        return db

    def add(self, doc_ids: Iterable[str], reason: str | None = None) -> int:
        stamp = now()
        with self._connect() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR REPLACE INTO takedown (doc_id, reason, at) VALUES (?, ?, ?)",
                [(d, reason, stamp) for d in doc_ids],
            )
            return db.total_changes - before

    def remove(self, doc_ids: Iterable[str]) -> int:
        with self._connect() as db:
            before = db.total_changes
            db.executemany("DELETE FROM takedown WHERE doc_id = ?", [(d,) for d in doc_ids])
            return db.total_changes - before

    def entries(self) -> list[tuple[str, str | None, str]]:
        if not self.path.exists():
            return []
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            return list(db.execute("SELECT doc_id, reason, at FROM takedown ORDER BY at, doc_id"))
        except sqlite3.OperationalError:
            return []
        finally:
            db.close()

    def ids(self) -> set[str]:
        return {row[0] for row in self.entries()}
