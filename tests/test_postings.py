"""The bucket directory finds exactly what a binary search over the whole key array finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.index.shard import _bisect
from clearance.index.shard_writer import key_buckets


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), max_size=3000), st.lists(st.integers(0, 2**32 - 1), max_size=200),
       st.integers(0, 2**32 - 1))
def test_bucketed_bounds_equal_searchsorted(stored: list[int], probes: list[int], spread: int) -> None:
    keys = np.sort(np.array(stored + [spread] * 40, dtype=np.uint32))  # a heavy key, like a common n-gram
    query = np.array(probes + stored[:50] + [0, 2**32 - 1, spread], dtype=np.uint32)
    buckets = key_buckets(keys)
    shift = 32 - (len(buckets) - 1).bit_length() + 1
    bucket = (query >> np.uint32(shift)).astype(np.int64)
    lo, hi = buckets[bucket].astype(np.int64), buckets[bucket + 1].astype(np.int64)
    assert np.array_equal(_bisect(keys, query, lo, hi, strict=False), np.searchsorted(keys, query, "left"))
    assert np.array_equal(_bisect(keys, query, lo, hi, strict=True), np.searchsorted(keys, query, "right"))
