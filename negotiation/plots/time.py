"""Figures over time: ripeness (when the bargaining set opens), which mechanism opens it, and
its sensitivity to every assumed rate.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from negotiation.plots.style import CYCLE, PALETTE, new_axes, style, width, wrap

__all__ = ["CAUSE_COLOURS", "mechanism_curves", "opening_by_mechanism", "rate_sensitivity",
           "ripeness_fan", "sensitivity_lines", "size_over_time", "zartman_over_time"]

#: One Okabe–Ito colour per cause of an opening (negotiation.whatif.ripeness.CAUSES).
CAUSE_COLOURS = {
    "open at the start": PALETTE["grey"], "attrition": PALETTE["black"],
    "revision events": PALETTE["blue"], "decision rules": PALETTE["vermillion"],
    "red-line erosion": PALETTE["green"], "more than one": PALETTE["purple"],
    "combination": PALETTE["orange"],
}
MECHANISM_STYLES = {"attrition": (PALETTE["black"], ":"), "events": (PALETTE["blue"], "-"),
                    "rules": (PALETTE["vermillion"], "--"), "erosion": (PALETTE["green"], "-."),
                    "all": (PALETTE["orange"], "-")}


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
        ax.set_ylabel("% of paths open by then")
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


def _panels(n: int, height: float) -> tuple[Figure, list]:
    fig = Figure(figsize=(width(), 0.55 + height * n))
    axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    return fig, list(axes)


def opening_by_mechanism(results: dict, title: str | None = None) -> Figure:
    """Small multiples, one per scenario: the share of paths whose bargaining set has opened by
    each period, stacked by what opened it (attrition alone, one mechanism added to it, more
    than one each alone, or only a combination)."""
    import numpy as np

    from negotiation.whatif.ripeness import CAUSES

    with style():
        fig, axes = _panels(len(results), 1.25)
        shown = set()
        top = max(float(s.opened_by()[-1]) for s in results.values())
        for ax, (label, sim) in zip(axes, results.items()):
            t = np.arange(sim.periods + 1)
            layers = sim.opened_by_cause()
            keep = [c for c in range(len(CAUSES)) if layers[c].any()]
            shown |= {CAUSES[c] for c in keep}
            if keep:
                ax.stackplot(t, *(100 * layers[c] for c in keep), lw=0,
                             colors=[CAUSE_COLOURS[CAUSES[c]] for c in keep])
            ax.set_ylim(0, max(1.0, 110 * top))
            _label_panel(ax, label, sim, "% of paths\nopened")
        _label_time_axis(axes, results)
        from matplotlib.patches import Patch

        handles = [Patch(color=CAUSE_COLOURS[c], label=c) for c in CAUSES if c in shown]
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=6,
                       frameon=False, title="opened by", title_fontsize=6.5)
        if title:
            fig.suptitle(wrap(title, 58), fontsize=7.5)
        return fig


def mechanism_curves(results: dict, title: str | None = None) -> Figure:
    """Small multiples, one per scenario: the share of paths opened by each period under
    attrition alone, attrition plus each mechanism, and all mechanisms (same random numbers)."""
    import numpy as np

    from negotiation.report.ripeness import mechanism_rows

    with style():
        fig, axes = _panels(len(results), 1.2)
        seen = {}
        for ax, (label, sim) in zip(axes, results.items()):
            t = np.arange(sim.periods + 1)
            for key, text, months in mechanism_rows(sim):
                colour, ls = MECHANISM_STYLES[key]
                (line,) = ax.plot(t, 100 * sim.opened_by(months), color=colour, ls=ls,
                                  lw=1.3 if key == "all" else 1.1)
                seen.setdefault(text, line)
            ax.set_ylim(bottom=0)
            _label_panel(ax, label, sim, "% of paths\nopened")
        return _finish_panels(fig, axes, results, seen, title)


def zartman_over_time(results: dict, title: str | None = None) -> Figure:
    """Per scenario: the share of paths in a mutually hurting stalemate, with a way out too
    (Zartman's two conditions), and with an open bargaining set."""
    import numpy as np

    with style():
        fig, axes = _panels(len(results), 1.15)
        lines = {}
        for ax, (label, sim) in zip(axes, results.items()):
            t = np.arange(sim.periods + 1)
            for key, ys, colour, ls in (
                    ("mutually hurting stalemate", sim.mutually_hurting, PALETTE["vermillion"],
                     "-"),
                    ("... and a way out (ripe)", sim.way_out_share, PALETTE["blue"], "--"),
                    ("bargaining set open", sim.open_share, PALETTE["green"], ":")):
                (line,) = ax.plot(t, 100 * ys, color=colour, ls=ls, lw=1.2)
                lines.setdefault(key, line)
            ax.set_ylim(bottom=0)
            _label_panel(ax, label, sim, "% of paths")
        return _finish_panels(fig, axes, results, lines, title)


def _label_panel(ax, label: str, sim, ylabel: str) -> None:
    """A scenario's panel: its time axis over the horizon, its name, its y label."""
    ax.set_xlim(0, sim.periods)
    ax.set_title(label, fontsize=7, loc="left", pad=2)
    ax.set_ylabel(ylabel, fontsize=6.5)


def _label_time_axis(axes, results: dict) -> None:
    axes[-1].set_xlabel(f"{next(iter(results.values())).period_label}s from now")


def _finish_panels(fig: Figure, axes, results: dict, lines: dict, title: str | None) -> Figure:
    """The time axis under the last panel, one legend of ``lines`` (label → line) for all
    panels, and the title."""
    _label_time_axis(axes, results)
    fig.legend(list(lines.values()), list(lines), loc="outside lower center", ncol=2,
               fontsize=6, frameon=False)
    if title:
        fig.suptitle(wrap(title, 58), fontsize=7.5)
    return fig


def rate_sensitivity(rows: list, baseline: float, xlabel: str, title: str | None = None,
                     ax=None) -> Figure:
    """Every assumed rate at the two ends of its range (the others drawn as declared): the share
    of paths that open, one row per rate, widest swing first; the vertical line is the share with
    every rate drawn from its range. ``rows``: (label, low end, high end, share at the low end,
    share at the high end)."""
    rows = sorted(rows, key=lambda r: (-abs(r[4] - r[3]), r[0]))
    with style():
        fig, ax = new_axes(ax, (width(), 1.3 + 0.3 * max(len(rows), 2)))
        for y, (_, _, _, low, high) in enumerate(rows):
            ax.plot([100 * low, 100 * high], [y, y], color=PALETTE["grey"], lw=1.0, zorder=1)
            ax.scatter([100 * low], [y], s=12, facecolor="white", edgecolor=PALETTE["blue"],
                       lw=0.9, zorder=2)
            ax.scatter([100 * high], [y], s=12, color=PALETTE["vermillion"], zorder=3)
        ax.axvline(100 * baseline, color=PALETTE["black"], lw=0.6, ls="--")
        ax.set_yticks(range(len(rows)), [wrap(r[0], 40) for r in rows], fontsize=6)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlabel(xlabel, fontsize=6.5)
        ax.set_xlim(left=0)
        from matplotlib.lines import Line2D

        ax.legend(handles=[
            Line2D([], [], marker="o", ls="", markerfacecolor="white",
                   markeredgecolor=PALETTE["blue"], label="rate at the low end of its range"),
            Line2D([], [], marker="o", ls="", color=PALETTE["vermillion"],
                   label="rate at the high end"),
            Line2D([], [], color=PALETTE["black"], ls="--", lw=0.6,
                   label="every rate drawn from its range")],
            loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1, fontsize=6, frameon=False)
        if title:
            fig.suptitle(wrap(title, 60), fontsize=7.5)
        return fig
