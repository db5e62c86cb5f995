"""Union-find over document rows, with whole arrays of unions at a time.

Each root is the smallest row of its set (every union hooks the larger root under the smaller),
so parents only ever point to smaller rows: no cycles, and the representative of a cluster does
not depend on the order in which pairs were found.
"""

from __future__ import annotations

import numpy as np


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = np.arange(size, dtype=np.int64)

    def find(self, rows: np.ndarray) -> np.ndarray:
        """Roots of ``rows``, compressing the paths of the rows it walked."""
        parent = self.parent
        roots = parent[rows]
        while True:
            up = parent[roots]
            if np.array_equal(up, roots):
                break
            roots = up
        parent[rows] = roots
        return roots

    def union(self, a: np.ndarray, b: np.ndarray) -> None:
        """Merge the sets of a[i] and b[i] for every i."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        while len(a):
            ra, rb = self.find(a), self.find(b)
            differ = ra != rb
            if not differ.any():
                return
            ra, rb, a, b = ra[differ], rb[differ], a[differ], b[differ]
            low, high = np.minimum(ra, rb), np.maximum(ra, rb)
            # Several pairs may hook the same root at once; one write wins and the loop retries the rest.
            self.parent[high] = low

    def roots(self) -> np.ndarray:
        """The root of every row (full path compression)."""
        parent = self.parent
        while True:
            up = parent[parent]
            if np.array_equal(up, parent):
                return parent.copy()
            parent[:] = up
