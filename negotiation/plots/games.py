"""Figures of strategic games: the payoff plane with the zone of agreement and equilibria, and
three-player posture games as grids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from negotiation.plots.style import (
    PALETTE,
    VERDICT_COLOURS,
    VERDICT_LABELS,
    style,
    width,
    wrap,
)


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


def payoff_panels(panels: list[PayoffPanel], columns: int = 2) -> Figure:
    """Small multiples in the payoff plane: outcomes, the quadrant that beats no agreement, the
    zone of agreement and the equilibria, one panel per game, titled by its verdict."""
    rows = -(-len(panels) // columns)
    with style():
        fig = Figure(figsize=(width(), 1.75 * rows + 0.5))
        axes = fig.subplots(rows, columns,
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
        return fig


def posture_grid(result, title: str | None = None) -> Figure:
    """A three-player game as one panel per strategy of the third player: rows the first
    player's strategies, columns the second's; a cell is shaded by whether the profile settles
    (blue) or means war (orange) and shows the three payoffs; pure equilibria are outlined."""
    game = result.game
    if game.n_players != 3:
        raise ValueError("posture_grid draws three-player games")
    rows, cols, panels = game.shape
    pure = {e.profile() for e in result.pure}
    with style():
        fig = Figure(figsize=(width(), 0.55 + panels * (0.35 + 0.42 * rows)))
        axes = fig.subplots(panels, 1,
                                 squeeze=False)
        for k, ax in enumerate(axes[:, 0]):
            for r in range(rows):
                for c in range(cols):
                    profile = (r, c, k)
                    settled = game.agreement is not None and bool(game.agreement[profile])
                    ax.add_patch(Rectangle((c - 0.47, r - 0.45), 0.94, 0.9, lw=0,
                                               color="#9CC9E6" if settled else "#F4B183"))
                    pay = game.payoffs[(slice(None), *profile)]
                    ax.text(c, r, " / ".join(f"{v:.2f}" for v in pay), ha="center",
                            va="center", fontsize=5.6)
                    if profile in pure:
                        ax.add_patch(Rectangle((c - 0.47, r - 0.45), 0.94, 0.9,
                                                   fill=False, lw=1.6, ec=PALETTE["black"]))
            ax.set_xlim(-0.5, cols - 0.5)
            ax.set_ylim(rows - 0.5, -0.5)
            ax.set_yticks(range(rows), [wrap(game.strategy_label(0, r), 20)
                                        for r in range(rows)], fontsize=5.8)
            ax.set_xticks(range(cols), [wrap(game.strategy_label(1, c), 18)
                                        for c in range(cols)], fontsize=5.8)
            ax.xaxis.tick_top()
            ax.tick_params(length=0)
            for side in ax.spines.values():
                side.set_visible(False)
            ax.set_title(wrap(f"{game.player_label(2)}: {game.strategy_label(2, k)}", 52),
                         fontsize=6.8, pad=4)
            ax.set_ylabel(game.player_label(0), fontsize=6.5)
            ax.set_xlabel(game.player_label(1), fontsize=6.5)
            ax.xaxis.set_label_position("top")
        handles = [Rectangle((0, 0), 1, 1, color="#9CC9E6", label="settles"),
                   Rectangle((0, 0), 1, 1, color="#F4B183", label="war goes on"),
                   Rectangle((0, 0), 1, 1, fill=False, ec=PALETTE["black"], lw=1.4,
                                 label="pure equilibrium")]
        labels = " / ".join(game.player_label(i) for i in range(3))
        fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=6,
                   frameon=False, title=f"payoffs: {labels}; columns: {game.player_label(1)}",
                   title_fontsize=6)
        if title:
            fig.suptitle(wrap(title, 60), fontsize=7.5)
        return fig
