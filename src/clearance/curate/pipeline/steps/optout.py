"""Opt-out step: drop documents whose rights holders opted out of AI training (robots.txt rules for
AI crawlers, TDMRep, noai, ai.txt, Content-Usage, the curator's list), recording every signal."""

from __future__ import annotations

from clearance.curate.config import OptOutSettings
from clearance.curate.optout import OptOutChecker, media_of
from clearance.curate.pipeline.item import Item
from clearance.curate.pipeline.step import Step


class OptOutStep(Step):
    name = "optout"

    def __init__(self, settings: OptOutSettings) -> None:
        super().__init__()
        self.checker = OptOutChecker(settings.sites, settings.user_list,
                                     list(settings.agents) if settings.agents else None)

    def process(self, item: Item) -> None:
        doc = item.doc
        assert doc is not None
        meta = doc.meta or {}
        media = media_of(doc.url, meta)
        result = self.checker.check_fields(doc.url, doc.author, item.content_hash, meta.get("http_headers"),
                                           meta.get("html_meta"), media)
        item.optout_signals = [s.to_json() for s in result.signals]
        for signal in result.signals:
            self.stats[f"signal:{signal.kind}"] += 1
        if result.opted_out:
            item.opted_out = True
            first = next(s for s in result.signals if s.covers(media))
            more = f" (+{len(result.signals) - 1} more signal(s))" if len(result.signals) > 1 else ""
            item.drop("opt-out", f"opted out by {first.kind} at {first.source}: {first.detail}{more}")
