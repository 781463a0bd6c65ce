"""Paper-style figures: one shared style and one function per figure kind.

Figures are drawn from result objects and compute nothing new. The style is sized for a
single-column figure (3.4 in wide) with 8-pt text, uses the Okabe–Ito colour-blind-safe palette,
and every figure is saved as PDF (for papers) and PNG (for a quick look) without timestamps, so
the same results give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

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
    "dilemma": PALETTE["sky"],
    "open": PALETTE["green"],
}
VERDICT_LABELS = {
    "structural_trap": "structural trap",
    "ripeness_gap": "ripeness gap",
    "agreement_possible": "agreement possible",
    "dilemma": "dilemma",
    "open": "open",
}

STYLE = {
    "font.size": 8, "axes.titlesize": 8.5, "axes.labelsize": 8, "xtick.labelsize": 7,
    "ytick.labelsize": 7, "legend.fontsize": 7, "figure.dpi": 100, "savefig.dpi": 300,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE), "axes.spines.top": False,
    "axes.spines.right": False, "pdf.fonttype": 42, "svg.hashsalt": "negotiation",
    "figure.constrained_layout.use": True, "font.family": "DejaVu Sans",
}


@contextmanager
def style() -> Iterator[None]:
    """The shared figure style, applied for the duration of a ``with`` block."""
    with plt.rc_context(STYLE):
        yield


def save(fig: plt.Figure, stem: Path) -> None:
    """Write ``stem.pdf`` and ``stem.png`` with no timestamps, then close the figure."""
    stem = Path(stem)
    fig.savefig(stem.with_suffix(".pdf"), metadata={"CreationDate": None, "ModDate": None})
    fig.savefig(stem.with_suffix(".png"), metadata={"Software": None})
    plt.close(fig)


def wrap(text: str, width: int = 28) -> str:
    """Break a label into lines of at most ``width`` characters (for long descriptions)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


@dataclass(frozen=True)
class PayoffPanel:
    """One game or model seen in the payoff plane of two of its players.

    ``points`` are the payoffs of every outcome (``(k, 2)``), each with a ``status``: ``zone``
    (in the zone of agreement), ``blocked`` (excluded by a red line) or ``other``;
    ``equilibria`` the equilibrium payoffs (``(e, 2)``), ``pure`` which of them are pure;
    ``note`` is printed under the x-axis label (e.g. which players are not shown).
    """

    title: str
    verdict: str
    xlabel: str
    ylabel: str
    points: np.ndarray
    status: tuple[str, ...]
    disagreement: tuple[float, float]
    equilibria: np.ndarray
    pure: tuple[bool, ...]
    note: str = ""


def payoff_panels(panels: list[PayoffPanel], stem: Path, columns: int = 2) -> None:
    """Small multiples in the payoff plane: outcomes, the quadrant that beats no agreement, the
    zone of agreement and the equilibria, one panel per game, titled by its verdict."""
    rows = -(-len(panels) // columns)
    with style():
        fig, axes = plt.subplots(rows, columns, figsize=(SINGLE, 1.75 * rows + 0.5),
                                 squeeze=False)
        looks = {
            "other": dict(marker="o", s=14, facecolors="none", edgecolors=PALETTE["grey"],
                          linewidths=0.8, label="other outcome"),
            "blocked": dict(marker="x", s=14, color=PALETTE["vermillion"], linewidths=0.9,
                            label="excluded by a red line"),
            "zone": dict(marker="o", s=22, color=PALETTE["green"], label="zone of agreement"),
        }
        for ax, panel in zip(axes.flat, panels):
            dx, dy = panel.disagreement
            ax.axvline(dx, color=PALETTE["grey"], lw=0.6, ls="--", zorder=0)
            ax.axhline(dy, color=PALETTE["grey"], lw=0.6, ls="--", zorder=0)
            status = np.array(panel.status)
            for kind, look in looks.items():
                chosen = panel.points[status == kind]
                if len(chosen):
                    ax.scatter(chosen[:, 0], chosen[:, 1], zorder=2, **look)
            pure = np.array(panel.pure, dtype=bool)
            eq = panel.equilibria.reshape(-1, 2)
            if pure.any():
                ax.scatter(eq[pure, 0], eq[pure, 1], marker="o", s=70, facecolors="none",
                           edgecolors=PALETTE["black"], linewidths=1.0, zorder=3,
                           label="pure equilibrium")
            if (~pure).any():
                ax.scatter(eq[~pure, 0], eq[~pure, 1], marker="D", s=18, facecolors="none",
                           edgecolors=PALETTE["black"], linewidths=0.8, zorder=3,
                           label="mixed equilibrium")
            lo = np.minimum(panel.points.min(axis=0), [dx, dy])
            hi = np.maximum(panel.points.max(axis=0), [dx, dy])
            pad = 0.08 * np.maximum(hi - lo, 1e-9)
            ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
            ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
            ax.axvspan(dx, hi[0] + pad[0], ymin=(dy - lo[1] + pad[1]) / (hi[1] - lo[1] +
                                                                          2 * pad[1]),
                       color=PALETTE["sky"], alpha=0.12, lw=0, zorder=0)
            ax.set_title(f"{panel.title}\nverdict: {VERDICT_LABELS[panel.verdict]}",
                         color=VERDICT_COLOURS[panel.verdict], fontsize=7)
            ax.set_xlabel(panel.xlabel + (f"\n{panel.note}" if panel.note else ""), fontsize=7)
            ax.set_ylabel(panel.ylabel, fontsize=7)
        for ax in list(axes.flat)[len(panels):]:
            ax.set_visible(False)
        handles, labels = {}, {}
        for ax in axes.flat:
            for h, lab in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(lab, h)
                labels[lab] = lab
        fig.legend(list(handles.values()), list(labels), loc="lower center", ncol=2,
                   fontsize=6, frameon=False, bbox_to_anchor=(0.5, 0.0))
        fig.get_layout_engine().set(rect=(0, 0.1, 1, 0.9))
        save(fig, stem)
