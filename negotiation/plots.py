"""Paper-style figures: one shared style and one function per figure kind.

Figures are drawn from result objects and compute nothing new. The style is sized for a
single-column figure (3.4 in wide) with 8-pt text, uses the Okabe–Ito colour-blind-safe palette,
and every figure is saved as PDF (for papers) and PNG (for a quick look) without timestamps, so
the same results give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}
CYCLE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
SINGLE = 3.4    # inches: one column of a two-column paper
DOUBLE = 7.0    # inches: full text width

VERDICT_COLOURS = {
    "structural_trap": PALETTE["vermillion"],
    "ripeness_gap": PALETTE["orange"],
    "agreement_possible": PALETTE["blue"],
    "dilemma": PALETTE["purple"],
    "open": PALETTE["green"],
}
VERDICT_LABELS = {
    "structural_trap": "structural trap",
    "ripeness_gap": "ripeness gap",
    "agreement_possible": "agreement possible",
    "dilemma": "dilemma",
    "open": "open",
}

STYLE = {
    "font.size": 8, "axes.titlesize": 8.5, "axes.labelsize": 8, "xtick.labelsize": 7,
    "ytick.labelsize": 7, "legend.fontsize": 7, "figure.dpi": 100, "savefig.dpi": 300,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE), "axes.spines.top": False,
    "axes.spines.right": False, "pdf.fonttype": 42, "svg.hashsalt": "negotiation",
    "figure.constrained_layout.use": True, "font.family": "DejaVu Sans",
}


@contextmanager
def style() -> Iterator[None]:
    """The shared figure style, applied for the duration of a ``with`` block."""
    with plt.rc_context(STYLE):
        yield


def save(fig: plt.Figure, stem: Path) -> None:
    """Write ``stem.pdf`` and ``stem.png`` with no timestamps, then close the figure."""
    stem = Path(stem)
    fig.savefig(stem.with_suffix(".pdf"), metadata={"CreationDate": None, "ModDate": None})
    fig.savefig(stem.with_suffix(".png"), metadata={"Software": None})
    plt.close(fig)


def wrap(text: str, width: int = 28) -> str:
    """Break a label into lines of at most ``width`` characters (for long descriptions)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# ------------------------------------------------------------------------------ certificate figures

def collisions(analysis, stem: Path) -> None:
    """The minimal incompatible sets drawn across the parties they span, with pairwise
    compatibility: which constraints collide, and whether each pair of parties could agree."""
    model, cert = analysis.model, analysis.certificate
    specs = {s.id: s for s in analysis.compiled.constraints}
    label = {p.id: p.label for p in model.parties}
    parties = [p.id for p in model.parties]
    members = [c for c in cert.constraint_ids if any(c in m for m in cert.mus)]
    rows = sorted(members, key=lambda c: (parties.index(specs[c].party),
                                          cert.constraint_ids.index(c)))
    n_rows, n_cols = len(rows), len(cert.mus)
    height = 0.19 * max(n_rows, 3) + 0.55
    with style():
        fig = plt.figure(figsize=(SINGLE, 1.45 + height))
        top, bottom = fig.subfigures(2, 1, height_ratios=[1.45, height])
        _pairwise_triangle(top.subplots(), parties, label, cert.pairwise)
        ax = bottom.subplots()
        if not n_cols:
            ax.text(0.5, 0.5, "no incompatible sets: a zone of agreement exists",
                    ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            save(fig, stem)
            return
        span_colour = {1: PALETTE["grey"], 2: PALETTE["orange"], 3: PALETTE["black"]}
        for p_index, party in enumerate(parties):
            band = [r for r, c in enumerate(rows) if specs[c].party == party]
            if not band:
                continue
            if p_index % 2 == 0:
                ax.axhspan(min(band) - 0.5, max(band) + 0.5, color="#EFEFEF", zorder=0, lw=0)
            ax.text(-0.02, (min(band) + max(band)) / 2, label[party], rotation=90,
                    transform=ax.get_yaxis_transform(), ha="right", va="center",
                    fontsize=7, fontweight="bold")
        for col, (mus, spanned) in enumerate(zip(cert.mus, cert.mus_parties)):
            ys = [rows.index(c) for c in mus]
            colour = span_colour.get(len(spanned), PALETTE["purple"])
            ax.plot([col, col], [min(ys), max(ys)], color=colour, lw=1.2, zorder=1)
            ax.scatter([col] * len(ys), ys, s=14, color=colour, zorder=2,
                       edgecolor="white", linewidth=0.4)
        ax.set_xlim(-0.6, n_cols - 0.4)
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.set_xticks(range(n_cols), [str(i + 1) for i in range(n_cols)], fontsize=6)
        ax.set_xlabel("minimal incompatible set", fontsize=7)
        ax.yaxis.tick_right()
        ax.set_yticks(range(n_rows), [specs[c].label for c in rows], fontsize=6.5)
        ax.tick_params(axis="y", length=0)
        ax.spines[["left", "bottom", "right"]].set_visible(False)
        handles = [plt.Line2D([], [], color=span_colour[k], marker="o", lw=1.2, ms=3.5,
                              label=f"spans {k} part{'ies' if k > 1 else 'y'}")
                   for k in sorted({len(s) for s in cert.mus_parties}) if k in span_colour]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
                  ncol=len(handles), frameon=False, handlelength=1.2, fontsize=6.5,
                  title="no settlement meets every dot in a column", title_fontsize=6.5,
                  alignment="left")
        save(fig, stem)


def _pairwise_triangle(ax, parties: list[str], label: dict, pairwise: dict) -> None:
    import numpy as np

    n = len(parties)
    angles = np.pi / 2 + 2 * np.pi * np.arange(n) / n
    pos = {p: (1.25 * np.cos(a), 0.72 * np.sin(a)) for p, a in zip(parties, angles)}
    for key, ok in pairwise.items():
        a, b = key.split("+")
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot([x0, x1], [y0, y1], color=PALETTE["blue"] if ok else PALETTE["vermillion"],
                lw=1.6, ls="-" if ok else (0, (3, 2)), zorder=1)
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        # Push each edge label outward from the centre so that labels do not collide.
        ax.text(mx * 1.6, my * 1.45 - (0.08 if my < 0 else 0), "can agree" if ok else
                "cannot agree", fontsize=6.2, ha="center", va="center", zorder=3,
                color=PALETTE["blue"] if ok else PALETTE["vermillion"])
    for p, (x, y) in pos.items():
        ax.scatter([x], [y], s=90, color="white", edgecolor=PALETTE["black"], zorder=2)
        ax.text(x, y + (0.22 if y > 0 else -0.24), label[p], ha="center", va="center",
                fontsize=7.5, fontweight="bold")
    ax.set_xlim(-2.2, 2.2)
    ax.set_ylim(-0.95, 1.05)
    ax.set_axis_off()
    ax.set_title("Could each pair agree without the third?", fontsize=7.5)


def blocking_heatmap(blocking, model, stem: Path, title: str | None = None) -> None:
    """For each issue level, the share of settlements with that level each party can accept
    (0: the party rules the level out, whatever else the settlement says)."""
    import numpy as np

    issue_label = {i.id: i.label for i in model.issues}
    level_label = {(i.id, lv.id): lv.label for i in model.issues for lv in i.levels}
    party_label = {p.id: p.label for p in model.parties}
    labels, values, headers = [], [], []
    for r, (issue, level) in enumerate(zip(blocking.issues, blocking.levels)):
        if r == 0 or blocking.issues[r - 1] != issue:
            headers.append(len(labels))
            labels.append(issue_label[issue])
            values.append(np.full(len(blocking.parties), np.nan))
        labels.append(level_label[(issue, level)])
        values.append(100 * (1 - blocking.share[r]))
    data = np.array(values)
    top = max(float(np.nanmax(data)), 1.0)
    with style():
        fig, ax = plt.subplots(figsize=(SINGLE, 0.75 + 0.122 * len(labels)))
        image = ax.imshow(data, aspect="auto", cmap="cividis", vmin=0, vmax=top,
                          interpolation="nearest")
        for r in range(len(labels)):
            for c in range(data.shape[1]):
                v = data[r, c]
                if not np.isnan(v):
                    text = "0" if v == 0 else (f"{v:.1f}" if v < 10 else f"{v:.0f}")
                    ax.text(c, r, text, ha="center", va="center", fontsize=5.3,
                            color="white" if v < 0.55 * top else "black")
        ax.set_yticks(range(len(labels)), [wrap(t, 56) for t in labels], fontsize=5.6)
        for h in headers:
            ax.get_yticklabels()[h].set_fontweight("bold")
        ax.set_xticks(range(len(blocking.parties)),
                      [party_label[p] for p in blocking.parties], fontsize=6, rotation=35,
                      ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        bar = fig.colorbar(image, ax=ax, location="bottom", fraction=0.025, pad=0.01,
                           aspect=30, shrink=0.9)
        bar.set_label("% of settlements at this level the party accepts (0: ruled out)",
                      fontsize=5.6)
        bar.locator = matplotlib.ticker.MaxNLocator(nbins=5)
        bar.update_ticks()
        bar.ax.tick_params(labelsize=5.5)
        if title:
            ax.set_title(title, fontsize=7, pad=12)
        save(fig, stem)


def package_matrix(results, model, stem: Path, title: str | None = None) -> None:
    """Proposals × parties: can each party accept some settlement consistent with the proposal,
    and can all of them? A rejection names (under it) what the party would have to give up;
    markers show where the recorded reception agrees or disagrees."""
    parties = [p.id for p in model.parties]
    label = {p.id: p.label for p in model.parties}
    short = {}
    for p in model.parties:
        for rl in p.all_red_lines():
            short[f"{p.id}.{rl.id}"] = rl.label
        short[f"{p.id}.ir"] = "no-deal value"
        for reg in p.registers:
            short[f"{p.id}.{reg.id}.ir"] = f"{reg.label} no-deal value"
    n = len(results)
    any_record = any(r.record_disagrees(p) is not None for r in results for p in parties)
    with style():
        fig, ax = plt.subplots(figsize=(SINGLE, 0.8 + 0.42 * n))
        for r, res in enumerate(results):
            cells = [res.responses[p].accepts for p in parties] + [res.jointly_acceptable]
            for c, ok in enumerate(cells):
                colour = "#9CC9E6" if ok else "#F4B183"
                ax.add_patch(plt.Rectangle((c - 0.47, r - 0.44), 0.94, 0.88, color=colour, lw=0))
                if c == len(parties):
                    ax.text(c, r, "yes" if ok else "no", ha="center", va="center", fontsize=6)
                    continue
                if ok:
                    ax.text(c, r, "accepts", ha="center", va="center", fontsize=6)
                else:
                    blockers = res.responses[parties[c]].blockers
                    names = [short[b] for b in blockers[0]] if blockers else []
                    extra = len(names) - 1 + (len(blockers) > 1)
                    lines = wrap(names[0], 15).split("\n")[:2] if names else []
                    if extra:
                        lines.append(f"+ {len(names) - 1} more" if len(names) > 1
                                     else "(or another)")
                    ax.text(c, r - 0.26, "rejects", ha="center", va="center", fontsize=6)
                    ax.text(c, r + 0.14, "\n".join(lines[:3]), ha="center", va="center",
                            fontsize=4.2, linespacing=0.95, color="#3A3A3A")
                differs = res.record_disagrees(parties[c])
                if differs is not None:
                    ax.scatter([c + 0.38], [r - 0.32], s=8, zorder=3,
                               marker="^" if differs else "o",
                               color=PALETTE["black"] if differs else "white",
                               edgecolor=PALETTE["black"], linewidth=0.5)
        ax.set_xlim(-0.5, len(parties) + 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xticks(range(len(parties) + 1), [label[p] for p in parties] + ["jointly"],
                      fontsize=6.5)
        ax.xaxis.tick_top()
        ax.set_yticks(range(n), [wrap(res.package.label, 30) for res in results], fontsize=6)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        if any_record:
            handles = [plt.Line2D([], [], marker="o", ls="", color="white",
                                  markeredgecolor="black", ms=3.5, label="record agrees"),
                       plt.Line2D([], [], marker="^", ls="", color="black", ms=3.5,
                                  label="record disagrees")]
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.005),
                      ncol=2, frameon=False, fontsize=6, handletextpad=0.3)
        if title:
            ax.set_title(title, fontsize=7.5)
        save(fig, stem)


# ------------------------------------------------------------------------ what would need to change

def tornado(thresholds, model, stem: Path, limit: int = 15, title: str | None = None) -> None:
    """Parameters ranked by how little they must move to change the verdict."""
    from negotiation.narrative import constraint_text, parameter_label

    numeric = [t for t in thresholds if t.kind == "number" and t.distance is not None]
    numeric = sorted(numeric, key=lambda t: (t.distance, t.parameter))[:limit]
    lines = [t for t in thresholds if t.kind == "red_line" and t.upper_verdict]
    specs = {s.id: s for s in model.constraints()}
    with style():
        rows = len(numeric) + len(lines)
        fig, ax = plt.subplots(figsize=(SINGLE, 1.0 + 0.26 * max(rows, 2)))
        if not rows:
            ax.text(0.5, 0.5, wrap("No single parameter or red line changes the verdict: "
                                   "only combined revisions (the minimal correction sets) do.",
                                   48), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            if title:
                ax.set_title(title, fontsize=7.5)
            save(fig, stem)
            return
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
        ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=VERDICT_COLOURS[v],
                                         label=f"becomes {VERDICT_LABELS[v]}") for v in verdicts],
                  loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(verdicts),
                  fontsize=6, frameon=False)
        if title:
            ax.set_title(title, fontsize=7.5, pad=14)
        save(fig, stem)


def sweep_figure(result, model, stem: Path, title: str | None = None) -> None:
    """A line (one parameter) or a heatmap with the verdict regions outlined (two)."""
    import numpy as np

    from negotiation.narrative import parameter_label

    with style():
        if len(result.parameters) == 1:
            fig, ax = plt.subplots(figsize=(SINGLE, 2.2))
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
            fig, ax = plt.subplots(figsize=(SINGLE, 2.9))
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
        save(fig, stem)


def robustness_figure(result, model, stem: Path, title: str | None = None) -> None:
    """Verdict probabilities with 95 % intervals, and how often each constraint is in a MUS."""
    import numpy as np

    from negotiation.narrative import short_constraint

    specs = {s.id: s for s in model.constraints()}
    show_mus = bool(result.mus_draws) and any(result.in_mus.values())
    with style():
        if show_mus:
            fig, (top, bottom) = plt.subplots(
                2, 1, figsize=(SINGLE, 1.4 + 0.14 * len(result.in_mus)),
                height_ratios=[1.1, 0.14 * len(result.in_mus) + 0.3])
        else:
            fig, top = plt.subplots(figsize=(SINGLE, 1.5))
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
            save(fig, stem)
            return
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
        save(fig, stem)


# ------------------------------------------------------------------------------------------- time

def ripeness_fan(results: dict, stem: Path, title: str | None = None) -> None:
    """For each scenario, the share of paths whose bargaining set has opened by each period,
    with a 95 % band (Wilson) for the Monte Carlo error."""
    import numpy as np

    with style():
        fig, ax = plt.subplots(figsize=(SINGLE, 2.3))
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
        save(fig, stem)


def size_over_time(results: dict, stem: Path, title: str | None = None) -> None:
    """The bargaining set over time, per scenario: the share of Monte Carlo paths in which it
    is open (top), and its size where it is open (median line, 10–90 % band; bottom), with the
    deterministic path's size dashed."""
    import numpy as np

    styles = ["-", "--", ":", "-."]
    with style():
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(SINGLE, 3.4), sharex=True)
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
        save(fig, stem)


def sensitivity_lines(rows: dict, xs, xlabel: str, stem: Path, title: str | None = None) -> None:
    """Probability of ripening within the horizon against a multiplier, one line per scenario."""
    with style():
        fig, ax = plt.subplots(figsize=(SINGLE, 2.1))
        for k, (label, ys) in enumerate(rows.items()):
            ax.plot(xs, [100 * y for y in ys], marker="o", ms=3, color=CYCLE[k % len(CYCLE)],
                    lw=1.2, label=label)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(wrap("% of paths ripe within the horizon", 22), fontsize=6.5)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=6, frameon=False)
        if title:
            ax.set_title(title, fontsize=7.5)
        save(fig, stem)


# ------------------------------------------------------------------------ graph-model figures

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


def state_map(graph, equilibria, stem: Path, arrows=(), marked=(), title: str = "") -> None:
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
        fig, axes = plt.subplots(nrows, ncols, figsize=(DOUBLE, height), squeeze=False,
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
        save(fig, stem)


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


def payoff_panels(panels: list[PayoffPanel], stem: Path, columns: int = 2) -> None:
    """Small multiples in the payoff plane: outcomes, the quadrant that beats no agreement, the
    zone of agreement and the equilibria, one panel per game, titled by its verdict."""
    rows = -(-len(panels) // columns)
    with style():
        fig, axes = plt.subplots(rows, columns, figsize=(SINGLE, 1.75 * rows + 0.5),
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
        save(fig, stem)


def posture_grid(result, stem: Path, title: str | None = None) -> None:
    """A three-player game as one panel per strategy of the third player: rows the first
    player's strategies, columns the second's; a cell is shaded by whether the profile settles
    (blue) or means war (orange) and shows the three payoffs; pure equilibria are outlined."""
    game = result.game
    if game.n_players != 3:
        raise ValueError("posture_grid draws three-player games")
    rows, cols, panels = game.shape
    pure = {e.profile() for e in result.pure}
    with style():
        fig, axes = plt.subplots(panels, 1, figsize=(SINGLE, 0.55 + panels * (0.35 + 0.42 * rows)),
                                 squeeze=False)
        for k, ax in enumerate(axes[:, 0]):
            for r in range(rows):
                for c in range(cols):
                    profile = (r, c, k)
                    settled = game.agreement is not None and bool(game.agreement[profile])
                    ax.add_patch(plt.Rectangle((c - 0.47, r - 0.45), 0.94, 0.9, lw=0,
                                               color="#9CC9E6" if settled else "#F4B183"))
                    pay = game.payoffs[(slice(None), *profile)]
                    ax.text(c, r, " / ".join(f"{v:.2f}" for v in pay), ha="center",
                            va="center", fontsize=5.6)
                    if profile in pure:
                        ax.add_patch(plt.Rectangle((c - 0.47, r - 0.45), 0.94, 0.9,
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
        handles = [plt.Rectangle((0, 0), 1, 1, color="#9CC9E6", label="settles"),
                   plt.Rectangle((0, 0), 1, 1, color="#F4B183", label="war goes on"),
                   plt.Rectangle((0, 0), 1, 1, fill=False, ec=PALETTE["black"], lw=1.4,
                                 label="pure equilibrium")]
        labels = " / ".join(game.player_label(i) for i in range(3))
        fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=6,
                   frameon=False, title=f"payoffs: {labels}; columns: {game.player_label(1)}",
                   title_fontsize=6)
        if title:
            fig.suptitle(wrap(title, 60), fontsize=7.5)
        save(fig, stem)
