"""Peers run on the same documents: Microsoft Presidio's recognizers, and a plain multi-regex
baseline (what a quick scrubber written in an afternoon does).

Presidio (``presidio-analyzer``, the ``bench`` extra) normally runs behind a spaCy NLP engine
whose models are not on PyPI; its pattern recognizers for e-mails, phones, IPs, cards and IBANs
need no model, so they are called directly, each with its own validation (``phonenumbers`` for
phones, Luhn for cards, mod-97 for IBANs, the Public Suffix List for e-mail domains). What is lost
against the full ``AnalyzerEngine`` is its context-word score boosting, which changes scores, not
which spans are reported at the default threshold of 0. Presidio has no recognizer for secrets.
``tldextract`` is pointed at its bundled suffix list so that nothing reaches the network.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Callable

Finder = Callable[[str], list[tuple[int, int, str]]]

#: Presidio entity -> our kind.
PRESIDIO_ENTITIES = {
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "IP_ADDRESS": "IP_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
}


def presidio_available() -> str | None:
    """Why Presidio cannot run here, or ``None``."""
    if importlib.util.find_spec("presidio_analyzer") is None:
        return "presidio-analyzer is not installed; pip install 'clearance[bench]'"
    return None


def presidio_finder() -> Finder:
    import tldextract
    import tldextract.tldextract as tld_module
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
    )

    # Offline: the bundled Public Suffix List snapshot, never a download attempt.
    tld_module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    recognizers = [
        (EmailRecognizer(), "EMAIL_ADDRESS"),
        (PhoneRecognizer(), "PHONE_NUMBER"),
        (IpRecognizer(), "IP_ADDRESS"),
        (CreditCardRecognizer(), "CREDIT_CARD"),
        (IbanRecognizer(), "IBAN_CODE"),
    ]

    def find(text: str) -> list[tuple[int, int, str]]:
        out = []
        for recognizer, entity in recognizers:
            for r in recognizer.analyze(text, [entity], None):
                if r.score > 0:
                    out.append((r.start, r.end, PRESIDIO_ENTITIES[r.entity_type]))
        return out

    return find


# One pattern per kind, no validation: the baseline most scrubbers start from.
_BASELINE = [
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("PHONE", re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\w)")),
    (
        "IP_ADDRESS",
        re.compile(
            r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}:?[0-9a-fA-F]{0,4}(?![\w:])"
        ),
    ),
    ("CREDIT_CARD", re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")),
    (
        "SECRET",
        re.compile(
            r"AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[abpr]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
        ),
    ),
]


def regex_baseline_finder() -> Finder:
    def find(text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), kind) for kind, pattern in _BASELINE for m in pattern.finditer(text)]

    return find


def clearance_finder() -> Finder:
    from clearance.curate.pii import PiiScanner

    scanner = PiiScanner()

    def find(text: str) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, s.kind) for s in scanner.find(text)]

    return find
