"""Figures of the certificate: the colliding red lines (minimal incompatible sets) with pairwise
compatibility, who blocks which issue level, and proposals judged against every logic.
"""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from negotiation.plots.style import PALETTE, new_axes, style, width, wrap


def collisions(analysis) -> Figure:
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
        fig = Figure(figsize=(width(), 1.45 + height))
        top, bottom = fig.subfigures(2, 1, height_ratios=[1.45, height])
        _pairwise_triangle(top.subplots(), parties, label, cert.pairwise)
        ax = bottom.subplots()
        if not n_cols:
            ax.text(0.5, 0.5, "no incompatible sets: a zone of agreement exists",
                    ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return fig
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
        handles = [Line2D([], [], color=span_colour[k], marker="o", lw=1.2, ms=3.5,
                              label=f"spans {k} part{'ies' if k > 1 else 'y'}")
                   for k in sorted({len(s) for s in cert.mus_parties}) if k in span_colour]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
                  ncol=len(handles), frameon=False, handlelength=1.2, fontsize=6.5,
                  title="no settlement meets every dot in a column", title_fontsize=6.5,
                  alignment="left")
        return fig


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


def blocking_heatmap(blocking, model, title: str | None = None, ax=None) -> Figure:
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
        fig, ax = new_axes(ax, (width(), 0.75 + 0.122 * len(labels)))
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
        return fig


def package_matrix(results, model, title: str | None = None, ax=None) -> Figure:
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
        fig, ax = new_axes(ax, (width(), 0.8 + 0.42 * n))
        for r, res in enumerate(results):
            cells = [res.responses[p].accepts for p in parties] + [res.jointly_acceptable]
            for c, ok in enumerate(cells):
                colour = "#9CC9E6" if ok else "#F4B183"
                ax.add_patch(Rectangle((c - 0.47, r - 0.44), 0.94, 0.88, color=colour, lw=0))
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
                    stage = getattr(res.responses[parties[c]], "stage", "")
                    if stage:       # a staged reading: the stage at which the party walks away
                        head = wrap(f"at {stage.replace('_', ' ')}:", 14).split("\n")
                        lines = head + lines[:3 - len(head)]
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
            handles = [Line2D([], [], marker="o", ls="", color="white",
                                  markeredgecolor="black", ms=3.5, label="record agrees"),
                       Line2D([], [], marker="^", ls="", color="black", ms=3.5,
                                  label="record disagrees")]
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.005),
                      ncol=2, frameon=False, fontsize=6, handletextpad=0.3)
        if title:
            ax.set_title(title, fontsize=7.5)
        return fig
