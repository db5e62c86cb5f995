"""Deduplication settings, checked once, and the LSH arithmetic that helps choose them.

Signing settings (shingle size, permutations, bands, rows, seed) decide what is written to disk
and must be equal wherever signatures are compared; the threshold and the verification mode
are applied later and may differ between runs over the same signatures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

from clearance.text.hashing import MAX_NGRAM
from clearance.text.unicode_tables import TABLES_VERSION

Verify = Literal["signature", "exact"]

#: Bumped whenever signatures computed by this code would differ from the previous version's.
SIGNATURE_VERSION = 1


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """How documents are compared.

    ``shingle_size`` words make one shingle; ``num_perm`` MinHash values make a signature, of which
    the first ``bands * rows`` are cut into LSH bands. Two documents become candidates when any band
    is equal, and count as near-duplicates when their Jaccard similarity is at least
    ``threshold``: computed exactly from the stored shingles (``verify="exact"``, the default), or
    estimated from the signatures (``verify="signature"``: no shingles on disk, but a pair within
    about 0.04 of the threshold is decided by the estimate's noise). The defaults (20 bands of 6
    rows out of 128) make a pair at Jaccard 0.8 a candidate with probability 0.998 and one at 0.5
    with probability 0.27.
    """

    shingle_size: int = 5
    num_perm: int = 128
    bands: int = 20
    rows: int = 6
    threshold: float = 0.8
    verify: Verify = "exact"
    seed: int = 0
    #: Against a reference set, at most this many reference documents per matching band bucket
    #: are verified (a bucket of thousands of templated pages needs only a few representatives).
    max_bucket_candidates: int = 16

    def __post_init__(self) -> None:
        def bad(field: str, why: str) -> ValueError:
            return ValueError(f"dedup config: {field} {why}")

        if not isinstance(self.shingle_size, int) or not 1 <= self.shingle_size <= MAX_NGRAM:
            raise bad("shingle_size", f"must be an integer from 1 to {MAX_NGRAM}, not {self.shingle_size!r}")
        if not isinstance(self.num_perm, int) or not 1 <= self.num_perm <= 4096:
            raise bad("num_perm", f"must be an integer from 1 to 4096, not {self.num_perm!r}")
        for name in ("bands", "rows"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise bad(name, f"must be a positive integer, not {value!r}")
        if self.bands * self.rows > self.num_perm:
            raise bad("bands * rows", f"({self.bands} * {self.rows}) must not exceed num_perm ({self.num_perm})")
        if not isinstance(self.threshold, (int, float)) or not 0.0 < float(self.threshold) <= 1.0:
            raise bad("threshold", f"must be in (0, 1], not {self.threshold!r}")
        if self.verify not in ("signature", "exact"):
            raise bad("verify", f"must be 'signature' or 'exact', not {self.verify!r}")
        if not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            raise bad("seed", f"must be a non-negative integer below 2**63, not {self.seed!r}")
        if not isinstance(self.max_bucket_candidates, int) or self.max_bucket_candidates < 1:
            raise bad("max_bucket_candidates", f"must be a positive integer, not {self.max_bucket_candidates!r}")

    @property
    def keep_shingles(self) -> bool:
        """Exact verification needs each document's shingle set on disk (4 bytes per shingle)."""
        return self.verify == "exact"

    def signing(self) -> dict[str, Any]:
        """The settings signatures depend on: stored with them and compared before any reuse."""
        return {
            "signature_version": SIGNATURE_VERSION,
            "normalizer": f"clearance.text WORDS, tables v{TABLES_VERSION}",
            "shingle_size": self.shingle_size,
            "num_perm": self.num_perm,
            "bands": self.bands,
            "rows": self.rows,
            "seed": self.seed,
        }

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DedupConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def candidate_probability(self, jaccard: float | np.ndarray) -> float | np.ndarray:
        """Chance that a pair at this Jaccard similarity shares at least one band: 1 - (1 - J^r)^b."""
        return 1.0 - (1.0 - np.power(jaccard, self.rows)) ** self.bands

    def signature_bytes_per_document(self) -> int:
        """Disk per signed document: the signature, the band keys, and the per-document columns."""
        return 4 * self.num_perm + 8 * self.bands + PER_DOCUMENT_COLUMN_BYTES


#: The defaults (the config is frozen, so one shared instance is safe as a default argument).
DEFAULT_CONFIG = DedupConfig()

#: tokens (4), exact hash (16), rank (4), attribution (2), id hash (8), id offset (8); plus the id's UTF-8.
PER_DOCUMENT_COLUMN_BYTES = 42


def choose_bands(threshold: float, num_perm: int, false_negative_weight: float = 0.5) -> tuple[int, int]:
    """Bands and rows (b * r <= num_perm) minimizing the weighted area of wrong candidate decisions.

    This is datasketch's rule. Here every candidate is verified, so a false candidate costs only a
    verification while a missed one is a missed duplicate: the defaults (20 x 6) lean further
    towards recall than even a weight of 0.95 does (16 x 8 for 0.8 and 128 permutations).
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1) to choose bands, not {threshold!r}")
    grid = np.linspace(0.0, 1.0, 2001)
    below, above = grid <= threshold, grid >= threshold
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = 1.0 - (1.0 - grid**rows) ** bands
            fp = np.trapezoid(p[below], grid[below])
            fn = np.trapezoid(1.0 - p[above], grid[above])
            cost = (1.0 - false_negative_weight) * fp + false_negative_weight * fn
            if best is None or cost < best[0] - 1e-15:
                best = (cost, bands, rows)
    assert best is not None
    return best[1], best[2]
