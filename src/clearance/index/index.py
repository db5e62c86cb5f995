"""``Index``: the narrow interface in front of the on-disk layout (open, search, documents).

Guard, audit and serve use only this class, so the storage can change without touching them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from clearance.index.manifest import channels_from, read_manifest
from clearance.index.search import SearchOptions, search
from clearance.index.shard import Shard
from clearance.index.takedown import TakedownList
from clearance.matches import Match


class Index:
    """An opened index. Cheap to open (arrays are memory-mapped); safe to query repeatedly."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.manifest = read_manifest(self.directory)
        self.channels = channels_from(self.manifest["normalizer"], self.directory)
        self.shards: list[Shard] = []
        base = 0
        for entry in self.manifest["shards"]:
            shard = Shard(self.directory / "shards" / entry["name"], self.channels, base)
            self.shards.append(shard)
            base += shard.documents
        self.takedown = TakedownList(self.directory)
        self.refresh_takedowns()

    @classmethod
    def open(cls, directory: str | Path) -> "Index":
        return cls(directory)

    def refresh_takedowns(self) -> int:
        """Re-read the takedown list (it may change while the index is open); hidden count."""
        ids = sorted(self.takedown.ids())
        hidden = 0
        for shard in self.shards:
            shard.hidden[:] = False
            nums = list(shard.store.nums_of(ids).values()) if ids else []
            shard.hidden[nums] = True
            hidden += len(nums)
        return hidden

    def search(self, text: str, options: SearchOptions | None = None) -> list[Match]:
        """Every maximal span of ``text`` that reproduces indexed text (see ``search.py``)."""
        return search(self, text, options or SearchOptions())

    def metadata(self, refs: Sequence[tuple[Shard, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """Stored fields of the given (shard, document number) pairs."""
        by_shard: dict[str, tuple[Shard, set[int]]] = {}
        for shard, doc in refs:
            by_shard.setdefault(shard.name, (shard, set()))[1].add(doc)
        found: dict[tuple[str, int], dict[str, Any]] = {}
        for name, (shard, docs) in by_shard.items():
            for num, row in shard.store.rows(sorted(docs)).items():
                found[(name, num)] = row
        return found

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document's stored fields and text, by id (taken-down documents too)."""
        for shard in self.shards:
            nums = shard.store.nums_of([doc_id])
            if doc_id in nums:
                num = nums[doc_id]
                row = shard.store.rows([num])[num]
                row["text"] = shard.document_text(num)
                row["taken_down"] = bool(shard.hidden[num])
                return row
        return None

    def contains(self, doc_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for shard in self.shards:
            found |= set(shard.store.nums_of(list(doc_ids)))
        return found

    @property
    def documents(self) -> int:
        return int(self.manifest["counts"]["documents"])

    def close(self) -> None:
        for shard in self.shards:
            shard.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
