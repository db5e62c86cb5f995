"""PII step: replace e-mails, phone numbers, IPs, payment cards, IBANs and secrets in kept documents
by typed placeholders, counting each kind for the manifest."""

from __future__ import annotations

from clearance.curate.config import PiiSettings
from clearance.curate.pii import PiiScanner
from clearance.curate.pii.redact import apply_redaction
from clearance.curate.pipeline.item import Item
from clearance.curate.pipeline.step import Step


class PiiStep(Step):
    name = "pii"

    def __init__(self, settings: PiiSettings) -> None:
        super().__init__()
        self.scanner = PiiScanner(frozenset(settings.kinds) if settings.kinds else None)
        self.placeholder = settings.placeholder

    def process(self, item: Item) -> None:
        assert item.doc is not None
        text = item.doc.text
        spans = self.scanner.find(text)
        if not spans:
            item.out_text = text
            return
        result = apply_redaction(text, spans, self.placeholder)
        item.out_text = result.text
        item.pii_counts = result.counts
        for kind, count in result.counts.items():
            self.stats[f"redacted:{kind}"] += count
