"""Figures over time: ripeness (when the bargaining set opens) and its sensitivity.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from negotiation.plots.style import CYCLE, new_axes, style, width, wrap


def ripeness_fan(results: dict, title: str | None = None, ax=None) -> Figure:
    """For each scenario, the share of paths whose bargaining set has opened by each period,
    with a 95 % band (Wilson) for the Monte Carlo error."""
    import numpy as np

    with style():
        fig, ax = new_axes(ax, (width(), 2.3))
        for k, (label, sim) in enumerate(results.items()):
            share = sim.opened_by()
            low, high = sim.opened_by_interval()
            t = np.arange(sim.periods + 1)
            colour = CYCLE[k % len(CYCLE)]
            ax.fill_between(t, 100 * low, 100 * high, color=colour, alpha=0.25, lw=0)
            ax.plot(t, 100 * share, color=colour, lw=1.3, label=label,
                    ls=["-", "--", ":", "-."][k % 4])
        ax.set_xlabel(f"{next(iter(results.values())).period_label}s from now")
        ax.set_ylabel("% of paths ripe by then")
        ax.set_xlim(0, next(iter(results.values())).periods)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=6, frameon=False, loc="upper left")
        if title:
            ax.set_title(wrap(title, 58), fontsize=7.5)
        return fig


def size_over_time(results: dict, title: str | None = None) -> Figure:
    """The bargaining set over time, per scenario: the share of Monte Carlo paths in which it
    is open (top), and its size where it is open (median line, 10–90 % band; bottom), with the
    deterministic path's size dashed."""
    import numpy as np

    styles = ["-", "--", ":", "-."]
    with style():
        fig = Figure(figsize=(width(), 3.4))
        top, bottom = fig.subplots(2, 1, sharex=True)
        for k, (label, sim) in enumerate(results.items()):
            t = np.arange(sim.periods + 1)
            colour, ls = CYCLE[k % len(CYCLE)], styles[k % len(styles)]
            if sim.open_share is not None:
                top.plot(t, 100 * sim.open_share, color=colour, ls=ls, lw=1.2, label=label)
            if sim.open_size_quantiles is not None:
                low, mid, high = sim.open_size_quantiles
                bottom.fill_between(t, low, high, color=colour, alpha=0.2, lw=0)
                bottom.plot(t, mid, color=colour, ls=ls, lw=1.2)
            det = sim.deterministic.sizes
            if det.any():
                bottom.scatter(t[det > 0], det[det > 0], marker="x", s=14, color=colour,
                               label=f"{label}: deterministic path")
        top.set_ylabel(wrap("% of paths with an open bargaining set", 24), fontsize=6.5)
        bottom.set_ylabel(wrap("settlements in it where open", 22), fontsize=6.5)
        bottom.set_xlabel(f"{next(iter(results.values())).period_label}s from now")
        top.legend(fontsize=6, frameon=False, loc="upper left")
        if bottom.get_legend_handles_labels()[0]:
            bottom.legend(fontsize=5.5, frameon=False, loc="upper left")
        top.set_ylim(bottom=0)
        bottom.set_ylim(bottom=0)
        if title:
            top.set_title(wrap(title, 58), fontsize=7.5)
        return fig


def sensitivity_lines(rows: dict, xs, xlabel: str, title: str | None = None, ax=None
                      ) -> Figure:
    """Probability of ripening within the horizon against a multiplier, one line per scenario."""
    with style():
        fig, ax = new_axes(ax, (width(), 2.1))
        for k, (label, ys) in enumerate(rows.items()):
            ax.plot(xs, [100 * y for y in ys], marker="o", ms=3, color=CYCLE[k % len(CYCLE)],
                    lw=1.2, label=label)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(wrap("% of paths ripe within the horizon", 22), fontsize=6.5)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=6, frameon=False)
        if title:
            ax.set_title(title, fontsize=7.5)
        return fig
