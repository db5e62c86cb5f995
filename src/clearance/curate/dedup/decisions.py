"""What dedup says about each document, and the counters of a run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal["exact", "near"]
Against = Literal["corpus", "reference"]


@dataclass(frozen=True, slots=True)
class DedupDecision:
    """One document's outcome. A dropped document names the copy kept in its place.

    ``similarity`` is the Jaccard similarity of the two documents' shingle sets (estimated from
    signatures, or exact with exact verification; 1.0 for exact duplicates). ``against`` says
    whether the kept copy is in this corpus or in the reference set. ``checked`` is False for
    documents without a single word, which dedup leaves alone.
    """

    id: str
    keep: bool
    duplicate_of: str | None = None
    kind: Kind | None = None
    similarity: float | None = None
    against: Against | None = None
    checked: bool = True

    @property
    def reason(self) -> str:
        """A one-line reason for a manifest ('' for a kept document)."""
        if self.keep:
            return ""
        where = "reference document" if self.against == "reference" else "document"
        if self.kind == "exact":
            return f"exact duplicate of {where} {self.duplicate_of}"
        return f"near duplicate of {where} {self.duplicate_of} (Jaccard {self.similarity:.3f})"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class DedupStats:
    """Counters of one run, in the spirit of a pipeline step's stats."""

    documents: int = 0
    unchecked: int = 0  # documents without words
    exact_duplicates: int = 0
    near_duplicates: int = 0
    reference_duplicates: int = 0
    candidate_pairs: int = 0
    verified_pairs: int = 0
    clusters: int = 0  # clusters of two or more documents
    signing_seconds: float = 0.0
    deciding_seconds: float = 0.0

    @property
    def dropped(self) -> int:
        return self.exact_duplicates + self.near_duplicates + self.reference_duplicates

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["dropped"] = self.dropped
        return data
