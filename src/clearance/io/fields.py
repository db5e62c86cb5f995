"""Which record fields hold what, and the one place records become Documents."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from clearance.documents import Document

#: Document attributes filled from optional string fields of a record.
_META_ATTRS = ("license", "source", "title", "author", "url", "copyright")

#: Values that may go to ``Document.meta``; anything nested is dropped to keep records cheap.
_SCALARS = (str, int, float, bool, type(None))


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Names of the record fields (JSON keys, Parquet columns) that feed each Document attribute."""

    id: str = "id"
    text: str = "text"
    license: str = "license"
    source: str = "source"
    title: str = "title"
    author: str = "author"
    url: str = "url"
    copyright: str = "copyright"

    @classmethod
    def from_options(cls, **overrides: str | None) -> FieldMap:
        """Build from CLI-style options, where ``None`` means "not given, keep the default"."""
        known = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(f"unknown field name(s): {', '.join(unknown)} (known: {', '.join(known)})")
        return cls(**{name: value for name, value in overrides.items() if value is not None})


class RecordError(Exception):
    """A record that cannot become a Document; the reader adds file and line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def json_type(value: object) -> str:
    """JSON's name for a value's type, which is what users of JSONL files recognise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class RecordMapper:
    """Turns decoded records (dicts from JSON or Parquet rows) into Documents.

    Key lookups are precomputed once so the per-record work is a handful of dict reads.
    """

    def __init__(self, fields: FieldMap, default_license: str | None) -> None:
        self.fields = fields
        self.default_license = default_license
        self._meta_keys = tuple((attr, getattr(fields, attr)) for attr in _META_ATTRS)
        #: Record keys that feed Document attributes; every other key is an extra.
        self.mapped = frozenset(dataclasses.astuple(fields))

    def document(self, record: dict[str, Any], file_name: str, line: int, source: str) -> Document:
        """Map one record; ``file_name:line`` is its id and ``source`` its source when it has none."""
        text = self._text(record)
        doc_id = self._id(record.get(self.fields.id))
        license_, source_, title, author, url, copyright_ = self._meta_values(record)
        return Document(
            id=f"{file_name}:{line}" if doc_id is None else doc_id,
            text=text,
            source=source_ or source,
            license=license_ or self.default_license,
            title=title or None,
            author=author or None,
            url=url or None,
            copyright=copyright_ or None,
            meta=self._extras(record),
        )

    def _meta_values(self, record: dict[str, Any]) -> list[str | None]:
        """The optional string fields in ``_META_ATTRS`` order; empty strings are left for the caller."""
        get = record.get
        values = [get(key) for _, key in self._meta_keys]
        for value in values:
            if value is not None and type(value) is not str:
                return [self._meta_value(record, key) for _, key in self._meta_keys]
        return values

    def _text(self, record: dict[str, Any]) -> str:
        name = self.fields.text
        if name not in record:
            raise RecordError(f"missing text field {name!r}")
        text = record[name]
        if type(text) is not str:
            if text is None:
                raise RecordError("text is null")
            raise RecordError(f"text field {name!r} is not a string (got {json_type(text)})")
        if not text:
            raise RecordError("text is empty")
        return text

    def _id(self, value: object) -> str | None:
        if type(value) is str:
            return value or None
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise RecordError(f"id field {self.fields.id!r} must be a string or integer (got {json_type(value)})")

    @staticmethod
    def _meta_value(record: dict[str, Any], key: str) -> str | None:
        value = record.get(key)
        if type(value) is str:
            return value or None
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise RecordError(f"field {key!r} must be a string (got {json_type(value)})")

    def _extras(self, record: dict[str, Any]) -> dict[str, Any]:
        mapped = self.mapped
        return {k: v for k, v in record.items() if k not in mapped and isinstance(v, _SCALARS)}
