"""The shape of a pipeline step: a stream of items in, the same stream out, with counters.

Like datatrove's steps: each step is small, does one thing, and keeps its own statistics; the
executor decides where steps run. A step looks only at active (still kept) items and passes the
others through unchanged, so the manifest gets one row per input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from clearance.curate.pipeline.item import Item


class Step:
    """Subclasses set ``name`` and implement ``process(item)``; ``run`` streams and counts."""

    name = "step"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()

    def process(self, item: Item) -> None:
        raise NotImplementedError

    def run(self, items: Iterator[Item]) -> Iterator[Item]:
        for item in items:
            if item.active:
                self.stats["seen"] += 1
                self.process(item)
                if not item.active:
                    self.stats[f"dropped:{item.drop_code}"] += 1
            yield item
