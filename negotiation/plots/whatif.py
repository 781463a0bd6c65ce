"""Figures of what would need to change: thresholds (tornado), sweeps and robustness.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from negotiation._util.words import counted
from negotiation.plots.style import (
    PALETTE,
    SMALL,
    VERDICT_COLOURS,
    VERDICT_HATCHES,
    VERDICT_LABELS,
    chars,
    legend_below,
    new_axes,
    style,
    suptitle,
    verdict_patch,
    width,
    wrap,
)

__all__ = ["robustness_figure", "robustness_is_trivial", "sweep_figure", "tornado",
           "tornado_is_empty"]


def tornado_is_empty(thresholds) -> str | None:
    """Why a tornado figure would have no bars (no single parameter or red line changes the
    verdict), or ``None`` when it has some."""
    moves = [t for t in thresholds if (t.kind == "number" and t.distance is not None)
             or (t.kind == "red_line" and t.upper_verdict)]
    if moves:
        return None
    return ("no single parameter or red line changes the verdict; only combined revisions "
            "(the minimal correction sets) do")


def tornado(thresholds, model, limit: int = 15, title: str | None = None, ax=None) -> Figure:
    """Parameters ranked by how little they must move to change the verdict (a bar from today's
    value to the threshold, the new value at its tip), then the red lines whose removal alone
    changes it (a cross). Draws nothing but a sentence when nothing changes the verdict; callers
    writing papers skip the figure then."""
    from negotiation.model.labels import parameter_label, short_constraint

    numeric = [t for t in thresholds if t.kind == "number" and t.distance is not None]
    numeric = sorted(numeric, key=lambda t: (t.distance, t.parameter))[:limit]
    lines = [t for t in thresholds if t.kind == "red_line" and t.upper_verdict]
    specs = {s.id: s for s in model.constraints()}
    label_chars = chars(SMALL, 0.45)
    labels = [wrap(parameter_label(model, t.parameter), label_chars) for t in numeric]
    labels += [wrap("without " + short_constraint(model, specs[t.parameter]), label_chars)
               for t in lines]
    # Rows as tall as their labels: a label of k lines takes 1 + 0.9 (k - 1) bar pitches.
    pitch = [1 + 0.9 * label.count("\n") for label in labels]
    ys = [sum(pitch[:k]) + pitch[k] / 2 - 0.5 for k in range(len(pitch))]
    height = 1.25 + 0.14 * sum(pitch) + 0.15 * bool(title)
    with style():
        rows = len(labels)
        fig, ax = new_axes(ax, (width(), max(height, 1.6)))
        if not rows:
            ax.text(0.5, 0.5, wrap("No single parameter or red line changes the verdict: "
                                   "only combined revisions (the minimal correction sets) do.",
                                   chars(7, 0.9)), ha="center", va="center",
                    transform=ax.transAxes, fontsize=7)
            ax.set_axis_off()
            suptitle(fig, title)
            return fig
        reach = max([abs(b - t.current) for t in numeric for b in (t.lower, t.upper)
                     if b is not None] + [0.1])
        for y, t in enumerate(numeric):
            for bound, verdict in ((t.lower, t.lower_verdict), (t.upper, t.upper_verdict)):
                if bound is None:
                    continue
                delta = bound - t.current
                ax.barh(ys[y], delta, color=VERDICT_COLOURS[verdict], height=0.6,
                        hatch=VERDICT_HATCHES[verdict], edgecolor="white", lw=0)
                # The new value beyond the bar's tip, away from the parameter names.
                ax.text(delta + (0.02 if delta >= 0 else -0.02) * reach, ys[y], f"{bound:.3g}",
                        va="center", ha="left" if delta >= 0 else "right", fontsize=SMALL)
        for k, t in enumerate(lines):
            ax.scatter([0], [ys[len(numeric) + k]], marker="X", s=24,
                       color=VERDICT_COLOURS[t.upper_verdict], zorder=3)
        ax.axvline(0, color=PALETTE["black"], lw=0.6)
        ax.set_yticks(ys, labels, fontsize=SMALL)
        ax.tick_params(axis="x", labelsize=SMALL)
        ax.set_ylim(sum(pitch) - 0.5, -0.5)
        ax.set_xlabel(wrap("change from today's value that changes the verdict (number: the "
                           "value at which it changes)", chars(SMALL, 0.5)), fontsize=SMALL)
        ax.set_xlim(-1.5 * reach, 1.5 * reach)
        verdicts = sorted({t.lower_verdict for t in numeric if t.lower_verdict}
                          | {t.upper_verdict for t in numeric if t.upper_verdict}
                          | {t.upper_verdict for t in lines})
        handles = [verdict_patch(v, f"becomes {VERDICT_LABELS[v]}") for v in verdicts]
        if lines:
            handles.append(Line2D([], [], marker="X", ls="", color=PALETTE["grey"], ms=5,
                                  label="red line dropped"))
        legend_below(fig, handles)
        suptitle(fig, title)
        return fig


def _runs(values: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` index ranges of equal consecutive values."""
    change = np.flatnonzero(values[1:] != values[:-1]) + 1
    edges = [0, *change.tolist(), len(values)]
    return list(zip(edges[:-1], edges[1:]))


def sweep_figure(result, model, title: str | None = None, ax=None) -> Figure:
    """One parameter: the size of the bargaining set as a line over bands of the verdict. Two
    parameters: the size as a heatmap, the verdict regions outlined and named. Points that are
    not valid models (weights that cannot sum to 1) are left blank and the legend says so. When
    the size is not counted (integer programming), the verdict alone is drawn and the legend
    says the size is not counted."""
    from negotiation.model.labels import parameter_label

    invalid = bool((result.verdicts == "invalid").any())
    present = [v for v in VERDICT_COLOURS if (result.verdicts == v).any()]
    if result.sizes is None:
        return _verdict_sweep(result, model, present, invalid, title, ax)
    with style():
        if len(result.parameters) == 1:
            fig, ax = new_axes(ax, (width(), 2.5 + 0.15 * bool(title)))
            x = result.axes[0]
            sizes = np.where(result.sizes < 0, np.nan, result.sizes)
            # Bands change verdict halfway between grid points, so they meet without gaps.
            mids = np.concatenate([[x[0]], (x[1:] + x[:-1]) / 2, [x[-1]]])
            for start, stop in _runs(result.verdicts):
                verdict = str(result.verdicts[start])
                if verdict in VERDICT_COLOURS:
                    ax.axvspan(mids[start], mids[stop], color=VERDICT_COLOURS[verdict],
                               alpha=0.35, lw=0, hatch=VERDICT_HATCHES[verdict])
            ax.plot(x, sizes, color=PALETTE["black"], lw=1)
            ax.set_xlim(x[0], x[-1])
            ax.set_xlabel(wrap(parameter_label(model, result.parameters[0]),
                               chars(SMALL, 0.7)), fontsize=SMALL)
            ax.set_ylabel(wrap("settlements in the bargaining set", 26), fontsize=SMALL)
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
            ax.tick_params(labelsize=SMALL)
            ax.set_ylim(bottom=0)
            handles = [verdict_patch(v, alpha=0.35) for v in present]
            handles.append(Line2D([], [], color=PALETTE["black"], lw=1,
                                  label="size of the bargaining set"))
        else:
            fig, ax = new_axes(ax, (width(), 3.3 + 0.15 * bool(title)))
            x, y = result.axes
            sizes = np.where(result.sizes < 0, np.nan, result.sizes.astype(float)).T
            image = ax.pcolormesh(x, y, sizes, cmap="cividis", shading="nearest")
            bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
            bar.set_label("settlements in the bargaining set", fontsize=SMALL)
            bar.locator = matplotlib.ticker.MaxNLocator(integer=True)
            bar.update_ticks()
            bar.ax.tick_params(labelsize=SMALL)
            codes = {v: n for n, v in enumerate(VERDICT_COLOURS)}
            code = np.vectorize(lambda v: codes.get(v, -1))(result.verdicts).T.astype(float)
            if len(np.unique(code)) > 1:
                ax.contour(x, y, code, levels=np.arange(-1, len(codes)) + 0.5, colors="white",
                           linewidths=2.2)
                ax.contour(x, y, code, levels=np.arange(-1, len(codes)) + 0.5,
                           colors=PALETTE["black"], linewidths=0.8)
            from scipy import ndimage

            span_x, span_y = x[-1] - x[0], y[-1] - y[0]
            axes_inches = 0.55 * width()
            for v in present:
                # The label goes where the region is deepest, kept inside the axes.
                inside = np.pad(result.verdicts.T == v, 1)
                depth = ndimage.distance_transform_edt(inside)[1:-1, 1:-1]
                iy, ix = np.unravel_index(int(np.argmax(depth)), depth.shape)
                half = 0.5 * len(VERDICT_LABELS[v]) * 0.6 * SMALL / 72 / axes_inches * span_x
                px = float(np.clip(x[ix], x[0] + half, x[-1] - half))
                py = float(np.clip(y[iy], y[0] + 0.06 * span_y, y[-1] - 0.06 * span_y))
                ax.text(px, py, VERDICT_LABELS[v], ha="center", va="center", fontsize=SMALL,
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
            ax.set_xlabel(wrap(parameter_label(model, result.parameters[0]),
                               chars(SMALL, 0.6)), fontsize=SMALL)
            ax.set_ylabel(wrap(parameter_label(model, result.parameters[1]), 36),
                          fontsize=SMALL)
            ax.tick_params(labelsize=SMALL)
            handles = [Line2D([], [], color=PALETTE["black"], lw=0.8,
                              label="boundary between verdicts")] if len(present) > 1 else []
        if invalid:
            handles.append(Patch(facecolor="white", edgecolor=PALETTE["grey"], lw=0.6,
                                 label="not a valid model (weights cannot sum to 1)"))
        legend_below(fig, handles)
        suptitle(fig, title)
        return fig


_NOT_COUNTED = "size of the bargaining set: not counted (integer programming)"


def _verdict_sweep(result, model, present: list[str], invalid: bool, title: str | None,
                   ax=None) -> Figure:
    """A sweep without sizes: the verdict as bands (one parameter) or regions (two)."""
    from matplotlib.colors import ListedColormap

    from negotiation.model.labels import parameter_label

    with style():
        two = len(result.parameters) == 2
        fig, ax = new_axes(ax, (width(), (3.0 if two else 1.9) + 0.15 * bool(title)))
        x = result.axes[0]
        handles = [verdict_patch(v) for v in present]
        if not two:
            mids = np.concatenate([[x[0]], (x[1:] + x[:-1]) / 2, [x[-1]]])
            for start, stop in _runs(result.verdicts):
                verdict = str(result.verdicts[start])
                if verdict in VERDICT_COLOURS:
                    ax.axvspan(mids[start], mids[stop], facecolor=VERDICT_COLOURS[verdict],
                               edgecolor="white", lw=0, hatch=VERDICT_HATCHES[verdict])
            ax.set_xlim(x[0], x[-1])
            ax.set_yticks([])
        else:
            y = result.axes[1]
            for verdict in present:
                # One hatched mesh per verdict, so that it reads in greyscale as in the legend.
                cells = np.ma.masked_where(result.verdicts.T != verdict,
                                           np.zeros(result.verdicts.T.shape))
                mesh = ax.pcolor(x, y, cells, shading="nearest", edgecolor="white", lw=0,
                                 antialiased=False,
                                 cmap=ListedColormap([VERDICT_COLOURS[verdict]]))
                mesh.set_hatch(VERDICT_HATCHES[verdict])
            ax.set_ylabel(wrap(parameter_label(model, result.parameters[1]), 36),
                          fontsize=SMALL)
        ax.set_xlabel(wrap(parameter_label(model, result.parameters[0]), chars(SMALL, 0.7)),
                      fontsize=SMALL)
        ax.tick_params(labelsize=SMALL)
        if invalid:
            handles.append(Patch(facecolor="white", edgecolor=PALETTE["grey"], lw=0.6,
                                 label="not a valid model (weights cannot sum to 1)"))
        handles.append(Patch(facecolor="none", edgecolor="none", label=_NOT_COUNTED))
        legend_below(fig, handles)
        suptitle(fig, title)
        return fig


def robustness_is_trivial(result) -> str | None:
    """Why a robustness figure would say nothing (nothing in the model is uncertain, or one
    verdict in every draw and no constraint ever in a minimal incompatible set), or ``None``
    when it says something."""
    show_mus = bool(result.mus_draws) and any((result.in_mus or {}).values())
    if not result.uncertain:     # every draw is today's model: shares are 0 % or 100 %
        verdict = next(iter(result.verdict_counts))
        return (f"the model declares no distribution, so its one verdict "
                f"({VERDICT_LABELS[verdict]}) and its minimal incompatible sets are certain")
    if len(result.verdict_counts) == 1 and not show_mus:
        verdict = next(iter(result.verdict_counts))
        return (f"the verdict is {VERDICT_LABELS[verdict]} in every one of the "
                f"{result.draws:,} draws")
    return None


def _percent(k: int, n: int) -> str:
    """A share that never rounds a non-zero count to 0 or an incomplete one to 100."""
    if k == 0 or k == n:
        return f"{100 * k / n:.0f}%"
    p = 100 * k / n
    return f"{p:.1f}%" if 0.1 <= p <= 99.9 else ("<0.1%" if p < 0.1 else ">99.9%")


def robustness_figure(result, model, title: str | None = None) -> Figure:
    """Verdict probabilities with 95 % intervals (Wilson), and how often each constraint is in a
    minimal incompatible set over the first draws."""
    import numpy as np

    from negotiation.model.labels import short_constraint

    specs = {s.id: s for s in model.constraints()}
    show_mus = bool(result.mus_draws) and any((result.in_mus or {}).values())
    ids = [c for c in result.in_mus if result.in_mus[c]] if show_mus else []
    # Constraint names wrapped as the tornado wraps its labels; rows as tall as their names.
    names = [wrap(short_constraint(model, specs[c]), chars(SMALL, 0.6)) for c in ids]
    pitch = [1 + 0.9 * name.count("\n") for name in names]
    ys = [sum(pitch[:k]) + pitch[k] / 2 - 0.5 for k in range(len(pitch))]
    verdicts = [v for v in VERDICT_COLOURS if v in result.verdict_counts]
    with style():
        top_height = 0.55 + 0.2 * len(verdicts)
        if show_mus:
            rows = 0.15 * sum(pitch)
            fig = Figure(figsize=(width(), top_height + 0.8 + rows + 0.15 * bool(title)))
            top, bottom = fig.subplots(2, 1, height_ratios=[top_height, rows + 0.4])
        else:
            fig = Figure(figsize=(width(), top_height + 0.45 + 0.15 * bool(title)))
            top, bottom = fig.subplots(), None
        for n, v in enumerate(verdicts):
            p, lo, hi = result.probability(v)
            top.barh(n, p, color=VERDICT_COLOURS[v], height=0.6, hatch=VERDICT_HATCHES[v],
                     edgecolor="white", lw=0)
            top.errorbar(p, n, xerr=[[max(0.0, p - lo)], [max(0.0, hi - p)]],
                         color=PALETTE["black"], capsize=2, lw=0.8)
            inside = p > 0.7
            top.text(p - 0.06 if inside else p + 0.03, n,
                     _percent(result.verdict_counts[v], result.draws), va="center",
                     ha="right" if inside else "left", fontsize=SMALL,
                     color="white" if inside else "black",
                     bbox=dict(boxstyle="square,pad=0.1", lw=0,
                               fc=VERDICT_COLOURS[v] if inside else "white"))
        top.set_yticks(range(len(verdicts)), [VERDICT_LABELS[v] for v in verdicts],
                       fontsize=SMALL)
        top.set_ylim(len(verdicts) - 0.5, -0.5)
        top.set_xlim(0, 1)
        top.tick_params(axis="x", labelsize=SMALL)
        top.set_xlabel(wrap(f"probability over {counted(result.draws, 'draw')} (whiskers: "
                            "95% interval)", chars(SMALL, 0.45)), fontsize=SMALL)
        if bottom is not None:
            share = np.array([result.in_mus[c] / max(result.mus_draws, 1) for c in ids])
            bottom.barh(ys, share, color=PALETTE["blue"], height=0.6)
            bottom.set_yticks(ys, names, fontsize=SMALL)
            bottom.set_ylim(sum(pitch) - 0.5, -0.5)
            bottom.set_xlim(0, 1)
            bottom.tick_params(axis="x", labelsize=SMALL)
            first = "the first draw" if result.mus_draws == 1 else \
                f"the first {result.mus_draws:,} draws"
            bottom.set_xlabel(wrap(f"share of {first} in which it is in a minimal incompatible "
                                   "set", chars(SMALL, 0.45)), fontsize=SMALL)
        suptitle(fig, title)
        return fig
