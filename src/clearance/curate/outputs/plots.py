"""The data card's plots (PNG), drawn with matplotlib when it is installed (the ``audit`` extra)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from clearance.curate.outputs.tally import Tally
from clearance.io.atomic import replacing

TOP = 15


def have_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _barh(path: Path, labels: list[str], series: list[tuple[str, list[float]]], title: str, xlabel: str,
          counts: bool = False) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(8, 0.35 * len(labels) + 1.6))
    left = [0.0] * len(labels)
    for name, values in series:
        ax.barh(labels, values, left=left, label=name)
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    if counts:  # document counts: no 0.25-document ticks on a small run
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(series) > 1:
        ax.legend(loc="lower right")
    fig.tight_layout()
    with replacing(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    plt.close(fig)


def _unit(values: Counter[str]) -> tuple[float, str]:
    top = max(values.values(), default=0)
    for scale, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if top >= scale:
            return float(scale), name
    return 1.0, "bytes"


def draw_plots(t: Tally, folder: Path) -> list[Path]:
    """bytes_by_license.png (kept and dropped bytes of the largest licenses) and drop_reasons.png."""
    if not have_matplotlib():
        return []
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    top = [name for name, _ in t.license_bytes.most_common(TOP)]
    if top:
        scale, unit = _unit(t.license_bytes)
        kept = [t.kept_license_bytes[name] / scale for name in top]
        dropped = [(t.license_bytes[name] - t.kept_license_bytes[name]) / scale for name in top]
        path = folder / "bytes_by_license.png"
        _barh(path, top, [("kept", kept), ("dropped", dropped)], "Bytes by license", unit)
        made.append(path)
    if t.drop_codes:
        codes = [name for name, _ in t.drop_codes.most_common()]
        path = folder / "drop_reasons.png"
        _barh(path, codes, [("documents", [float(t.drop_codes[c]) for c in codes])], "Why documents were dropped",
              "documents", counts=True)
        made.append(path)
    return made
