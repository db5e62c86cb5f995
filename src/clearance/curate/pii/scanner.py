"""The scanner: runs every finder over a text, in bounded chunks, and settles overlaps.

Speed comes from never running a validator where no trigger fired (see ``views``): on ordinary
prose and code most of the time goes into a handful of C-level searches over byte views, and the
Python-level checks run on a few hundred candidates per megabyte.

Huge texts are scanned in chunks of ``chunk_size`` characters, each with ``MARGIN`` characters of
context on both sides, so extra memory stays a few megabytes whatever the size of the text. A find
belongs to the chunk where it starts. Results equal those of a whole-text scan unless a single run
of digits-and-separators or of token characters is longer than the margin (never in real text);
private-key blocks are searched over the whole text, as they can be long.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from clearance.curate.pii.emails import find_email_at
from clearance.curate.pii.model import GENERIC_SUBTYPES, RANK, PiiKind, PiiSpan, normalize_kinds
from clearance.curate.pii.network import find_ipv4_in_run, find_ipv6
from clearance.curate.pii.payment import card_shaped, find_cards_in_run, find_iban_at
from clearance.curate.pii.phones import find_phones_in_run
from clearance.curate.pii.secrets import (
    MAX_SECRET_CHARS,
    find_private_keys,
    find_secret_assignment,
    find_secret_in_token,
    find_url_credentials,
)
from clearance.curate.pii.views import (
    ASSIGNMENT,
    DIGIT_TABLE,
    IBAN_TRIGGER,
    LONG_TOKEN,
    MIN_TOKEN,
    NUMERIC_RUN,
    TOKEN_REST,
    TOKEN_TABLE,
    ascii_view,
)

_Found = list[tuple[int, int, str, str]]

#: Context kept on each side of a chunk; larger than any span but a private-key block.
MARGIN = 2 * MAX_SECRET_CHARS
DEFAULT_CHUNK = 1 << 20
#: How far past a numeric run the checks may look (to see what follows a number).
_RUN_TAIL = 8
_TIMESTAMP_RUN = re.compile(r"(?:19|20)\d\d([-/.])\d\d\1\d\d(?:[ T]\d\d)?", re.ASCII)


class PiiScanner:
    """Finds PII of the chosen kinds; reusable and thread-safe (it keeps no per-text state).

    ``public_ips_only``: skip private, loopback, documentation... addresses (see ``network``).
    ``include_examples``: also report e-mails at reserved example domains (see ``emails``).
    """

    def __init__(
        self,
        kinds: object = None,
        *,
        public_ips_only: bool = True,
        include_examples: bool = False,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> None:
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be positive, got {chunk_size}")
        self.kinds = normalize_kinds(kinds)
        self.public_ips_only = public_ips_only
        self.include_examples = include_examples
        self.chunk_size = chunk_size
        k = self.kinds
        self._email = PiiKind.EMAIL in k
        self._secret = PiiKind.SECRET in k
        self._ip = PiiKind.IP_ADDRESS in k
        self._phone = PiiKind.PHONE in k
        self._card = PiiKind.CREDIT_CARD in k
        self._iban = PiiKind.IBAN in k

    def find(self, text: str) -> list[PiiSpan]:
        """Every find in ``text``, non-overlapping, in order of position."""
        if not isinstance(text, str):
            raise TypeError(f"find_pii expects str, not {type(text).__name__}")
        if not text:
            return []
        found: _Found = []
        if self._secret:
            find_private_keys(text, found)
        n = len(text)
        step = self.chunk_size
        if n <= step + MARGIN:
            self._scan(text, found)
        else:
            for begin in range(0, n, step):
                lo = max(0, begin - MARGIN)
                hi = min(n, begin + step + MARGIN)
                local: _Found = []
                self._scan(text[lo:hi], local)
                stop = begin + step
                for start, end, kind, subtype in local:
                    if begin <= start + lo < stop:
                        found.append((start + lo, end + lo, kind, subtype))
        return [PiiSpan(s, e, k, text[s:e], st) for s, e, k, st in resolve_overlaps(found)]

    def _scan(self, text: str, out: _Found) -> None:
        n = len(text)
        view = ascii_view(text)
        if self._email or self._secret:
            done = 0
            at = view.find(b"@")
            while at >= 0:
                if self._secret:
                    find_url_credentials(text, at, out)
                if self._email and at >= done:
                    done = find_email_at(text, at, self.include_examples, out)
                at = view.find(b"@", at + 1)
        if self._ip:
            find_ipv6(text, view, self.public_ips_only, out)
        if self._ip or self._phone or self._card or self._iban:
            digits = view.translate(DIGIT_TABLE)
            if self._ip or self._phone or self._card:
                for m in NUMERIC_RUN.finditer(digits):
                    s, e = m.span()
                    if _TIMESTAMP_RUN.fullmatch(text, s, e):
                        continue  # "2024-03-01 10" of a log line: the commonest run of all
                    tail = min(n, e + _RUN_TAIL)
                    count = digits.count(b"0", s, e)
                    dots = digits.count(b".", s, e)
                    if dots == 1 and count + 1 == e - s:
                        continue  # a decimal number (0.9914553711208126): none of ours
                    if self._ip and count >= 4 and dots >= 3:
                        find_ipv4_in_run(text, s, tail, self.public_ips_only, out)
                    if self._card and count >= 13 and card_shaped(digits, s, e):
                        find_cards_in_run(text, s, tail, out)
                    if self._phone and count >= 7:
                        start = s - 1 if s and text[s - 1] in "+(" else s
                        find_phones_in_run(text, digits, start, tail, count, out)
            if self._iban:
                p = digits.find(IBAN_TRIGGER)
                while p >= 0:
                    find_iban_at(text, p, out)
                    p = digits.find(IBAN_TRIGGER, p + 1)
        if self._secret:
            tokens = view.translate(TOKEN_TABLE)
            # bytes.find skips ahead on a mismatch, several times faster than a regex here.
            p = tokens.find(LONG_TOKEN)
            while p >= 0:
                e = TOKEN_REST.match(tokens, p + MIN_TOKEN).end()
                find_secret_in_token(text, p, e, out)
                p = tokens.find(LONG_TOKEN, e)
            done = 0
            for m in ASSIGNMENT.finditer(tokens):
                if m.start() >= done:
                    done = find_secret_assignment(text, m.start(), out)


def resolve_overlaps(found: _Found) -> _Found:
    """Keep a non-overlapping subset: within each cluster of overlapping finds, by kind precedence
    (``model.PRECEDENCE``), then the longer span, then the earlier start, then a format-specific
    subtype over a contextual one. Linear in the number of finds outside clusters, so a text full
    of PII stays fast."""
    if not found:
        return []
    found = sorted(set(found))
    kept: _Found = []
    cluster: _Found = [found[0]]
    reach = found[0][1]
    for item in found[1:]:
        if item[0] < reach:
            cluster.append(item)
            reach = max(reach, item[1])
            continue
        kept.extend(_settle(cluster))
        cluster = [item]
        reach = item[1]
    kept.extend(_settle(cluster))
    return kept


def _settle(cluster: _Found) -> _Found:
    if len(cluster) == 1:
        return cluster
    chosen: _Found = []  # sorted by start, pairwise disjoint
    starts: list[int] = []
    for item in sorted(cluster, key=lambda f: (RANK[f[2]], f[0] - f[1], f[0], f[3] in GENERIC_SUBTYPES, f[3])):
        i = bisect_right(starts, item[0])
        if (i and chosen[i - 1][1] > item[0]) or (i < len(chosen) and chosen[i][0] < item[1]):
            continue
        chosen.insert(i, item)
        starts.insert(i, item[0])
    return chosen
