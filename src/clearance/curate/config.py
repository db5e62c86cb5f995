"""The curate run's settings, from a TOML file: every mistake reported as ``path:line: key: reason``.

Paths in the file are relative to the file's own directory, so a config and its corpus can move
together. A minimal config::

    [run]
    output = "curated"

    [[input]]
    path = "corpus.jsonl"

    [license]
    profile = "permissive-only"

Every table and key is described in docs/curate.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from clearance.curate.policy import LicensePolicy, load_profile
from clearance.curate.policy.model import UNKNOWN_RULES
from clearance.licenses import validate_license
from clearance.tomlfile import TomlError, TomlReader

ConfigError = TomlError

INPUT_FORMATS = ("auto", "jsonl", "parquet", "directory", "html", "warc", "hf", "repo")
EXECUTORS = ("local", "ray")
OUTPUT_FORMATS = ("parquet", "jsonl")
FIELD_KEYS = ("id_field", "text_field", "license_field", "source_field", "title_field", "author_field",
              "url_field", "copyright_field")

#: Documents larger than this (UTF-8 bytes) are skipped and recorded, never loaded whole into a stage.
DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputSpec:
    """One input of the run: a file or directory and how to read it."""

    path: Path
    format: str = "auto"
    fields: dict[str, str] = field(default_factory=dict)  # FieldMap names: {"text": "content", ...}
    license: str | None = None  # the license of records that state none, as the user states it


@dataclass(frozen=True, slots=True)
class OptOutSettings:
    enabled: bool = True
    sites: Path | None = None  # sites/<host>/robots.txt, ai.txt, .well-known/tdmrep.json
    user_list: Path | None = None
    agents: tuple[str, ...] | None = None  # crawler names whose robots.txt rules count; None: every AI crawler


@dataclass(frozen=True, slots=True)
class PiiSettings:
    enabled: bool = True
    kinds: tuple[str, ...] | None = None  # None: every kind
    placeholder: str = "[{KIND}]"


@dataclass(frozen=True, slots=True)
class DedupSettings:
    exact: bool = True
    near: bool = True
    shingle_size: int = 5
    num_perm: int = 128
    bands: int = 20
    rows: int = 6
    threshold: float = 0.8
    verify: str = "exact"
    reference: Path | None = None  # a reference index (build_reference), or a corpus to build one from
    within_corpus: bool = True

    @property
    def enabled(self) -> bool:
        return self.exact or self.near or self.reference is not None

    def dedup_config(self) -> Any:
        """The dedup module's config; exact-only dedup is near dedup at Jaccard 1.0 (identical shingles)."""
        from clearance.curate.dedup import DedupConfig

        threshold = self.threshold if self.near else 1.0
        return DedupConfig(shingle_size=self.shingle_size, num_perm=self.num_perm, bands=self.bands, rows=self.rows,
                           threshold=threshold, verify=self.verify)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class CurateConfig:
    output: Path
    inputs: tuple[InputSpec, ...]
    policy: LicensePolicy
    #: Look for license statements in the text of documents no reader searched (JSONL, Parquet, plain
    #: files). Off: only the stated license and the readers' findings count, which is faster and is
    #: what a corpus with a trusted license column wants.
    search_text: bool = True
    optout: OptOutSettings = OptOutSettings()
    pii: PiiSettings = PiiSettings()
    dedup: DedupSettings = DedupSettings()
    shard_size: int = 1000
    executor: Literal["local", "ray"] = "local"
    workers: int = 1
    output_format: Literal["parquet", "jsonl"] = "parquet"
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    on_error: Literal["skip", "abort"] = "skip"
    path: str = field(default="<config>", compare=False)

    def replace(self, **changes: Any) -> CurateConfig:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """What the run directory records, to tell a resumable rerun from a different run."""

        def plain(value: Any) -> Any:
            if isinstance(value, Path):
                return str(value)
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                        if f.compare}
            if isinstance(value, (frozenset, set)):
                return sorted(plain(v) for v in value)
            return value

        data = plain(self)
        data["policy"] = {"name": self.policy.name, "path": self.policy.path,
                          "unknown": self.policy.unknown, "min_confidence": self.policy.min_confidence}
        return data


_TOP = {"run", "input", "license", "optout", "pii", "dedup"}
_RUN = {"output", "shard_size", "executor", "workers", "format", "max_document_bytes", "on_error"}
_INPUT = {"path", "format", "license", *FIELD_KEYS}
_LICENSE = {"profile", "unknown", "min_confidence", "search_text"}
_OPTOUT = {"enabled", "sites", "user_list", "agents"}
_PII = {"enabled", "kinds", "placeholder"}
_DEDUP = {"exact", "near", "shingle_size", "num_perm", "bands", "rows", "threshold", "verify", "reference",
          "within_corpus"}


def _path(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def parse_config(text: str, path: str = "<config>", base: Path | None = None) -> CurateConfig:
    """Check every key; ``base`` is the directory relative paths start from (the file's own)."""
    base = base if base is not None else Path(path).resolve().parent
    r = TomlReader(path, text)
    r.known(r.data, _TOP, "")
    run = r.table(r.data, "run", _RUN)
    output = r.string(run, "output", "run")
    if output is None:
        raise r.fail("run", None, "output", "missing: the directory the run writes (output = \"curated\")")
    inputs = []
    for index, item in enumerate(r.tables(r.data, "input", _INPUT)):
        given = r.string(item, "path", "input", None, index)
        if given is None:
            raise r.fail("input", index, None, "missing 'path'")
        license_ = r.string(item, "license", "input", None, index)
        if license_ is not None:
            try:
                license_ = validate_license(license_)
            except ValueError as exc:
                raise r.fail("input", index, "license", str(exc)) from None
        fields = {key.removesuffix("_field"): value for key in FIELD_KEYS
                  if (value := r.string(item, key, "input", None, index)) is not None}
        inputs.append(InputSpec(_path(base, given), r.string(item, "format", "input", "auto", index,  # type: ignore[arg-type]
                                                               INPUT_FORMATS), fields, license_))
    if not inputs:
        raise r.fail("input", None, None, "no [[input]]: name at least one file or directory to curate")

    lic = r.table(r.data, "license", _LICENSE)
    profile_name = r.string(lic, "profile", "license", "permissive-only") or "permissive-only"
    profile_path = _path(base, profile_name) if profile_name.endswith(".toml") else profile_name
    try:
        policy = load_profile(profile_path)
    except TomlError as exc:
        if exc.path == str(profile_path) and exc.line is None:
            raise r.fail("license", None, "profile", exc.reason) from None
        raise
    unknown = r.string(lic, "unknown", "license", None, choices=UNKNOWN_RULES)
    if unknown is not None:
        policy = policy.with_unknown(unknown)  # type: ignore[arg-type]
    if "min_confidence" in lic:
        policy = dataclasses.replace(policy, min_confidence=r.number(lic, "min_confidence", "license", 0, 0, 1))
    search_text = r.boolean(lic, "search_text", "license", True)

    opt = r.table(r.data, "optout", _OPTOUT)
    sites = r.string(opt, "sites", "optout")
    user_list = r.string(opt, "user_list", "optout")
    agents = r.strings(opt, "agents", "optout")
    optout = OptOutSettings(r.boolean(opt, "enabled", "optout", True), _path(base, sites) if sites else None,
                            _path(base, user_list) if user_list else None, tuple(agents) if agents else None)

    pii_table = r.table(r.data, "pii", _PII)
    kinds = r.strings(pii_table, "kinds", "pii")
    pii = PiiSettings(r.boolean(pii_table, "enabled", "pii", True), tuple(k.upper() for k in kinds) if kinds else None,
                      r.string(pii_table, "placeholder", "pii", "[{KIND}]") or "[{KIND}]")
    _check_pii(r, pii)

    d = r.table(r.data, "dedup", _DEDUP)
    reference = r.string(d, "reference", "dedup")
    dedup = DedupSettings(
        exact=r.boolean(d, "exact", "dedup", True), near=r.boolean(d, "near", "dedup", True),
        shingle_size=r.integer(d, "shingle_size", "dedup", 5, 1), num_perm=r.integer(d, "num_perm", "dedup", 128, 1),
        bands=r.integer(d, "bands", "dedup", 20, 1), rows=r.integer(d, "rows", "dedup", 6, 1),
        threshold=r.number(d, "threshold", "dedup", 0.8, 0.0, 1.0),
        verify=r.string(d, "verify", "dedup", "exact", choices=("exact", "signature")) or "exact",
        reference=_path(base, reference) if reference else None,
        within_corpus=r.boolean(d, "within_corpus", "dedup", True),
    )
    if dedup.near and not dedup.exact:
        raise r.fail("dedup", None, "exact", "near dedup includes exact dedup: set exact = true, or near = false")
    try:
        dedup.dedup_config()
    except ValueError as exc:
        raise r.fail("dedup", None, None, str(exc)) from None

    return CurateConfig(
        output=_path(base, output),
        inputs=tuple(inputs),
        policy=policy,
        search_text=search_text,
        optout=optout,
        pii=pii,
        dedup=dedup,
        shard_size=r.integer(run, "shard_size", "run", 1000, 1),
        executor=r.string(run, "executor", "run", "local", choices=EXECUTORS),  # type: ignore[arg-type]
        workers=r.integer(run, "workers", "run", 1, 1),
        output_format=r.string(run, "format", "run", "parquet", choices=OUTPUT_FORMATS),  # type: ignore[arg-type]
        max_document_bytes=r.integer(run, "max_document_bytes", "run", DEFAULT_MAX_DOCUMENT_BYTES, 1),
        on_error=r.string(run, "on_error", "run", "skip", choices=("skip", "abort")),  # type: ignore[arg-type]
        path=path,
    )


def _check_pii(r: TomlReader, pii: PiiSettings) -> None:
    from clearance.curate.pii import ALL_KINDS
    from clearance.curate.pii.redact import check_placeholder

    for kind in pii.kinds or ():
        if kind not in ALL_KINDS:
            raise r.fail("pii", None, "kinds", f"{kind!r} is not one of {', '.join(sorted(ALL_KINDS))}")
    try:
        check_placeholder(pii.placeholder)
    except ValueError as exc:
        raise r.fail("pii", None, "placeholder", str(exc)) from None


def load_config(path: str | Path) -> CurateConfig:
    """Read and check a curate config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), None, "", f"cannot read config ({getattr(exc, 'strerror', None) or exc})") \
            from None
    return parse_config(text, str(path), path.resolve().parent)
