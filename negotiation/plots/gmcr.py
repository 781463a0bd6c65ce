"""Figures of the graph model: the state map with equilibria and moves.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from negotiation.plots.style import PALETTE, style, width

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
    ncols = 2 if len(facets) > 1 else 1
    nrows = -(-len(facets) // ncols)
    height = nrows * (0.28 * len(rows) + 1.0) + 0.9
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
                ax.set_title(f"{last.label}: {_combination(last.options, f)}", fontsize=7.5)
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
            style_ = dict(arrowstyle="-|>", color=MOVER_COLOURS[mover % 4], lw=1.0, shrinkA=4,
                          shrinkB=4, mutation_scale=7, connectionstyle="arc3,rad=0.2", zorder=2)
            fig.add_artist(ConnectionPatch((x[a], y[a]), (x[b], y[b]), "data", "data",
                                           axesA=axes[panel[a]], axesB=axes[panel[b]],
                                           **style_))
        for number, (s, _) in enumerate(marked, 1):
            ax = axes[panel[s]]
            ax.scatter(x[s], y[s], s=120, facecolor="none", edgecolor=PALETTE["vermillion"],
                       lw=1.1, zorder=4)
            ax.annotate(str(number), (x[s], y[s]), xytext=(6, 5), textcoords="offset points",
                        fontsize=7, fontweight="bold", color=PALETTE["vermillion"], zorder=5)
        for ax in axes[max(0, len(facets) - ncols):len(facets)]:
            ax.set_xlabel(f"{first.label}'s choice (moves along a row)")
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
        rows_ = max(len(styles), len(moves), len(named))
        handles = [h for group in (styles, moves, named) if group
                   for h in group + [blank() for _ in range(rows_ - len(group))]]
        fig.legend(handles=handles, loc="outside lower center", frameon=False,
                   ncol=sum(1 for g in (styles, moves, named) if g),
                   handletextpad=0.4, columnspacing=1.5)
        if title:
            fig.suptitle(title)
        return fig
