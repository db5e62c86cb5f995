"""License-policy profiles: the shipped ones by name, or a user's TOML file, checked key by key."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from clearance.curate.policy.model import EVIDENCE_KINDS, UNKNOWN_RULES, LicensePolicy, Tier
from clearance.licenses import Category, validate_license
from clearance.tomlfile import TomlError, TomlReader, shipped_profiles

_PROFILE_KEYS = {"name", "description", "sources", "unknown", "min_confidence", "prefer", "deny"}
_TIER_KEYS = {"name", "categories", "licenses", "evidence", "hosts", "reason"}


def profile_names() -> list[str]:
    return shipped_profiles("clearance.curate.policy")


def load_profile(name_or_path: str | Path) -> LicensePolicy:
    """A shipped profile by name (``permissive-only``, ``mixturevitae``, ``open-definition``) or a file."""
    given = str(name_or_path)
    if given in profile_names():
        text = resources.files("clearance.curate.policy").joinpath("profiles", f"{given}.toml").read_text("utf-8")
        return parse_profile(text, f"<profile {given}>")
    path = Path(given)
    if not path.suffix and not path.exists():
        raise TomlError(given, None, "", f"no such profile (shipped: {', '.join(profile_names())}) or file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TomlError(given, None, "", f"cannot read license profile ({getattr(exc, 'strerror', None) or exc})") \
            from None
    return parse_profile(text, given)


def _spdx_ids(r: TomlReader, data: dict, key: str, table: str, index: int | None) -> frozenset[str]:
    ids = set()
    for raw in r.strings(data, key, table, index) or []:
        try:
            ids.add(validate_license(raw).lower())
        except ValueError as exc:
            raise r.fail(table, index, key, str(exc)) from None
    return frozenset(ids)


def _categories(r: TomlReader, data: dict, key: str, table: str, index: int | None) -> list[Category]:
    try:
        return [Category.parse(v) for v in r.strings(data, key, table, index) or []]
    except ValueError as exc:
        raise r.fail(table, index, key, str(exc)) from None


def parse_profile(text: str, path: str = "<profile>") -> LicensePolicy:
    r = TomlReader(path, text)
    r.known(r.data, {"profile", "tier"}, "")
    head = r.table(r.data, "profile", _PROFILE_KEYS)
    tiers = []
    for index, item in enumerate(r.tables(r.data, "tier", _TIER_KEYS)):
        evidence = r.strings(item, "evidence", "tier", index)
        for kind in evidence or []:
            if kind not in EVIDENCE_KINDS:
                raise r.fail("tier", index, "evidence", f"{kind!r} is not one of {', '.join(EVIDENCE_KINDS)}")
        hosts = r.strings(item, "hosts", "tier", index)
        tier = Tier(
            name=r.string(item, "name", "tier", f"tier {index + 1}", index) or f"tier {index + 1}",
            categories=frozenset(_categories(r, item, "categories", "tier", index)),
            licenses=_spdx_ids(r, item, "licenses", "tier", index),
            evidence=frozenset(evidence) if evidence is not None else None,
            hosts=tuple(h.lower().strip(".") for h in hosts) if hosts is not None else None,
            reason=r.string(item, "reason", "tier", "", index) or "",
        )
        if not tier.categories and not tier.licenses:
            raise r.fail("tier", index, None, "a tier needs categories or licenses")
        tiers.append(tier)
    if not tiers:
        raise r.fail("tier", None, None, "a profile needs at least one [[tier]]")
    prefer = _categories(r, head, "prefer", "profile", None)
    return LicensePolicy(
        name=r.string(head, "name", "profile", Path(path).stem) or Path(path).stem,
        description=r.string(head, "description", "profile", "") or "",
        sources=tuple(r.strings(head, "sources", "profile") or ()),
        tiers=tuple(tiers),
        unknown=r.string(head, "unknown", "profile", "drop", choices=UNKNOWN_RULES),  # type: ignore[arg-type]
        min_confidence=r.number(head, "min_confidence", "profile", 0.0, 0.0, 1.0),
        deny=_spdx_ids(r, head, "deny", "profile", None),
        prefer=tuple(prefer) or LicensePolicy.__dataclass_fields__["prefer"].default,
        path=path,
    )
