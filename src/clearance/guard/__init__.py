"""Guard: check a model output against an index and report what it reproduces, and from whom."""

from clearance.guard.check import check
from clearance.guard.result import Attribution, CheckResult

__all__ = ["Attribution", "CheckResult", "check"]
