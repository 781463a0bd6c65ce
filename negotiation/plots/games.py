"""Figures of strategic games: the payoff plane with the zone of agreement and equilibria, and
three-player posture games as grids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from negotiation.plots.style import (
    MIN_TEXT,
    PALETTE,
    SMALL,
    VERDICT_COLOURS,
    VERDICT_LABELS,
    chars,
    legend_below,
    style,
    suptitle,
    width,
    wrap,
)

__all__ = ["PayoffPanel", "game_panel", "payoff_panels", "posture_grid"]


@dataclass(frozen=True)
class PayoffPanel:
    """One game or model seen in the payoff plane of two of its players.

    ``points`` are the payoffs of every outcome (``(k, 2)``), each with a ``status``: ``zone``
    (in the zone of agreement), ``blocked`` (excluded by a red line) or ``other``;
    ``equilibria`` the equilibrium payoffs (``(e, 2)``), ``pure`` which of them are pure;
    ``note`` is printed under the x-axis label (e.g. which players are not shown). A game that
    says nothing about agreement has no ``verdict``; one with no no-deal outcome no
    ``disagreement``.
    """

    title: str
    verdict: str | None
    xlabel: str
    ylabel: str
    points: np.ndarray
    status: tuple[str, ...]
    disagreement: tuple[float, float] | None
    equilibria: np.ndarray
    pure: tuple[bool, ...]
    note: str = ""


def game_panel(result, verdict: str | None, disagreement: tuple[float, ...] | None = None,
               title: str | None = None, note: str = "") -> PayoffPanel:
    """A normal-form game and its equilibria (``result``, an
    :class:`~negotiation.games.equilibria.Equilibria`) in the payoff plane of its first two
    players: every profile, green where it is in the zone of agreement."""
    game = result.game
    flat = game.payoffs.reshape(game.n_players, -1).T
    zone = (np.zeros(len(flat), dtype=bool) if game.agreement is None
            else np.asarray(game.agreement, dtype=bool).ravel())
    others = [game.player_label(i) for i in range(2, game.n_players)]
    hidden = f"{', '.join(others)} not shown" if others else ""
    return PayoffPanel(
        title=title or game.title or "Game", verdict=verdict,
        xlabel=game.player_label(0), ylabel=game.player_label(1), points=flat[:, :2],
        status=tuple("zone" if z else "other" for z in zone),
        disagreement=None if disagreement is None else (float(disagreement[0]),
                                                       float(disagreement[1])),
        equilibria=np.array([e.payoffs[:2] for e in result.equilibria]).reshape(-1, 2),
        pure=tuple(e.is_pure for e in result.equilibria),
        note=f"({'; '.join(x for x in (hidden, note) if x)})" if hidden or note else "")


def payoff_panels(panels: list[PayoffPanel], columns: int = 2) -> Figure:
    """Small multiples in the payoff plane: outcomes, the quadrant that beats no agreement, the
    zone of agreement and the equilibria, one panel per game, titled by its verdict."""
    rows = -(-len(panels) // columns)
    with style():
        columns = min(columns, len(panels))
        fig = Figure(figsize=(width(), (1.8 if columns > 1 else 2.4) * rows + 0.8))
        axes = fig.subplots(rows, columns, squeeze=False)
        looks = {
            "other": dict(marker="o", s=14, facecolors="none", edgecolors=PALETTE["grey"],
                          linewidths=0.8, label="other outcome"),
            "blocked": dict(marker="x", s=14, color=PALETTE["vermillion"], linewidths=0.9,
                            label="excluded by a red line"),
            "zone": dict(marker="o", s=22, color=PALETTE["green"], label="zone of agreement"),
        }
        titles = []
        for ax, panel in zip(axes.flat, panels):
            if panel.disagreement is not None:
                dx, dy = panel.disagreement
                ax.axvline(dx, color=PALETTE["grey"], lw=0.6, ls="--", zorder=0)
                ax.axhline(dy, color=PALETTE["grey"], lw=0.6, ls="--", zorder=0)
            else:
                dx, dy = panel.points.min(axis=0)
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
            if panel.disagreement is not None:
                ax.axvspan(dx, hi[0] + pad[0], ymin=(dy - lo[1] + pad[1]) / (hi[1] - lo[1] +
                                                                              2 * pad[1]),
                           color=PALETTE["sky"], alpha=0.12, lw=0, zorder=0)
            parts = [panel.title]
            if panel.verdict is not None:
                parts.append(f"verdict: {VERDICT_LABELS[panel.verdict]}")
            titles.append((ax, parts))
            ax.set_title("", fontsize=7,
                         color=VERDICT_COLOURS.get(panel.verdict or "", "black"))
            share = 0.4 if columns > 1 else 0.85
            note = f"\n{wrap(panel.note, chars(SMALL, share))}" if panel.note else ""
            ax.set_xlabel(wrap(panel.xlabel, chars(SMALL, share)) + note, fontsize=SMALL)
            ax.set_ylabel(panel.ylabel, fontsize=SMALL)
            ax.tick_params(labelsize=SMALL)
        for ax in list(axes.flat)[len(panels):]:
            ax.set_visible(False)
        handles, labels = {}, {}
        for ax in axes.flat:
            for h, lab in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(lab, h)
                labels[lab] = lab
        extra = [Line2D([], [], color=PALETTE["grey"], lw=0.8, ls="--",
                        label="no-deal payoffs"),
                 Patch(color=PALETTE["sky"], alpha=0.25, label="better than no deal for both")]
        if all(p.disagreement is None for p in panels):
            extra = []
        legend_below(fig, list(handles.values()) + extra)
        _fit_titles(fig, titles, chars(7, 0.45 if columns > 1 else 0.9))
        return fig


def _fit_titles(fig: Figure, titles: list, room: int) -> None:
    """Each panel's title (its name, then its verdict) wrapped to ``room`` characters, then,
    measured after the layout, narrower wherever it would run past the figure's edge (a
    centred title over the right-hand panel reaches beyond its axes)."""
    for ax, parts in titles:
        ax.title.set_text("\n".join(wrap(part, room) for part in parts))
    edge = fig.bbox
    for _ in range(3):
        fig.draw_without_rendering()
        done = True
        for ax, parts in titles:
            box = ax.title.get_window_extent()
            centre = (box.x0 + box.x1) / 2
            free = 2 * min(centre - edge.x0, edge.x1 - centre) - 4
            if box.width > free:
                longest = max(len(line) for line in ax.title.get_text().split("\n"))
                narrower = max(8, int(longest * free / box.width))
                ax.title.set_text("\n".join(wrap(part, narrower) for part in parts))
                done = False
        if done:
            return


def posture_grid(result, title: str | None = None) -> Figure:
    """A three-player game as one panel per strategy of the third player: rows the first
    player's strategies, columns the second's; a cell is blue where the profile settles and
    hatched orange where the war goes on, and shows the three payoffs; pure equilibria are
    outlined."""
    game = result.game
    if game.n_players != 3:
        raise ValueError("posture_grid draws three-player games")
    rows, cols, panels = game.shape
    pure = {e.profile() for e in result.pure}
    settle, war = "#9CC9E6", "#F4B183"
    with style():
        fig = Figure(figsize=(width(), 0.7 + panels * (0.55 + 0.42 * rows) + 0.15 * bool(title)))
        axes = fig.subplots(panels, 1, squeeze=False)
        for k, ax in enumerate(axes[:, 0]):
            for r in range(rows):
                for c in range(cols):
                    profile = (r, c, k)
                    settled = game.agreement is not None and bool(game.agreement[profile])
                    colour = settle if settled else war
                    ax.add_patch(Rectangle((c - 0.47, r - 0.45), 0.94, 0.9, lw=0,
                                           facecolor=colour, edgecolor="white",
                                           hatch="" if settled else "////"))
                    pay = game.payoffs[(slice(None), *profile)]
                    ax.text(c, r, " / ".join(f"{v:.2f}" for v in pay), ha="center",
                            va="center", fontsize=MIN_TEXT,
                            bbox=dict(boxstyle="square,pad=0.1", fc=colour, lw=0))
                    if profile in pure:
                        ax.add_patch(Rectangle((c - 0.47, r - 0.45), 0.94, 0.9,
                                               fill=False, lw=1.6, ec=PALETTE["black"]))
            ax.set_xlim(-0.5, cols - 0.5)
            ax.set_ylim(rows - 0.5, -0.5)
            ax.set_yticks(range(rows), [wrap(game.strategy_label(0, r), chars(MIN_TEXT, 0.3))
                                        for r in range(rows)], fontsize=MIN_TEXT)
            ax.set_xticks(range(cols), [wrap(game.strategy_label(1, c),
                                             chars(MIN_TEXT, 0.7) // max(cols, 1))
                                        for c in range(cols)], fontsize=MIN_TEXT)
            ax.xaxis.tick_top()
            ax.tick_params(length=0)
            for side in ax.spines.values():
                side.set_visible(False)
            ax.set_title(wrap(f"{game.player_label(2)}: {game.strategy_label(2, k)}",
                              chars(7, 0.55)), fontsize=7, pad=4)
            ax.set_ylabel(game.player_label(0), fontsize=SMALL)
            ax.set_xlabel(game.player_label(1), fontsize=SMALL)
            ax.xaxis.set_label_position("top")
        handles = [Patch(facecolor=settle, label="settles"),
                   Patch(facecolor=war, hatch="////", edgecolor="white", label="war goes on"),
                   Patch(fill=False, ec=PALETTE["black"], lw=1.4, label="pure equilibrium")]
        labels = " / ".join(game.player_label(i) for i in range(3))
        legend_below(fig, handles, columns=3, title=wrap(f"payoffs: {labels}", chars(SMALL)))
        suptitle(fig, title)
        return fig
