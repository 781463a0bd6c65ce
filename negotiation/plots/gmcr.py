"""Figures of the graph model: the state map with equilibria and moves, and the evolution paths
of a status-quo analysis.
"""

from __future__ import annotations

from matplotlib.figure import Figure

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
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.patches import ConnectionPatch

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
            for i in range(len(rows) + 1):
                ax.axhline(i - 0.5, color=PALETTE["grey"], lw=0.3, alpha=0.5)
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
        for a, b, mover in arrows:
            # bend every arrow towards the left (inside the figure): positive rad bends an
            # upward arrow to the right, a downward one to the left
            up = (panel[b] // ncols, y[b]) < (panel[a] // ncols, y[a])
            style_ = dict(arrowstyle="-|>", color=MOVER_COLOURS[mover % 4], lw=1.0, shrinkA=4,
                          shrinkB=4, mutation_scale=7, zorder=2,
                          connectionstyle=f"arc3,rad={-0.2 if up else 0.2}")
            fig.add_artist(ConnectionPatch((x[a], y[a]), (x[b], y[b]), "data", "data",
                                           axesA=axes[panel[a]], axesB=axes[panel[b]],
                                           **style_))
        for number, (s, _) in enumerate(marked, 1):
            ax = axes[panel[s]]
            ax.scatter(x[s], y[s], s=120, facecolor="none", edgecolor=PALETTE["vermillion"],
                       lw=1.1, zorder=4)
            ax.annotate(str(number), (x[s], y[s]), xytext=(6, 5), textcoords="offset points",
                        fontsize=7, fontweight="bold", color=PALETTE["vermillion"], zorder=5)
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
        return fig


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
