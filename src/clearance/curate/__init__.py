"""Curate: turn a raw corpus into a training set plus a record of why each document is in or out.

``run_curate(load_config(path))`` runs the whole pipeline (see ``clearance.curate.api``). Names are
imported lazily, so ``import clearance.curate.pii`` stays as cheap as the PII module itself.
"""

from __future__ import annotations

from typing import Any

_API = ("CurateConfig", "CurateSummary", "EmptyCorpusError", "load_config", "parse_config", "run_curate")


def __getattr__(name: str) -> Any:
    if name in _API:
        from clearance.curate import api

        return getattr(api, name)
    raise AttributeError(f"module 'clearance.curate' has no attribute {name!r}")


__all__ = list(_API)
