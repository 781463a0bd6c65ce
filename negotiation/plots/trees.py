"""Figures of game trees: the tree with its equilibrium path, and where a phased settlement
holds in the plane of the cost of reneging and the discount factor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from negotiation.games.extensive import ExtensiveGame
from negotiation.games.reduced import realisation
from negotiation.games.tree import CHANCE, DECISION, TERMINAL, Tree, compile_game
from negotiation.plots.place import Placer, edge_candidates
from negotiation.plots.style import CYCLE, DOUBLE, PALETTE, new_axes, style, width, wrap

__all__ = ["RegionPanel", "game_tree", "phased_region"]

MAX_LEAVES = 40
PATH = PALETTE["blue"]
OTHER = "#BBBBBB"


def _layout(tree: Tree) -> tuple[np.ndarray, np.ndarray]:
    """x by leaf order (prefix order puts leaves left to right), a parent centred over its
    children; y = -depth."""
    x = np.zeros(tree.n_nodes)
    leaves = tree.terminals
    x[leaves] = np.arange(len(leaves))
    for level in reversed(tree.levels[:-1]):
        inner = level[tree.kind[level] != TERMINAL]
        for k in inner:
            kids = tree.children(int(k))
            x[k] = 0.5 * (x[kids[0]] + x[kids[-1]])
    return x, -tree.depth.astype(float)


def _fraction(p: float) -> str:
    """A probability as a small fraction when it is one (``1/3``), else three digits."""
    frac = Fraction(p).limit_denominator(100)
    return (f"{frac.numerator}/{frac.denominator}" if abs(float(frac) - p) <= 1e-9
            and frac.denominator > 1 else f"{p:.3g}")


def _decimals(values: np.ndarray, most: int = 3) -> int:
    """The fewest decimals (up to ``most``) that show every value as it rounds to ``most``."""
    target = np.round(values, most)
    for d in range(most + 1):
        if np.allclose(np.round(values, d), target, atol=10.0 ** -(most + 2)):
            return d
    return most


def game_tree(tree: Tree | ExtensiveGame, behaviour: np.ndarray | None = None,
              labels: dict[str, str] | None = None, title: str | None = None,
              ax: Axes | None = None) -> Figure:
    """The game tree drawn top down: decision nodes coloured by player (and named), chance nodes
    as diamonds, information sets of several nodes joined by dotted arcs (each set its own
    height), each terminal's
    payoffs below it (one line per player, in player order). With ``behaviour`` (an
    equilibrium's behaviour profile, e.g. a subgame-perfect one) its path is drawn thick and
    blue, its choices off the path black, other actions light grey; chance and mixed
    probabilities are printed on the edges. Names and actions are placed clear of every edge,
    arc, node and payoff; a figure of its own widens (up to the text width) until they all find
    a clear place. ``labels`` maps player ids to display names."""
    if isinstance(tree, ExtensiveGame):
        tree = compile_game(tree)
    leaves = tree.terminals
    if len(leaves) > MAX_LEAVES:
        raise ValueError(f"the tree has {len(leaves)} terminal nodes; the figure draws up to "
                         f"{MAX_LEAVES}")
    names = [(labels or {}).get(p, p) for p in tree.players]
    colours = {i: CYCLE[i % len(CYCLE)] for i in range(tree.n_players)}
    x, y = _layout(tree)
    depth = int(tree.depth.max())
    with style():
        # Wide trees get up to the full text width, so that edge labels keep apart.
        size = (max(width(), min(DOUBLE, 0.45 * len(leaves) + 0.8)),
                0.9 + 0.42 * depth + 0.11 * tree.n_players)
        own = ax is None
        fig, ax = new_axes(ax, size)
        reach = None if behaviour is None else realisation(tree, behaviour)
        beh = None if behaviour is None else np.nan_to_num(behaviour, nan=0.0)
        edge_texts = []
        for k in range(1, tree.n_nodes):
            p = int(tree.parent[k])
            colour, lw, z = OTHER, 0.8, 1
            prob = None
            if tree.kind[p] == CHANCE:
                prob = float(tree.edge_prob[k])
            elif beh is not None:
                prob = float(beh[tree.action_base[tree.infoset[p]] + tree.action[k]])
            if reach is not None:
                if reach[k] > 1e-12:
                    colour, lw, z = PATH, 2.2, 3
                elif prob is not None and prob > 1e-12 and tree.kind[p] == DECISION:
                    colour, lw, z = PALETTE["black"], 1.0, 2
            elif behaviour is None:
                colour = PALETTE["black"]
            ax.plot([x[p], x[k]], [y[p], y[k]], color=colour, lw=lw, zorder=z,
                    solid_capstyle="round")
            text = tree.edge_label(k)
            if prob is not None and (tree.kind[p] == CHANCE or 1e-12 < prob < 1 - 1e-12):
                text += f" {_fraction(prob)}"
            edge_texts.append((p, k, text))
        dec = np.flatnonzero(tree.kind == DECISION)
        ax.scatter(x[dec], y[dec], s=34, color=[colours[int(tree.player[k])] for k in dec],
                   edgecolors="black", linewidths=0.5, zorder=5)
        chance = np.flatnonzero(tree.kind == CHANCE)
        ax.scatter(x[chance], y[chance], s=34, marker="D", color="white",
                   edgecolors="black", linewidths=0.7, zorder=5)
        ax.scatter(x[leaves], y[leaves], s=6, color="black", zorder=5)
        counts = np.bincount(tree.infoset[dec], minlength=len(tree.infoset_key))
        arcs = []
        for rank, h in enumerate(np.flatnonzero(counts > 1)):
            # An arc over the members, of its own height, so interleaved sets stay apart.
            members = dec[tree.infoset[dec] == h]
            members = members[np.argsort(x[members])]
            lift = 0.1 + 0.14 * (rank % 3)
            for a, b in zip(members[:-1], members[1:]):
                t = np.linspace(0, 1, 30)
                arc = np.column_stack([x[a] + (x[b] - x[a]) * t,
                                       y[a] + 4 * lift * t * (1 - t) + (y[b] - y[a]) * t])
                ax.plot(*arc.T, ls=":", color=PALETTE["grey"], lw=1.0, zorder=0)
                arcs.append(np.stack([arc[:-1], arc[1:]], axis=1))
        digits = _decimals(tree.payoff[leaves])
        payoffs = [ax.text(x[z], y[z] - 0.12, "\n".join(f"{v:.{digits}f}" for v in tree.payoff[z]),
                           fontsize=6, ha="center", va="top", linespacing=1.1) for z in leaves]
        ax.set_xlim(-0.6, len(leaves) - 0.4)
        ax.set_ylim(-depth - 0.25 - 0.2 * tree.n_players, 0.45)
        ax.set_axis_off()
        handles = [Line2D([], [], marker="o", ls="", color=colours[i], markeredgecolor="black",
                          markersize=5, label=names[i]) for i in range(tree.n_players)]
        if len(chance):
            handles.append(Line2D([], [], marker="D", ls="", color="white",
                                  markeredgecolor="black", markersize=4, label="chance"))
        if (counts > 1).any():
            handles.append(Line2D([], [], ls=":", color=PALETTE["grey"], lw=1.0,
                                  label="one information set"))
        if behaviour is not None:
            handles += [Line2D([], [], color=PATH, lw=2.2, label="equilibrium path"),
                        Line2D([], [], color=PALETTE["black"], lw=1.0,
                               label="equilibrium choice off the path"),
                        Line2D([], [], color=OTHER, lw=0.8, label="other action")]
        fig.legend(handles=handles, loc="outside lower center", ncol=3 if size[0] > 4 else 2,
                   fontsize=6, frameon=False, title="payoffs under each end, top to bottom: "
                   + ", ".join(names), title_fontsize=6)
        if title:
            ax.set_title(wrap(title, 60), fontsize=7.5)
        # Labels that find no clear place widen a figure of its own, up to the text width.
        while (placed := _label_tree(ax, tree, x, y, names, edge_texts, arcs, payoffs))[0] \
                and own and fig.get_figwidth() < DOUBLE - 1e-9:
            for label in placed[1]:
                label.remove()
            fig.set_figwidth(min(DOUBLE, 1.25 * fig.get_figwidth()))
        return fig


def _label_tree(ax: Axes, tree: Tree, x: np.ndarray, y: np.ndarray, names: list[str],
                edge_texts: list[tuple[int, int, str]], arcs: list[np.ndarray],
                payoffs: list) -> tuple[int, list]:
    """The players' names beside their nodes and the actions beside their edges, placed after
    the layout clear of every edge, arc, node and payoff (:class:`~negotiation.plots.place.
    Placer`): a name on the side its incoming edge does not come from, an action on the
    upper side of its edge, sliding along it or to its other side where that is taken.
    Returns how many labels found no clear place, and the labels."""
    ax.figure.draw_without_rendering()
    parents = tree.parent[1:].astype(int)
    kids = np.arange(1, tree.n_nodes)
    segments = np.stack([np.column_stack([x[parents], y[parents]]),
                         np.column_stack([x[kids], y[kids]])], axis=1)
    segments = np.concatenate([segments, *arcs]) if arcs else segments
    inner = np.flatnonzero(tree.kind != TERMINAL)
    boxes = [tuple(t.get_window_extent().extents) for t in payoffs]
    placer = Placer(ax, segments, np.column_stack([x[inner], y[inner]]), radius=2.6,
                    boxes=boxes)
    r = 4.0
    spots = {"upper right": (r, r, "left", "bottom"), "upper left": (-r, r, "right", "bottom"),
             "right": (r + 1.5, 0, "left", "center"), "left": (-r - 1.5, 0, "right", "center"),
             "above": (0, r + 1.5, "center", "bottom")}
    from_left = ["upper right", "right", "above", "upper left", "left"]
    from_right = ["upper left", "left", "above", "upper right", "right"]
    from_above = ["above", "upper left", "upper right", "left", "right"]
    labels = []
    for k in np.flatnonzero(tree.kind == DECISION):
        p = int(tree.parent[k]) if k else -1
        order = (from_above if p < 0 or x[p] == x[k] else
                 from_left if x[p] < x[k] else from_right)
        labels.append(placer.place(names[int(tree.player[k])], (x[k], y[k]),
                                   [spots[o] for o in order], fontsize=6, color="black",
                                   zorder=6))
    for p, k, text in edge_texts:
        labels.append(placer.place(text, None, edge_candidates(ax, (x[p], y[p]), (x[k], y[k])),
                                   fontsize=6, zorder=6))
    return placer.unresolved, labels


@dataclass(frozen=True)
class RegionPanel:
    """Where a phased settlement holds over the discount factor: ``cost[k]`` the least cost of
    reneging (added for every party) that makes it hold at ``delta[k]`` (``NaN``: none),
    ``participation[k]`` whether every party prefers the settlement, implemented, to the war
    there; ``at`` the model's (δ, cost added) point, if shown."""

    title: str
    delta: np.ndarray
    cost: np.ndarray
    participation: np.ndarray
    at: tuple[float, float] | None = None


def phased_region(panels: Sequence[RegionPanel], top: float = 0.3, columns: int = 2,
                  ylabel: str = "cost of reneging added for every party") -> Figure:
    """One panel per framework in the plane (discount factor δ × cost of reneging): where the
    phased settlement is subgame perfect (above the exact least cost), where a party would go
    back on it (a commitment problem, below), and where a party prefers the war even if all
    comply (a participation problem, whatever the cost)."""
    columns = max(1, min(columns, len(panels)))
    rows = -(-len(panels) // columns)
    looks = {"holds": PALETTE["green"], "commitment": PALETTE["orange"],
             "participation": PALETTE["grey"]}
    with style():
        fig = Figure(figsize=(width(), 1.0 + 1.45 * rows))
        axes = fig.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
        for ax, panel in zip(axes.flat, panels):
            d = np.asarray(panel.delta, dtype=float)
            cost = np.asarray(panel.cost, dtype=float)
            ok = np.asarray(panel.participation, dtype=bool)
            edge = np.where(np.isnan(cost) | ~ok, top, np.minimum(cost, top))
            ax.fill_between(d, 0, top, where=~ok, color=looks["participation"], alpha=0.45,
                            lw=0, step="mid", hatch="///", edgecolor="white")
            ax.fill_between(d, 0, edge, where=ok, color=looks["commitment"], alpha=0.55,
                            lw=0, step="mid")
            ax.fill_between(d, edge, top, where=ok, color=looks["holds"], alpha=0.55, lw=0,
                            step="mid")
            ax.plot(d, np.where(ok, edge, np.nan), color="black", lw=0.9, drawstyle="steps-mid")
            if panel.at is not None:
                ax.plot([panel.at[0]], [min(panel.at[1], top)], marker="x", color="black",
                        ms=5, mew=1.2, ls="", clip_on=False, zorder=5)
            ax.set_xlim(0, 1)
            ax.set_ylim(0, top)
            ax.set_xticks([0, 0.5, 1], ["0", "0.5", "1"])
            ax.set_title(wrap(panel.title, 30), fontsize=6.8)
        for c in range(columns):
            # The lowest drawn panel of each column carries the axis label and tick labels.
            r = max(r for r in range(rows) if r * columns + c < len(panels))
            axes[r, c].set_xlabel("discount factor δ", fontsize=7)
            axes[r, c].xaxis.set_tick_params(labelbottom=True)
            for hidden in range(r + 1, rows):
                axes[hidden, c].set_visible(False)
        for ax in axes[:, 0]:
            ax.set_ylabel(wrap(ylabel, 24), fontsize=6.5)
        handles = [Patch(color=looks["holds"], alpha=0.55, label="holds (subgame perfect)"),
                   Patch(color=looks["commitment"], alpha=0.55,
                         label="a party reneges (commitment)"),
                   Patch(facecolor=looks["participation"], alpha=0.45, hatch="///",
                         edgecolor="white", label="a party prefers war (participation)"),
                   Line2D([], [], color="black", lw=0.9, label="least cost (exact)")]
        if any(p.at is not None for p in panels):
            handles.append(Line2D([], [], marker="x", color="black", ls="", ms=5,
                                  label="the model's δ and costs"))
        fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=6,
                   frameon=False)
        return fig
