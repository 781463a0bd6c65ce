"""Figures of the graph model: the state map with equilibria and moves, and the evolution paths
of a status-quo analysis.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch, FancyArrowPatch
from matplotlib.path import Path
from matplotlib.transforms import IdentityTransform

from negotiation.plots.place import Placer
from negotiation.plots.style import PALETTE, style, width

__all__ = ["EQUILIBRIUM_STYLES", "MOVER_COLOURS", "evolution_paths", "state_map"]

EQUILIBRIUM_STYLES = {   # notions a state is an equilibrium under -> (colour, label)
    ("nash", "gmr", "smr", "seq"): (PALETTE["black"], "Nash (hence GMR, SMR, SEQ)"),
    ("gmr", "smr", "seq"): (PALETTE["blue"], "GMR, SMR and SEQ"),
    ("gmr", "smr"): (PALETTE["sky"], "GMR and SMR only"),
    ("gmr", "seq"): (PALETTE["green"], "GMR and SEQ only"),
    ("gmr",): (PALETTE["yellow"], "GMR only"),
    (): ("white", "not an equilibrium"),
}


MOVER_COLOURS = [PALETTE["vermillion"], PALETTE["orange"], PALETTE["purple"], PALETTE["green"]]


def _combination(options, code: int) -> str:
    taken = [o.short or o.label for k, o in enumerate(options) if code >> k & 1]
    return " + ".join(taken) if taken else "none"


def state_map(graph, equilibria, arrows=(), marked=(), title: str = "") -> Figure:
    """The state graph of an option-form conflict, drawn as grids of states.

    Columns are the first decision maker's choices and rows the middle decision makers'; with
    three or more decision makers there is one panel per choice of the last one. So the first
    decision maker moves along a row, the middle ones along a column and the last one between
    panels. Each state is coloured by the notions it is an equilibrium under (``equilibria``:
    ``(4, n)`` boolean, Nash, GMR, SMR, SEQ); ``arrows`` are ``(from, to, mover)`` moves to
    draw, coloured by mover; ``marked`` are ``(state, text)`` labels for named states.
    """
    from matplotlib.lines import Line2D

    dms = graph.conflict.decision_makers
    first, last = dms[0], dms[-1] if len(dms) >= 3 else None
    middle = dms[1:-1] if last is not None else dms[1:]
    widths = [len(dm.options) for dm in dms]
    mid_opts = [o for dm in middle for o in dm.options]
    codes = graph.codes.astype(np.int64)
    k1, km = widths[0], len(mid_opts)
    c_code = codes & ((1 << k1) - 1)
    r_code = (codes >> k1) & ((1 << km) - 1)
    f_code = codes >> (k1 + km) if last is not None else np.zeros_like(codes)
    cols, rows, facets = (sorted(set(a.tolist())) for a in (c_code, r_code, f_code))
    x = np.searchsorted(cols, c_code).astype(float)
    y = np.searchsorted(rows, r_code).astype(float)
    panel = np.searchsorted(facets, f_code)
    names = ("nash", "gmr", "smr", "seq")
    wide = width() > 5          # full text width: panels side by side; one column: stacked
    ncols = 2 if len(facets) > 1 and wide else 1
    nrows = -(-len(facets) // ncols)
    height = nrows * (0.28 * len(rows) + (1.0 if wide else 0.35)) + (0.9 if wide else 3.4)
    with style():
        fig = Figure(figsize=(width(), height))
        axes = fig.subplots(nrows, ncols, squeeze=False,
                                 sharex=True, sharey=True)
        axes = axes.ravel()
        used = []
        for p, f in enumerate(facets):
            ax = axes[p]
            for j in range(len(cols) + 1):
                ax.axvline(j - 0.5, color=PALETTE["grey"], lw=0.3, alpha=0.5)
            ax.hlines(np.arange(len(rows) + 1) - 0.5, -0.5, len(cols) - 0.5,
                      color=PALETTE["grey"], lw=0.3, alpha=0.5)
            if last is not None:
                ax.set_title(f"{last.label}: {_combination(last.options, f)}", fontsize=7.5,
                             loc="center" if wide else "right")
            ax.set_xticks(range(len(cols)), [_combination(first.options, c) for c in cols],
                          rotation=35, ha="right", rotation_mode="anchor")
            ax.set_yticks(range(len(rows)), [_combination(mid_opts, r) for r in rows])
            ax.set_xlim(-0.5, len(cols) - 0.5)
            ax.set_ylim(len(rows) - 0.5, -0.5)
            ax.tick_params(length=0, labelsize=6.5)
            for spine in ax.spines.values():
                spine.set_visible(False)
        for ax in axes[len(facets):]:
            ax.set_visible(False)
        for s in range(graph.n):
            key = tuple(n for k, n in enumerate(names) if equilibria[k, s])
            colour, label = EQUILIBRIUM_STYLES.get(key, (PALETTE["grey"], ", ".join(key)))
            axes[panel[s]].scatter(x[s], y[s], s=38, color=colour, edgecolor="black", lw=0.6,
                                   zorder=3)
            if label not in used:
                used.append(label)
        crossing = [(a, b, m) for a, b, m in arrows if panel[a] != panel[b]]
        for a, b, mover in arrows:
            if panel[a] != panel[b]:
                continue
            # bend every arrow towards the left (inside the figure): positive rad bends an
            # upward arrow to the right, a downward one to the left
            up = y[b] < y[a]
            style_ = dict(arrowstyle="-|>", color=MOVER_COLOURS[mover % 4], lw=1.0, shrinkA=4,
                          shrinkB=4, mutation_scale=7, zorder=2,
                          connectionstyle=f"arc3,rad={-0.2 if up else 0.2}")
            fig.add_artist(ConnectionPatch((x[a], y[a]), (x[b], y[b]), "data", "data",
                                           axesA=axes[panel[a]], axesB=axes[panel[b]],
                                           **style_))
        for s, _ in marked:
            axes[panel[s]].scatter(x[s], y[s], s=120, facecolor="none",
                                   edgecolor=PALETTE["vermillion"], lw=1.1, zorder=4)
        for ax in axes[max(0, len(facets) - ncols):len(facets)]:   # inside the figure
            ax.set_xlabel(f"{first.label}'s choice (moves along a row)",
                          loc="center" if wide else "right")
        who = " and ".join(dm.label for dm in middle)
        fig.supylabel(f"{who}'s choice (moves along a column)", fontsize=8)
        def blank() -> Line2D:
            return Line2D([], [], ls="", label=" ")

        styles = [Line2D([], [], marker="o", ls="", markerfacecolor=c, markeredgecolor="black",
                         label=lab) for c, lab in EQUILIBRIUM_STYLES.values() if lab in used]
        moves = [Line2D([], [], color=MOVER_COLOURS[m % 4], lw=1.2,
                        label=f"improving move of {graph.dm_labels[m]}")
                 for m in sorted({m for _, _, m in arrows})]
        if crossing:
            moves.append(Line2D([], [], ls="", label="(to another panel: along grid\n"
                                                     "lines, beside the panels)"))
        named = [Line2D([], [], ls="", label=f"{number}: {text}")
                 for number, (_, text) in enumerate(marked, 1)]
        rows_ = max(len(styles), len(moves), len(named)) if wide else 0
        handles = [h for group in (styles, moves, named) if group
                   for h in group + [blank() for _ in range(rows_ - len(group))]]
        fig.legend(handles=handles, loc="outside lower center", frameon=False,
                   ncol=sum(1 for g in (styles, moves, named) if g) if wide else 1,
                   handletextpad=0.4, columnspacing=1.5)
        if title:
            fig.suptitle(title)
        # Routes and numbers last, measured in the figure's final layout.
        routes = _lanes(fig, axes, ncols, crossing, panel, x, y, len(cols), wide)
        _number_states(fig, axes, marked, panel, x, y, routes)
        return fig


LANE = 5.0         # points between the routes of moves to another panel, beside the panels
FIRST_LANE = 9.0   # points from the grid to the first (room for a state's number beside it)


class _Route(FancyArrowPatch):
    """An arrow along a route in display units, recomputed whenever the figure is drawn (after
    its layout, at the resolution it is drawn at)."""

    def __init__(self, route, **kwargs) -> None:
        super().__init__(path=Path(np.zeros((2, 2))), transform=IdentityTransform(), **kwargs)
        self._route = route
        self.set_in_layout(False)

    def draw(self, renderer) -> None:
        self._path_original = self._route()
        super().draw(renderer)

    def get_path(self) -> Path:
        self._path_original = self._route()
        return super().get_path()


def _rounded(points: np.ndarray, radius: float) -> Path:
    """A polyline with its corners rounded (quadratic Bézier curves of ``radius``)."""
    verts, codes = [points[0]], [Path.MOVETO]
    for prev, at, nxt in zip(points[:-2], points[1:-1], points[2:]):
        a, b = at - prev, nxt - at
        la, lb = float(np.hypot(*a)), float(np.hypot(*b))
        r = min(radius, la / 2, lb / 2)
        if r <= 0:
            continue
        verts += [at - r * a / la, at, at + r * b / lb]
        codes += [Path.LINETO, Path.CURVE3, Path.CURVE3]
    verts.append(points[-1])
    codes.append(Path.LINETO)
    return Path(np.array(verts), codes)


def _lanes(fig: Figure, axes, ncols: int, crossing, panel, x, y, n_cols: int,
           wide: bool) -> list:
    """Moves to another panel drawn along the grid lines and beside the panels, never across a
    title or a state: out of the state half a row to the grid line towards the target, along
    it to a lane right of the panel's grid, along the lane to the target's grid line (or, for a
    panel beside it, straight along the shared grid line) and in. Each move gets its own lane,
    the shortest innermost; room for the lanes is kept right of the panels. Returns the
    routes (callables giving their points in display units)."""
    if not crossing:
        return []
    order = sorted(range(len(crossing)), key=lambda k: (
        abs(panel[crossing[k][1]] // ncols - panel[crossing[k][0]] // ncols), k))
    lane = {k: rank for rank, k in enumerate(order)}
    # Room for the lanes inside each panel, right of its grid: the axes reach further right,
    # the titles stay over the grid.
    fig.draw_without_rendering()
    room = FIRST_LANE + LANE * len(crossing) + 2
    grid = axes[0].bbox.width * 72 / fig.dpi
    extra = room * n_cols / max(grid - room, 1.0)
    share = n_cols / (n_cols + extra)
    loc = "center" if wide else "right"
    for ax in axes:
        ax.set_xlim(-0.5, n_cols - 0.5 + extra)
        if ax.get_title(loc=loc):
            ax.set_title(ax.get_title(loc=loc), loc=loc, fontsize=7.5,
                         x=share / 2 if wide else share)
    routes = []
    for k, (a, b, mover) in enumerate(crossing):
        ax_a, ax_b = axes[panel[a]], axes[panel[b]]

        def route(ax_a=ax_a, ax_b=ax_b, a=a, b=b, k=k):
            px = fig.dpi / 72
            s = ax_a.transData.transform((x[a], y[a]))
            t = ax_b.transData.transform((x[b], y[b]))
            half = abs(ax_a.transData.transform((0, 0.5))[1]
                       - ax_a.transData.transform((0, 0))[1])
            level = abs(t[1] - s[1]) <= px           # a panel beside it
            # (beside it on the left: below the row, where a leftward move's arc does not go)
            up = t[0] > s[0] if level else t[1] > s[1]
            ys = s[1] + (half if up else -half)
            yt = t[1] + (-half if t[1] > s[1] else half)
            end = t[1] + (1 if (ys if level else yt) > t[1] else -1) * 5.5 * px
            start = s[1] + (1 if up else -1) * 6 * px
            if level:                                 # straight along the shared grid line
                points = [(s[0], start), (s[0], ys), (t[0], ys), (t[0], end)]
            else:
                edge = ax_a.transData.transform((n_cols - 0.5, 0))[0]
                side = edge + (FIRST_LANE + LANE * lane[k]) * px
                points = [(s[0], start), (s[0], ys), (side, ys), (side, yt), (t[0], yt),
                          (t[0], end)]
            return _rounded(np.array(points, dtype=float), 3 * px)

        fig.add_artist(_Route(route, arrowstyle="-|>", color=MOVER_COLOURS[mover % 4], lw=1.0,
                              mutation_scale=7, zorder=2))
        routes.append(route)
    return routes


def _number_states(fig: Figure, axes, marked, panel, x, y, routes) -> None:
    """The numbers of the named states, each beside its ring where no arrow or other state
    is (:class:`~negotiation.plots.place.Placer`): upper right if free, else to its right,
    lower right, or the same on its left."""
    if not marked:
        return
    fig.draw_without_rendering()
    pixels = []
    for route in routes:
        pts = route().to_polygons(closed_only=False)
        pixels += [np.stack([p[:-1], p[1:]], axis=1) for p in pts if len(p) > 1]
    for patch in fig.artists:
        if isinstance(patch, ConnectionPatch):
            for p in patch.get_transform().transform_path(patch.get_path()).to_polygons(
                    closed_only=False):
                if len(p) > 1:
                    pixels.append(np.stack([p[:-1], p[1:]], axis=1))
    segments = np.concatenate(pixels) if pixels else np.empty((0, 2, 2))
    ringed = {s for s, _ in marked}
    corners = [(6, 5, "left", "bottom"), (7.5, 0, "left", "center"), (6, -5, "left", "top"),
               (-6, 5, "right", "bottom"), (-7.5, 0, "right", "center"),
               (-6, -5, "right", "top")]
    placers = {}
    for number, (s, _) in enumerate(marked, 1):
        p = int(panel[s])
        if p not in placers:
            here = np.flatnonzero(panel == p)
            placers[p] = Placer(axes[p], markers=np.column_stack([x[here], y[here]]),
                                radius=np.where(np.isin(here, list(ringed)), 4.5, 3.0),
                                pixels=segments, margin=0.5)
        placers[p].place(str(number), (x[s], y[s]), corners, fontsize=7, fontweight="bold",
                         color=PALETTE["vermillion"], zorder=5)


def _node_label(graph, s: int) -> str:
    """A state's name in words (wrapped), or its code."""
    import textwrap

    name = graph.display(s)
    return name if name == graph.states[s] else textwrap.fill(name.replace("_", " "), 14)


def _notions_key(equilibria: dict, s: int) -> tuple[str, ...]:
    return tuple(n for n in ("nash", "gmr", "smr", "seq") if n in equilibria and equilibria[n][s])


def evolution_paths(graph, status_quo, limit: int = 12, ax=None) -> Figure:
    """The evolution paths of a status-quo analysis as a tree drawn on the state graph: the
    start on the left, one column per step, one shortest path to each reachable equilibrium
    (shared beginnings drawn once). Each state is coloured by the notions it is an equilibrium
    under; each step is an arrow drawn in its mover's style (a decision maker's colour, or a
    thick black or grey line for a coalition moving jointly); paths that need moves which are
    not improvements are pale. At most ``limit`` paths are drawn: to the equilibria under the
    most concepts first, then the shortest (the tables list all)."""
    import numpy as np
    from matplotlib.lines import Line2D

    sq = status_quo
    def strength(s: int) -> int:     # equilibria under more concepts first
        return -sum(bool(eq[s]) for eq in sq.equilibria.values())

    chosen = sorted([(0, strength(s), len(p), s, p) for s, p in sq.paths.items()]
                    + [(1, strength(s), len(p), s, p) for s, p in sq.paths_by_moves.items()])
    drawn = [(kind, length, s, p) for kind, _, length, s, p in chosen[:limit]]
    # the tree of path prefixes: the root () is the start; a node is (dashed,) + its steps
    children: dict = {(): []}
    for kind, _, _, path in drawn:
        prefix: tuple = ()
        for step in path:
            nxt = (prefix or (kind > 0,)) + (step,)
            if nxt not in children.setdefault(prefix, []):
                children[prefix].append(nxt)
            prefix = nxt
    y: dict = {}
    row = 0

    def place(node) -> float:
        nonlocal row
        kids = children.get(node, [])
        if kids:
            y[node] = float(np.mean([place(k) for k in kids]))
        else:
            y[node], row = row, row + 1
        return y[node]

    place(())
    depth = max(max(0, len(node) - 1) for node in y)
    movers = sorted({node[-1][0] for node in y if node}, key=lambda w: (len(w), w))
    # a decision maker's steps in its colour; a coalition's thick, black or grey, solid,
    # dash-dotted or dotted
    look = {w: (MOVER_COLOURS[w[0] % 4], 1.1, "-") for w in movers if len(w) == 1}
    look |= {w: ((PALETTE["black"], PALETTE["grey"])[k % 2], 2.0, ("-", "-.", ":")[k // 2 % 3])
             for k, w in enumerate(w for w in movers if len(w) > 1)}
    rows = max(1.0, max(y.values(), default=0) + 1)
    labels = {node: _node_label(graph, node[-1][2] if node else sq.start) for node in y}
    spacing = 0.34 + 0.12 * max(label.count("\n") for label in labels.values())
    kinds = {_notions_key(sq.equilibria, node[-1][2] if node else sq.start) for node in y}
    legend = len(kinds) + len(movers) + 4        # one line each, and a few notes
    with style():
        height = 0.9 + spacing * rows + 0.15 * legend
        fig = ax.figure if ax is not None else Figure(figsize=(width(), height))
        ax = ax if ax is not None else fig.subplots()
        used = []
        for node, yy in y.items():
            s = node[-1][2] if node else sq.start
            x = max(0, len(node) - 1)
            for kid in children.get(node, []):
                colour, lw, ls = look[kid[-1][0]]
                ax.annotate("", (len(kid) - 1, y[kid]), (x, yy), arrowprops=dict(
                    arrowstyle="-|>", color=colour, lw=lw, ls=ls, mutation_scale=7, shrinkA=5,
                    shrinkB=5, alpha=0.45 if kid[0] else 1.0))
            key = _notions_key(sq.equilibria, s)
            fill, label = EQUILIBRIUM_STYLES.get(key, (PALETTE["grey"], ", ".join(key)))
            used.append(label)
            ax.scatter(x, yy, s=34, color=fill, edgecolor="black", lw=0.6, zorder=3)
            if not node:
                ax.scatter(x, yy, s=110, facecolor="none", edgecolor=PALETTE["vermillion"],
                           lw=1.1, zorder=4)
            # labels where no arrow ends: right of a leaf; above or below an inner state,
            # away from the arrow that comes in
            # (along a straight run, alternately above and below, so neighbours do not meet)
            parent = y[node[:-1] if len(node) > 2 else ()] if node else yy
            below = dict(xytext=(0, -6), ha="center", va="top")
            above = dict(xytext=(0, 6), ha="center", va="bottom")
            if node and not children.get(node):
                place_at = dict(xytext=(6, 0), ha="left", va="center")
            elif parent != yy:
                place_at = below if parent < yy else above
            else:
                place_at = above if x % 2 else below
            ax.annotate(labels[node], (x, yy), textcoords="offset points", fontsize=6.5,
                        zorder=5, linespacing=0.95, **place_at,
                        bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none",
                                  alpha=0.85))
        # room on the right for the longest label of a last state (about 0.056 in a character)
        leaf = max((len(labels[n].split("\n")[0]) for n in y if n and not children.get(n)),
                   default=0) * 0.056 + 0.15
        share = min(0.5, leaf / fig.get_figwidth())
        ax.set_xlim(-0.4, depth + 0.1 + share / (1 - share) * (depth + 0.5))
        ax.set_ylim(rows - 0.4, -0.75)
        ax.set_xticks(range(depth + 1))
        ax.set_yticks([])
        ax.set_xlabel(f"steps from {labels[()].replace(chr(10), ' ')}")
        for side in ("left", "top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Line2D([], [], marker="o", ls="", markerfacecolor=c, markeredgecolor="black",
                          label=lab) for c, lab in EQUILIBRIUM_STYLES.values() if lab in used]
        handles += [Line2D([], [], color=look[w][0], lw=look[w][1], ls=look[w][2], label=(
            f"step of {graph.dm_labels[w[0]]}" if len(w) == 1 else
            " + ".join(graph.dm_labels[k] for k in w) + " jointly")) for w in movers]
        if any(node and node[0] for node in y):
            handles.append(Line2D([], [], color="black", lw=1.1, alpha=0.45,
                                  label="pale: not by improvements"))
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="none",
                              markeredgecolor=PALETTE["vermillion"], label="start"))
        if len(chosen) > limit:
            handles.append(Line2D([], [], ls="", label=f"{limit} of {len(chosen):,} paths shown"))
        if not chosen or not any(len(p) for *_, p in drawn):
            handles.append(Line2D([], [], ls="", label="no equilibrium reachable by a step"))
        fig.legend(handles=handles, loc="outside lower center", frameon=False,
                   ncol=2 if fig.get_figwidth() > 5 else 1, handletextpad=0.4,
                   columnspacing=1.2)
        return fig
