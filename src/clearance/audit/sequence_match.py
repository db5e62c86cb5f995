"""How closely a generated token sequence reproduces a true one: exact, edit similarity, longest run.

Both measures run one numpy row per token of the first sequence (the inner loop is vectorized), so a
50 x 50 comparison costs 50 small array operations, not 2,500 Python steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class SequenceMatch:
    """``edit_similarity`` is 1 - Levenshtein(a, b) / max(len(a), len(b)) over tokens (1.0 for equal
    sequences); ``longest_common`` is the longest run of tokens the two share (a common substring),
    with its start in the generated sequence (``a``)."""

    exact: bool
    edit_similarity: float
    longest_common: int
    longest_common_start: int


def levenshtein(a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> int:
    """Token edit distance (insertions, deletions, substitutions each cost 1).

    Row i of the table is D[i, j] = min(D[i-1, j] + 1, D[i-1, j-1] + [a_i != b_j], D[i, j-1] + 1).
    The first two terms are elementwise; the third (a run of insertions along the row) is
    j + min_{k <= j}(T[k] - k), a running minimum that numpy computes with ``minimum.accumulate``.
    """
    x, y = np.asarray(a), np.asarray(b)
    if len(x) == 0 or len(y) == 0:
        return int(max(len(x), len(y)))
    cols = np.arange(len(y) + 1)
    row = cols.copy()
    for i, token in enumerate(x, start=1):
        best = np.empty_like(row)
        best[0] = i
        best[1:] = np.minimum(row[1:] + 1, row[:-1] + (y != token))
        row = np.minimum.accumulate(best - cols) + cols
    return int(row[-1])


def longest_common_run(a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> tuple[int, int]:
    """(length, start in ``a``) of the longest contiguous token run found in both sequences."""
    x, y = np.asarray(a), np.asarray(b)
    if len(x) == 0 or len(y) == 0:
        return 0, 0
    row = np.zeros(len(y) + 1, dtype=np.int64)
    best, best_end = 0, 0
    for i, token in enumerate(x, start=1):
        new = np.zeros_like(row)
        new[1:] = np.where(y == token, row[:-1] + 1, 0)
        top = int(new.max())
        if top > best:
            best, best_end = top, i
        row = new
    return best, best_end - best


def compare(generated: Sequence[int] | np.ndarray, truth: Sequence[int] | np.ndarray) -> SequenceMatch:
    gen, true = np.asarray(generated), np.asarray(truth)
    longest = max(len(gen), len(true))
    exact = len(gen) == len(true) and bool(np.array_equal(gen, true))
    similarity = 1.0 if longest == 0 else 1.0 - levenshtein(gen, true) / longest
    run, start = longest_common_run(gen, true)
    return SequenceMatch(exact, similarity, run, start)
