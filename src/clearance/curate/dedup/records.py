"""What the caller hands to dedup per document, and how the keep rule ranks it.

A record is ``(id, text)``, ``(id, text, license)`` or ``(id, text, license, attribution)``, or a
``DedupRecord``. ``license`` is how permissive the copy is, lower is better:

- an ``int`` rank, used as given (any order the caller likes, 0 first);
- a license category (``clearance.licenses.Category`` or its name), ranked in the order of
  ``clearance.licenses``: public-domain 0 < permissive 1 < weak-copyleft 2 < strong-copyleft 3 <
  non-commercial 4 < no-derivatives 5 < proprietary 6 < unknown 7;
- ``None``: unknown, ranked last (a copy whose terms are not known never wins over a known one).

``attribution`` says how well the copy is attributed, higher is better: an ``int`` score, or a
mapping or object whose ``author``, ``title``, ``url`` and ``license_evidence`` (or ``evidence``)
are counted when present and non-empty (0 to 4); ``None`` scores 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from clearance.licenses.categories import Category

UNKNOWN_RANK = Category.UNKNOWN.rank
_CATEGORY_RANKS = {c.value: c.rank for c in Category}
ATTRIBUTION_FIELDS = ("author", "title", "url", "license_evidence")
_ATTRIBUTION_KEYS = (("author",), ("title",), ("url",), ("license_evidence", "evidence"))
#: Ranks and scores are stored in fixed-width columns.
RANK_LIMIT = 2**31 - 1
ATTRIBUTION_LIMIT = 2**15 - 1


class RecordError(ValueError):
    """A record dedup cannot use, named by its position in the input (0-based) and its id."""

    def __init__(self, position: int, doc_id: object, reason: str) -> None:
        super().__init__(position, doc_id, reason)
        self.position = position
        self.doc_id = doc_id
        self.reason = reason

    def __str__(self) -> str:
        return f"dedup record {self.position} (id {self.doc_id!r}): {self.reason}"


class DedupRecord(NamedTuple):
    id: str
    text: str
    license: int | str | Category | None = None
    attribution: int | Mapping[str, Any] | Any = None


def license_rank(value: object) -> int:
    """Rank of a license value as described in the module docstring (ValueError or TypeError if unusable)."""
    if value is None:
        return UNKNOWN_RANK
    if type(value) is str:
        rank = _CATEGORY_RANKS.get(value)
        return rank if rank is not None else Category.parse(value).rank
    if isinstance(value, bool):
        raise TypeError(f"license rank must be an int or a category, not {value!r}")
    if isinstance(value, int):
        if not 0 <= value <= RANK_LIMIT:
            raise ValueError(f"license rank must be from 0 to {RANK_LIMIT}, not {value}")
        return value
    if isinstance(value, Category):
        return value.rank
    if isinstance(value, str):
        return Category.parse(value).rank
    raise TypeError(f"license must be an int rank, a category name or None, not {type(value).__name__}")


def _present(value: object) -> bool:
    if value is None:
        return False
    if type(value) is str:
        return bool(value) and not value.isspace()
    if isinstance(value, (str, list, tuple, dict, set)):
        return bool(value)
    return True


def attribution_score(value: object) -> int:
    """Attribution score as described in the module docstring (ValueError or TypeError if unusable)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise TypeError(f"attribution must be an int score, a mapping or an object, not {value!r}")
    if isinstance(value, int):
        if not 0 <= value <= ATTRIBUTION_LIMIT:
            raise ValueError(f"attribution score must be from 0 to {ATTRIBUTION_LIMIT}, not {value}")
        return value
    if isinstance(value, (dict, Mapping)):  # dict first: the common case skips the ABC check
        get = value.get
    else:
        def get(key: str) -> object:
            return getattr(value, key, None)
    score = 0
    for keys in _ATTRIBUTION_KEYS:
        for key in keys:
            if _present(get(key)):
                score += 1
                break
    return score


def unpack(position: int, record: object) -> tuple[str, str, int, int]:
    """(id, text, rank, attribution score) of one record, or a RecordError saying what is wrong."""
    if not isinstance(record, tuple) or not 2 <= len(record) <= 4:
        raise RecordError(position, None, "expected a tuple (id, text[, license[, attribution]])"
                          f", got {type(record).__name__}")
    doc_id, text = record[0], record[1]
    if not isinstance(doc_id, str) or not doc_id:
        raise RecordError(position, doc_id, "id must be a non-empty string")
    if not isinstance(text, str):
        raise RecordError(position, doc_id, f"text must be a string, not {type(text).__name__}")
    try:
        rank = license_rank(record[2] if len(record) > 2 else None)
        score = attribution_score(record[3] if len(record) > 3 else None)
    except (ValueError, TypeError) as exc:
        raise RecordError(position, doc_id, str(exc)) from None
    return doc_id, text, rank, score
