"""Figures of what would need to change: thresholds (tornado), sweeps and robustness.
"""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from negotiation.plots.style import (
    PALETTE,
    VERDICT_COLOURS,
    VERDICT_LABELS,
    new_axes,
    style,
    width,
    wrap,
)


def tornado(thresholds, model, limit: int = 15, title: str | None = None, ax=None) -> Figure:
    """Parameters ranked by how little they must move to change the verdict."""
    from negotiation.model.labels import constraint_text, parameter_label

    numeric = [t for t in thresholds if t.kind == "number" and t.distance is not None]
    numeric = sorted(numeric, key=lambda t: (t.distance, t.parameter))[:limit]
    lines = [t for t in thresholds if t.kind == "red_line" and t.upper_verdict]
    specs = {s.id: s for s in model.constraints()}
    with style():
        rows = len(numeric) + len(lines)
        fig, ax = new_axes(ax, (width(), 1.0 + 0.26 * max(rows, 2)))
        if not rows:
            ax.text(0.5, 0.5, wrap("No single parameter or red line changes the verdict: "
                                   "only combined revisions (the minimal correction sets) do.",
                                   48), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            if title:
                ax.set_title(title, fontsize=7.5)
            return fig
        labels = []
        for y, t in enumerate(numeric):
            for bound, verdict in ((t.lower, t.lower_verdict), (t.upper, t.upper_verdict)):
                if bound is None:
                    continue
                delta = bound - t.current
                ax.barh(y, delta, color=VERDICT_COLOURS[verdict], height=0.6)
                # The new value sits at the bar's tip, inside it on the left side so it never
                # runs into the parameter names.
                ax.text(delta, y, f" {bound:.3g} ", va="center", fontsize=5.5,
                        ha="left", color="black" if delta >= 0 else "white")
            labels.append(wrap(parameter_label(model, t.parameter), 42))
        for k, t in enumerate(lines):
            y = len(numeric) + k
            ax.scatter([0], [y], marker="X", color=VERDICT_COLOURS[t.upper_verdict], s=22)
            labels.append(wrap("drop: " + constraint_text(model, specs[t.parameter]), 42))
        ax.axvline(0, color=PALETTE["black"], lw=0.6)
        ax.set_yticks(range(rows), labels, fontsize=5.4)
        ax.set_ylim(rows - 0.5, -0.5)
        ax.set_xlabel("change that flips the verdict\n(at the bar's end: the value there)",
                      fontsize=6.5)
        reach = max([abs(b - t.current) for t in numeric for b in (t.lower, t.upper)
                     if b is not None] + [0.1])
        ax.set_xlim(-1.25 * reach, 1.25 * reach)
        verdicts = sorted({t.lower_verdict for t in numeric if t.lower_verdict}
                          | {t.upper_verdict for t in numeric if t.upper_verdict}
                          | {t.upper_verdict for t in lines})
        ax.legend(handles=[Rectangle((0, 0), 1, 1, color=VERDICT_COLOURS[v],
                                         label=f"becomes {VERDICT_LABELS[v]}") for v in verdicts],
                  loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(verdicts),
                  fontsize=6, frameon=False)
        if title:
            ax.set_title(title, fontsize=7.5, pad=14)
        return fig


def sweep_figure(result, model, title: str | None = None, ax=None) -> Figure:
    """A line (one parameter) or a heatmap with the verdict regions outlined (two)."""
    import numpy as np

    from negotiation.model.labels import parameter_label

    with style():
        if len(result.parameters) == 1:
            fig, ax = new_axes(ax, (width(), 2.2))
            x = result.axes[0]
            sizes = np.where(result.sizes < 0, np.nan, result.sizes)
            ax.plot(x, sizes, color=PALETTE["black"], lw=1)
            for verdict, colour in VERDICT_COLOURS.items():
                mask = result.verdicts == verdict
                if mask.any():
                    ax.fill_between(x, 0, 1, where=mask, color=colour, alpha=0.25, lw=0,
                                    transform=ax.get_xaxis_transform())
                    ax.plot([], [], color=colour, alpha=0.5, lw=6, label=VERDICT_LABELS[verdict])
            ax.set_xlabel(wrap(parameter_label(model, result.parameters[0]), 60))
            ax.set_ylabel(wrap("settlements in the bargaining set", 24), fontsize=6.5)
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
            ax.set_ylim(bottom=0)
            ax.legend(fontsize=6, frameon=False)
        else:
            fig, ax = new_axes(ax, (width(), 2.9))
            x, y = result.axes
            sizes = np.where(result.sizes < 0, np.nan, result.sizes.astype(float)).T
            image = ax.pcolormesh(x, y, sizes, cmap="cividis", shading="nearest")
            bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
            bar.set_label("settlements in the bargaining set", fontsize=6)
            bar.locator = matplotlib.ticker.MaxNLocator(integer=True)
            bar.update_ticks()
            codes = {v: n for n, v in enumerate(VERDICT_COLOURS)}
            code = np.vectorize(lambda v: codes.get(v, -1))(result.verdicts).T.astype(float)
            if len(np.unique(code)) > 1:
                ax.contour(x, y, code, levels=np.arange(len(codes)) + 0.5, colors="white",
                           linewidths=1.2)
            from scipy import ndimage

            present = [v for v in VERDICT_COLOURS if (result.verdicts == v).any()]
            for v in present:
                # The label goes where the region is deepest, away from every boundary.
                inside = np.pad(result.verdicts.T == v, 1)
                depth = ndimage.distance_transform_edt(inside)[1:-1, 1:-1]
                iy, ix = np.unravel_index(int(np.argmax(depth)), depth.shape)
                ax.text(x[ix], y[iy], VERDICT_LABELS[v], ha="center", va="center", fontsize=6.5,
                        color="white", fontweight="bold")
            ax.set_xlabel(wrap(parameter_label(model, result.parameters[0]), 55))
            ax.set_ylabel(wrap(parameter_label(model, result.parameters[1]), 40))
        if title:
            ax.set_title(wrap(title, 60), fontsize=7.5)
        return fig


def robustness_figure(result, model, title: str | None = None) -> Figure:
    """Verdict probabilities with 95 % intervals, and how often each constraint is in a MUS."""
    import numpy as np

    from negotiation.model.labels import short_constraint

    specs = {s.id: s for s in model.constraints()}
    show_mus = bool(result.mus_draws) and any(result.in_mus.values())
    with style():
        if show_mus:
            fig = Figure(figsize=(width(), 1.4 + 0.14 * len(result.in_mus)))
            top, bottom = fig.subplots(
                2, 1, height_ratios=[1.1, 0.14 * len(result.in_mus) + 0.3])
        else:
            fig = Figure(figsize=(width(), 1.5))
            top = fig.subplots()
            bottom = None
        verdicts = [v for v in VERDICT_COLOURS if v in result.verdict_counts]
        for n, v in enumerate(verdicts):
            p, lo, hi = result.probability(v)
            top.barh(n, p, color=VERDICT_COLOURS[v], height=0.6)
            top.errorbar(p, n, xerr=[[max(0.0, p - lo)], [max(0.0, hi - p)]],
                         color=PALETTE["black"], capsize=2, lw=0.8)
            inside = p > 0.75
            top.text(p - 0.02 if inside else p + 0.02, n, f"{100 * p:.1f}%", va="center",
                     ha="right" if inside else "left", fontsize=6.5,
                     color="white" if inside else "black")
        top.set_yticks(range(len(verdicts)), [VERDICT_LABELS[v] for v in verdicts])
        top.set_xlim(0, 1)
        top.set_xlabel(f"probability over {result.draws:,} draws", fontsize=6.5)
        ids = list(result.in_mus)
        if bottom is None:
            if title:
                top.set_title(wrap(title, 60), fontsize=7.5)
            return fig
        share = np.array([result.in_mus[c] / max(result.mus_draws, 1) for c in ids])
        bottom.barh(range(len(ids)), share, color=PALETTE["blue"], height=0.6)
        bottom.set_yticks(range(len(ids)), [short_constraint(model, specs[c]) for c in ids],
                          fontsize=6)
        bottom.set_ylim(len(ids) - 0.5, -0.5)
        bottom.set_xlim(0, 1)
        bottom.set_xlabel(f"share of the first {result.mus_draws:,} draws in which it is\n"
                          "in a minimal incompatible set", fontsize=6.5)
        if title:
            top.set_title(wrap(title, 60), fontsize=7.5)
        return fig
