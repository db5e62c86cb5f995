"""The keep rule: which copy of a duplicate cluster stays, and which kept copy each other one duplicates.

Within a cluster, copies are ranked by license (lower rank, i.e. more permissive, first), then
attribution (higher score first), then input order (earliest first; positions are unique, so
the id is never needed as a further tie-break). The best copy is kept. Every other copy is
compared with the kept copies in that order and dropped as a duplicate of the first one it
duplicates: same exact hash, or similarity at least the threshold. A copy that duplicates no
kept copy (it joined the cluster through a chain of near-duplicates, A ~ B ~ C with A and C
apart) is kept as well, and later copies are compared with it in turn. So every dropped copy is
itself a verified duplicate of the copy named in its ``duplicate_of``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Similarity = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(slots=True)
class KeepResult:
    rows: np.ndarray  # dropped rows
    kept: np.ndarray  # the kept row each duplicates
    exact: np.ndarray  # bool: exact duplicate (else near)
    similarity: np.ndarray  # float64


def priority_order(rows: np.ndarray, cluster: np.ndarray, rank: np.ndarray, attribution: np.ndarray) -> np.ndarray:
    """Indices into ``rows`` grouping clusters together, best copy first within each."""
    return np.lexsort((rows, -attribution[rows].astype(np.int64), rank[rows], cluster))


def keep_rule(rows: np.ndarray, cluster: np.ndarray, rank: np.ndarray, attribution: np.ndarray,
              exact_hash: np.ndarray, similarity: Similarity) -> KeepResult:
    """Apply the keep rule to ``rows`` (each with its ``cluster`` label; clusters of one are fine).

    ``similarity(a, b)`` returns the verified similarity of each pair, or a negative value where
    the pair is not a near-duplicate.
    """
    order = priority_order(rows, cluster, rank, attribution)
    rows, cluster = rows[order], cluster[order]
    first = np.concatenate(([True], cluster[1:] != cluster[:-1])) if len(rows) else np.zeros(0, bool)
    group = np.cumsum(first) - 1
    representative = rows[first]  # the current kept copy each remaining member is compared with
    pending = np.flatnonzero(~first)
    out_rows, out_kept, out_exact, out_sim = [], [], [], []
    while len(pending):
        member = rows[pending]
        kept = representative[group[pending]]
        same = np.all(exact_hash[member] == exact_hash[kept], axis=1)
        sim = np.ones(len(member))
        if (~same).any():
            sim[~same] = similarity(member[~same], kept[~same])
        matched = same | (sim >= 0)
        out_rows.append(member[matched])
        out_kept.append(kept[matched])
        out_exact.append(same[matched])
        out_sim.append(sim[matched])
        pending = pending[~matched]
        if not len(pending):
            break
        # The best unmatched copy of each cluster is kept too and becomes what the rest meet next.
        lead = np.concatenate(([True], group[pending][1:] != group[pending][:-1]))
        representative[group[pending[lead]]] = rows[pending[lead]]
        pending = pending[~lead]
    if not out_rows:
        empty = np.zeros(0, dtype=np.int64)
        return KeepResult(empty, empty, np.zeros(0, dtype=bool), np.zeros(0))
    return KeepResult(np.concatenate(out_rows), np.concatenate(out_kept), np.concatenate(out_exact),
                      np.concatenate(out_sim))
