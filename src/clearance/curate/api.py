"""The Python API of curate: the same run as ``clearance curate CONFIG.toml``.

    from clearance.curate import load_config, run_curate
    summary = run_curate(load_config("curate.toml"))
"""

from __future__ import annotations

from clearance.curate.config import CurateConfig, load_config, parse_config
from clearance.curate.pipeline.read import EmptyCorpusError
from clearance.curate.pipeline.run import CurateSummary, run_curate

__all__ = ["CurateConfig", "CurateSummary", "EmptyCorpusError", "load_config", "parse_config", "run_curate"]
