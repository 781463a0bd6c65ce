"""Figures of the certificate: the colliding red lines (minimal incompatible sets) with pairwise
compatibility, who blocks which issue level, and proposals judged against every logic.
"""

from __future__ import annotations

import textwrap

import matplotlib
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from negotiation.plots.style import (
    MIN_TEXT,
    PALETTE,
    SMALL,
    chars,
    legend_below,
    new_axes,
    style,
    suptitle,
    width,
    wrap,
)

__all__ = ["blocking_heatmap", "collisions", "package_matrix"]


def collisions(analysis) -> Figure:
    """The minimal incompatible sets drawn across the parties they span, with pairwise
    compatibility: which constraints collide, and whether each pair of parties could agree.
    With no incompatible set (a zone of agreement exists) the triangle is drawn over a sentence
    saying so and how many settlements form the zone (the commands leave this figure out)."""
    from negotiation.model.labels import short_constraint

    model, cert = analysis.model, analysis.certificate
    specs = {s.id: s for s in analysis.compiled.constraints}
    label = {p.id: p.label for p in model.parties}
    parties = [p.id for p in model.parties]
    members = [c for c in cert.constraint_ids if any(c in m for m in cert.mus)]
    rows = sorted(members, key=lambda c: (parties.index(specs[c].party),
                                          cert.constraint_ids.index(c)))
    n_rows, n_cols = len(rows), len(cert.mus)
    # With no incompatible set there is nothing to draw below the triangle but a sentence.
    height = 0.17 * max(n_rows, 3) + 0.9 if n_cols else 0.5
    # Party names wrapped to a third of the width (as the tornado wraps its labels); each
    # further line of the longest name makes the triangle's panel taller.
    names = {p: wrap(text, chars(7.5, 0.3)) for p, text in label.items()}
    extra = max(name.count("\n") for name in names.values())
    head = 1.45 + 0.14 * extra
    with style():
        fig = Figure(figsize=(width(), head + height))
        top, bottom = fig.subfigures(2, 1, height_ratios=[head, height])
        _pairwise_triangle(top.subplots(), parties, names, cert.pairwise, extra)
        ax = bottom.subplots()
        if not n_cols:
            size = getattr(analysis.bargaining, "size", None)
            zone = ("a zone of agreement exists" if size is None else
                    f"{size:,} settlement{'s' if size != 1 else ''} meet{'s' if size == 1 else ''}"
                    " all of them and form the zone of agreement")
            ax.text(0.5, 0.5, wrap("No minimal incompatible set: every red line and no-deal "
                                   f"value can hold at once; {zone}.", chars(7, 0.95)),
                    ha="center", va="center", transform=ax.transAxes, fontsize=7)
            ax.set_axis_off()
            return fig
        span_colour = {1: PALETTE["grey"], 2: PALETTE["orange"], 3: PALETTE["black"]}
        span_marker = {1: "s", 2: "D", 3: "o"}
        for p_index, party in enumerate(parties):
            band = [r for r, c in enumerate(rows) if specs[c].party == party]
            if band and p_index % 2 == 0:
                ax.axhspan(min(band) - 0.5, max(band) + 0.5, color="#EFEFEF", zorder=0, lw=0)
        for col, (mus, spanned) in enumerate(zip(cert.mus, cert.mus_parties)):
            ys = [rows.index(c) for c in mus]
            k = len(spanned)
            colour = span_colour.get(k, PALETTE["purple"])
            ax.plot([col, col], [min(ys), max(ys)], color=colour, lw=1.2, zorder=1)
            ax.scatter([col] * len(ys), ys, s=16, color=colour, zorder=2,
                       marker=span_marker.get(k, "^"), edgecolor="white", linewidth=0.4)
        ax.set_xlim(-0.6, n_cols - 0.4)
        ax.set_ylim(n_rows - 0.5, -0.5)
        fit = max(1, int(0.45 * width() / 0.17))   # numbers that fit along the axis
        step = max(1, -(-n_cols // fit))
        ax.set_xticks(range(0, n_cols, step), [str(i + 1) for i in range(0, n_cols, step)],
                      fontsize=SMALL)
        ax.set_xlabel("minimal incompatible set", fontsize=SMALL)
        ax.yaxis.tick_right()
        ax.set_yticks(range(n_rows), [wrap(short_constraint(model, specs[c]),
                                           chars(SMALL, 0.62)) for c in rows],
                      fontsize=SMALL)
        ax.tick_params(axis="y", length=0)
        ax.spines[["left", "bottom", "right"]].set_visible(False)
        handles = [Line2D([], [], color=span_colour[k], marker=span_marker[k], lw=1.2, ms=3.5,
                          label=f"spans {k} part{'ies' if k > 1 else 'y'}")
                   for k in sorted({len(s) for s in cert.mus_parties}) if k in span_colour]
        handles.append(Patch(color="#EFEFEF", label="rows of one party"))
        legend_below(bottom, handles, title="no settlement meets every mark in a column")
        return fig


def _pairwise_triangle(ax, parties: list[str], label: dict, pairwise: dict,
                       extra: int = 0) -> None:
    """Parties on an ellipse, each pair joined by a line saying whether it could agree;
    ``label`` holds the (wrapped) names, ``extra`` the lines the longest has beyond one."""
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
        colour = PALETTE["blue"] if ok else PALETTE["vermillion"]
        text = "can agree" if ok else "cannot agree"
        if abs(mx) < 0.2 and abs(my) < 0.2:
            # Diagonals cross at the centre: each label a third of the way along its own
            # line, on a white ground.
            ax.text(x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0), text, fontsize=6.2,
                    ha="center", va="center", zorder=3, color=colour,
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", lw=0))
            continue
        # Push each edge label outward from the centre so that labels do not collide.
        ax.text(mx * 1.6, my * 1.45 - (0.08 if my < 0 else 0), text, fontsize=6.2,
                ha="center", va="center", zorder=3, color=colour)
    for p, (x, y) in pos.items():
        ax.scatter([x], [y], s=90, color="white", edgecolor=PALETTE["black"], zorder=2)
        # Names grow away from the triangle: upwards above it, downwards below it.
        above = y > 1e-9
        ax.text(x, y + (0.13 if above else -0.13), label[p], ha="center",
                va="bottom" if above else "top", fontsize=7.5, fontweight="bold",
                linespacing=1.0)
    ax.set_xlim(-2.2, 2.2)
    ax.set_ylim(-0.95 - 0.22 * extra, 1.05 + 0.22 * extra * (n > 3))
    ax.set_axis_off()
    ax.set_title("Could each pair agree without the third?" if n == 3 else
                 "Could each pair agree without the others?", fontsize=7.5)


def blocking_heatmap(blocking, model, title: str | None = None, ax=None) -> Figure:
    """For each issue level, the share of settlements with that level each party can accept
    (0: the party rules the level out, whatever else the settlement says). Rows are as tall as
    their wrapped labels; issues head their levels in bold; party names are wrapped to their
    column's width over the columns (as the tornado figure wraps its labels), so a long name
    makes the header taller, never the heatmap narrower."""
    import numpy as np

    issue_label = {i.id: i.label for i in model.issues}
    level_label = {(i.id, lv.id): lv.label for i in model.issues for lv in i.levels}
    party_label = {p.id: p.label for p in model.parties}
    label_chars = chars(MIN_TEXT, 0.42)
    labels, values, headers = [], [], []
    for r, (issue, level) in enumerate(zip(blocking.issues, blocking.levels)):
        if r == 0 or blocking.issues[r - 1] != issue:
            headers.append(len(labels))
            labels.append(wrap(issue_label[issue], label_chars))
            values.append(np.full(len(blocking.parties), np.nan))
        labels.append(wrap(level_label[(issue, level)], label_chars))
        values.append(100 * (1 - blocking.share[r]))
    data = np.array(values)
    top = max(float(np.nanmax(data)), 1.0)
    rows = np.array([1 + 0.85 * label.count("\n") for label in labels])
    edges = np.concatenate([[0], np.cumsum(rows)])
    centres = (edges[:-1] + edges[1:]) / 2
    n_cols = data.shape[1]
    # The columns share what the row labels leave (about half the width): each party's name
    # is wrapped to its column, breaking a word only when it is longer than the column.
    column_chars = max(4, int(0.5 * width() * 72 / n_cols / (0.6 * SMALL)))
    names = [wrap(party_label[p], column_chars) for p in blocking.parties]
    name_lines = max(name.count("\n") + 1 for name in names)
    head = name_lines * SMALL * 1.25 / 72
    with style():
        fig, ax = new_axes(ax, (width(), 1.0 + head + 0.125 * edges[-1] + 0.15 * bool(title)))
        mesh = ax.pcolormesh(np.arange(n_cols + 1) - 0.5, edges, np.ma.masked_invalid(data),
                             cmap="cividis", vmin=0, vmax=top, edgecolors="white", lw=0.3)
        for r, c in zip(*np.nonzero(~np.isnan(data))):
            v = data[r, c]
            text = "0" if v == 0 else (f"{v:.1f}" if v < 10 else f"{v:.0f}")
            ax.text(c, centres[r], text, ha="center", va="center", fontsize=MIN_TEXT,
                    color="white" if v < 0.55 * top else "black")
        ax.set_yticks(centres, labels, fontsize=MIN_TEXT)
        for h in headers:
            ax.get_yticklabels()[h].set_fontweight("bold")
        ax.set_ylim(edges[-1], 0)
        ax.set_xlim(-0.5, n_cols - 0.5)
        ax.set_xticks(range(n_cols), names, fontsize=SMALL, linespacing=1.0)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        bar = fig.colorbar(mesh, ax=ax, location="bottom", fraction=0.02, pad=0.01,
                           aspect=25, shrink=0.9)
        bar.set_label(wrap("% of the settlements at this level that the party accepts "
                           "(0: it rules the level out)", chars(MIN_TEXT, 0.55)),
                      fontsize=MIN_TEXT)
        bar.locator = matplotlib.ticker.MaxNLocator(nbins=5)
        bar.update_ticks()
        bar.ax.tick_params(labelsize=MIN_TEXT)
        suptitle(fig, title)
        return fig


class _KeyNumber:
    """A legend entry whose handle is a number (the key of :func:`package_matrix`), right
    aligned in the column where other entries show their patch or marker."""

    def __init__(self, number: int) -> None:
        self.number = number

    class Handler(HandlerBase):
        def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height,
                           fontsize, trans):
            return [Text(width - xdescent, height / 2 - ydescent, str(orig_handle.number),
                         ha="right", va="center", fontsize=fontsize, fontweight="bold",
                         transform=trans)]


def _blocking_key(results, parties: list[str], short: dict[str, str]) -> dict:
    """``(party, stage, blockers) -> number`` for every rejection of ``results``: the same
    reason gets the same number wherever it recurs; numbers run party by party, in order of
    first appearance down the rows."""
    seen: dict = {}
    for p in parties:
        for res in results:
            response = res.responses[p]
            if not response.accepts:
                seen.setdefault((p, response.stage, response.blockers), len(seen) + 1)
    return seen


def _key_entry(party: str, stage: str, blockers, short: dict[str, str],
               most: int = 2) -> str:
    """One entry of the key in words: who, at which stage, and what it would have to give up
    (every constraint of a minimal set, joined by '+'; alternative sets joined by 'or')."""
    where = f"{party}, at the {stage.replace('_', ' ')} stage" if stage else party
    sets = [" + ".join(short.get(b, b) for b in s) for s in blockers[:most]]
    if len(blockers) > most:
        sets.append(f"{len(blockers) - most} other set{'s' if len(blockers) - most > 1 else ''}")
    what = ", or ".join(sets) if sets else "no settlement it allows (nothing to give up)"
    return f"{where}: {what}"


def package_matrix(results, model, title: str | None = None, ax=None) -> Figure:
    """Proposals × parties: can each party accept some settlement consistent with the proposal,
    and can all of them? A rejecting cell carries a number; the key under the figure says, for
    each number, who rejects (and at which interim stage) and what it would have to give up:
    every red line and no-deal value of a minimal blocking set, in full. Markers show where the
    recorded reception agrees or disagrees."""
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
    columns = len(parties) + 1
    key = _blocking_key(results, parties, short)
    entries = [(number, "\n".join(textwrap.wrap(_key_entry(label[p], stage, blockers, short),
                                                 chars(SMALL, 0.85), break_on_hyphens=False)))
               for (p, stage, blockers), number in key.items()]
    key_lines = sum(text.count("\n") + 1 for _, text in entries)
    row_chars = chars(SMALL, 0.3)
    rows_text = [wrap(res.package.label, row_chars) for res in results]
    row_height = max(0.42, 0.03 + max((t.count("\n") + 1 for t in rows_text), default=1)
                     * SMALL * 1.3 / 72)
    head_chars = max(6, chars(SMALL, 0.62) // columns)
    heads = [wrap(label[p], head_chars) for p in parties] + ["all jointly"]
    head = max(h.count("\n") + 1 for h in heads) * SMALL * 1.3 / 72
    any_record = any(r.record_disagrees(p) is not None for r in results for p in parties)
    accept, reject = "#9CC9E6", "#F4B183"
    legend_lines = 2 + 2 * any_record + key_lines
    with style():
        fig, ax = new_axes(ax, (width(), 0.35 + head + row_height * n + 0.15 * bool(title)
                                + legend_lines * SMALL * 1.25 / 72))
        for r, res in enumerate(results):
            cells = [res.responses[p].accepts for p in parties] + [res.jointly_acceptable]
            for c, ok in enumerate(cells):
                ax.add_patch(Rectangle((c - 0.47, r - 0.45), 0.94, 0.9, lw=0,
                                       facecolor=accept if ok else reject,
                                       hatch="" if ok else "////", edgecolor="white"))
                if c == len(parties):
                    ax.text(c, r, "yes" if ok else "no", ha="center", va="center",
                            fontsize=SMALL)
                    continue
                if ok:
                    ax.text(c, r, "accepts", ha="center", va="center", fontsize=SMALL)
                else:
                    response = res.responses[parties[c]]
                    number = key[(parties[c], response.stage, response.blockers)]
                    ax.text(c, r - 0.2, "rejects", ha="center", va="center",
                            fontsize=SMALL, fontweight="bold",
                            bbox=dict(boxstyle="square,pad=0.05", fc=reject, lw=0))
                    ax.text(c, r + 0.17, str(number), ha="center", va="center",
                            fontsize=7.5, bbox=dict(boxstyle="square,pad=0.1", fc=reject,
                                                    lw=0))
                differs = res.record_disagrees(parties[c])
                if differs is not None:
                    # In the lower right corner, clear of the words and the number.
                    ax.scatter([c + 0.37], [r + 0.3], s=9, zorder=3,
                               marker="^" if differs else "o",
                               color=PALETTE["black"] if differs else "white",
                               edgecolor=PALETTE["black"], linewidth=0.5)
        ax.set_xlim(-0.5, len(parties) + 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xticks(range(columns), heads, fontsize=SMALL, linespacing=1.0)
        ax.xaxis.tick_top()
        ax.set_yticks(range(n), rows_text, fontsize=SMALL)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        handles = [Patch(facecolor=accept, label="can accept some settlement it allows"),
                   Patch(facecolor=reject, hatch="////", edgecolor="white",
                         label="rejects; under its number below: what it would have to "
                               "give up")]
        if any_record:
            handles += [Line2D([], [], marker="o", ls="", color="white",
                               markeredgecolor="black", ms=3.5, label="the record agrees"),
                        Line2D([], [], marker="^", ls="", color="black", ms=3.5,
                               label="the record disagrees")]
        for handle in handles:
            handle.set_label(wrap(handle.get_label(), chars(SMALL, 0.8)))
        labels = [h.get_label() for h in handles] + [text for _, text in entries]
        handles += [_KeyNumber(number) for number, _ in entries]
        fig.legend(handles, labels, loc="outside lower center", frameon=False, fontsize=SMALL,
                   ncol=1, handlelength=1.4, handletextpad=0.6, labelspacing=0.35,
                   handler_map={_KeyNumber: _KeyNumber.Handler()})
        suptitle(fig, title)
        return fig
