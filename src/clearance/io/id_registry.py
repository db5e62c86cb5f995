"""Which document ids a read has seen, exactly, in bounded memory.

Ids must be unique across a read (the first record with an id wins, later ones are reported with where
the first was). A dict of every id grows with the corpus: a hundred million ids take over 10 GB as
Python strings, more than the machines this runs on have to spare. The registry keeps the first
``MEMORY_IDS`` ids in a dict; past that it moves them to a SQLite file in a temporary folder and
looks each new id up there, batching inserts. Memory stays bounded by the dict's cap, the pending
batch and SQLite's page cache (``CACHE_KIB``); answers stay exact (no hashing, no false duplicates).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import weakref
from pathlib import Path
from types import TracebackType
from typing import Self

#: Ids kept in memory before the registry moves to disk (about 150 MB of Python strings at most).
MEMORY_IDS = 1_000_000
#: New ids written to disk in one transaction.
BATCH = 50_000
#: SQLite's page cache, in KiB.
CACHE_KIB = 65_536


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class IdRegistry:
    """``first_seen(id, where)``: None for a new id (recorded with ``where``), else the first ``where``."""

    def __init__(self, memory_ids: int | None = None, folder: str | Path | None = None,
                 batch: int | None = None) -> None:
        self._cap = MEMORY_IDS if memory_ids is None else memory_ids
        self._folder = folder
        self._batch = BATCH if batch is None else batch
        self._memory: dict[str, str] = {}
        self._pending: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        self._cleanup: weakref.finalize | None = None

    @property
    def on_disk(self) -> bool:
        return self._db is not None

    def first_seen(self, doc_id: str, where: str = "") -> str | None:
        known = self._memory.get(doc_id)
        if known is None:
            known = self._pending.get(doc_id)
        if known is None and self._db is not None:
            row = self._db.execute("SELECT w FROM ids WHERE id = ?", (doc_id,)).fetchone()
            known = None if row is None else row[0]
        if known is not None:
            return known
        if self._db is None and len(self._memory) < self._cap:
            self._memory[doc_id] = where
            return None
        if self._db is None:
            self._spill()
        self._pending[doc_id] = where
        if len(self._pending) >= self._batch:
            self._flush()
        return None

    def _spill(self) -> None:
        """Move the in-memory ids to a new SQLite file; from now on every id goes there."""
        if self._folder is not None:
            Path(self._folder).mkdir(parents=True, exist_ok=True)
        handle, path = tempfile.mkstemp(prefix="clearance-ids-", suffix=".sqlite", dir=self._folder)
        os.close(handle)
        self._cleanup = weakref.finalize(self, _remove, path)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, w TEXT NOT NULL) WITHOUT ROWID")
        self._db = db
        self._pending, self._memory = self._memory, {}
        self._flush()

    def _flush(self) -> None:
        assert self._db is not None
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO ids VALUES (?, ?)", self._pending.items())
        self._db.execute("COMMIT")
        self._pending.clear()

    def close(self) -> None:
        """Forget every id and delete the SQLite file, if there is one."""
        self._memory.clear()
        self._pending.clear()
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
