"""The shared figure style: sized for a single-column figure (3.4 in wide) with 8-pt text, the
Okabe–Ito colour-blind-safe palette, and saving as PDF (for papers) and PNG (for a quick look)
without timestamps, so the same results give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["CYCLE", "DOUBLE", "MIN_TEXT", "PALETTE", "SINGLE", "SMALL", "STYLE", "VERDICT_COLOURS",
           "VERDICT_HATCHES", "VERDICT_LABELS", "WIDTHS", "chars", "figure_width", "legend_below",
           "new_axes", "save", "style", "suptitle", "verdict_patch", "width", "wrap"]

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}


CYCLE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


SINGLE = 3.4    # inches: one column of a two-column paper


DOUBLE = 7.0    # inches: full text width


VERDICT_COLOURS = {
    "structural_trap": PALETTE["vermillion"],
    "ripeness_gap": PALETTE["orange"],
    "agreement_possible": PALETTE["blue"],
    "dilemma": PALETTE["purple"],
    "open": PALETTE["green"],
    "no_zone": PALETTE["vermillion"],
    "undecided": PALETTE["grey"],
}


# Hatching on top of colour, so regions and bars of different verdicts stay apart in greyscale.
VERDICT_HATCHES = {
    "structural_trap": "xxxx",
    "ripeness_gap": "////",
    "agreement_possible": "",
    "dilemma": "....",
    "open": "\\\\",
}
MIN_TEXT = 6.0    # points: nothing smaller is printed
SMALL = 6.5       # points: dense labels (ticks of long lists, values in cells)


VERDICT_LABELS = {
    "structural_trap": "structural trap",
    "ripeness_gap": "ripeness gap",
    "agreement_possible": "agreement possible",
    "dilemma": "dilemma",
    "open": "open",
    "no_zone": "no zone of agreement",
    "undecided": "undecided (search not exhaustive)",
}


STYLE = {
    "font.size": 8, "axes.titlesize": 8.5, "axes.labelsize": 8, "xtick.labelsize": 7,
    "ytick.labelsize": 7, "legend.fontsize": 7, "figure.dpi": 100, "savefig.dpi": 300,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE), "axes.spines.top": False,
    "axes.spines.right": False, "pdf.fonttype": 42, "svg.hashsalt": "negotiation",
    "figure.constrained_layout.use": True, "font.family": "DejaVu Sans",
}


WIDTHS = {"single": SINGLE, "double": DOUBLE}
_WIDTH: ContextVar[float] = ContextVar("figure_width", default=SINGLE)


@contextmanager
def figure_width(name: str) -> Iterator[None]:
    """Draw figures ``single`` (one column, 3.4 in) or ``double`` (full text width, 7 in) wide
    for the duration of a ``with`` block.

    >>> with figure_width("double"):
    ...     width()
    7.0
    """
    if name not in WIDTHS:
        raise ValueError(f"unknown figure width {name!r}; expected single or double")
    token = _WIDTH.set(WIDTHS[name])
    try:
        yield
    finally:
        _WIDTH.reset(token)


def width() -> float:
    """The width of the figures being drawn, in inches (:func:`figure_width`)."""
    return _WIDTH.get()


@contextmanager
def style() -> Iterator[None]:
    """The shared figure style, applied for the duration of a ``with`` block."""
    with matplotlib.rc_context(STYLE):
        yield


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """``ax`` and its figure when given (to draw into a figure of the caller's), else a new
    figure of ``size`` inches with one axes. Call inside :func:`style`.

    Figures are :class:`matplotlib.figure.Figure` objects, not pyplot figures: nothing here
    chooses a backend or keeps figures alive, and a notebook shows a returned figure inline.
    """
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=size)
    return fig, fig.subplots()


def save(fig: Figure, stem: str | Path) -> list[Path]:
    """Write ``stem.pdf`` (for papers) and ``stem.png`` (for a quick look) with no timestamps,
    so the same figure gives byte-identical files; returns the two paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".pdf"), stem.with_suffix(".png")]
    with style():
        fig.savefig(paths[0], metadata={"CreationDate": None, "ModDate": None})
        fig.savefig(paths[1], metadata={"Software": None})
    return paths


def chars(points: float, fraction: float = 1.0) -> int:
    """About how many characters of text at ``points`` fit across ``fraction`` of the width of
    the figures being drawn (DejaVu Sans averages a little over half an em per character)."""
    return max(12, int(width() * 72 * fraction / (0.56 * points)))


def suptitle(fig: Figure, text: str | None, points: float = 7.5) -> None:
    """A figure title wrapped to the figure's width (over the whole figure, so it is never
    cut off by a narrow axes)."""
    if text:
        fig.suptitle(wrap(text, chars(points, 0.95)), fontsize=points)


def legend_below(fig: Figure, handles: list, columns: int | None = None,
                 title: str | None = None) -> None:
    """A legend under the figure's axes, in as many columns as fit."""
    if not handles:
        return
    longest = max(len(h.get_label()) for h in handles)
    fit = max(1, chars(SMALL) // (longest + 6))
    fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=SMALL,
               ncol=min(len(handles), columns or fit), title=title, title_fontsize=SMALL,
               handlelength=1.4, columnspacing=1.0)


def verdict_patch(verdict: str, label: str | None = None, alpha: float = 1.0):
    """A legend patch for a verdict: its colour and its hatching."""
    from matplotlib.patches import Patch

    return Patch(facecolor=VERDICT_COLOURS[verdict], hatch=VERDICT_HATCHES[verdict],
                 edgecolor="white", lw=0, alpha=alpha, label=label or VERDICT_LABELS[verdict])


def wrap(text: str, width: int = 28) -> str:
    """Break a label into lines of at most ``width`` characters (for long descriptions)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
