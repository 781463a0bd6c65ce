"""Labels placed clear of a drawing's lines: each label tries its candidate positions in turn
and takes the first where no line segment, marker or label already placed meets it (else the
one meeting fewest), in the manner of greedy point-feature labelling (Christensen, Marks and
Shieber 1995, "An empirical study of algorithms for point-feature label placement", ACM
Transactions on Graphics 14(3), the greedy baseline). Segments are clipped against a label's box
by the Liang–Barsky test (Liang and Barsky 1984, "A new concept and method for line clipping",
ACM Transactions on Graphics 3(1)).

Positions are measured after the figure's layout (:meth:`Figure.draw_without_rendering`) and
kept as offsets in points from a data point, and the labels stay out of the layout, so they
keep their place at any resolution the figure is saved at.

>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 2), layout="constrained")
>>> ax = fig.subplots()
>>> _ = ax.plot([0, 1], [0, 1])
>>> _ = ax.set(xlim=(0, 1), ylim=(0, 1))
>>> fig.draw_without_rendering()
>>> placer = Placer(ax, segments=np.array([[[0, 0], [1, 1]]]))
>>> text = placer.place("x = y", (0.5, 0.5), [(0, 0, "center", "center"),
...                                           (-3, 3, "right", "bottom")])
>>> text.get_horizontalalignment()     # the first candidate sits on the line
'right'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

__all__ = ["Candidate", "Placer", "edge_candidates", "hits"]

Candidate = tuple[float, float, str, str]    # offset right and up in points, ha, va
GAP = 1.5                                    # points between a label and the line it names


def hits(segments: np.ndarray, box: Sequence[float]) -> np.ndarray:
    """``(k,)``: which of ``segments`` (``(k, 2, 2)``, display units) meet the box
    ``(x0, y0, x1, y1)`` (Liang–Barsky: the parameter interval of the segment inside each slab,
    intersected; the segment meets the box when the interval is not empty)."""
    segments = np.asarray(segments, dtype=float).reshape(-1, 2, 2)
    start = segments[:, 0]
    step = segments[:, 1] - segments[:, 0]
    low = np.zeros(len(segments))
    high = np.ones(len(segments))
    for axis, lo, hi in ((0, box[0], box[2]), (1, box[1], box[3])):
        q, p = step[:, axis], start[:, axis]
        flat = q == 0
        inside = (p >= lo) & (p <= hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b = (lo - p) / q, (hi - p) / q
        enter = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(a, b))
        leave = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(a, b))
        low, high = np.maximum(low, enter), np.minimum(high, leave)
    return low <= high


def _overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Placer:
    """Places texts in ``ax`` clear of ``segments`` (``(k, 2, 2)``, data coordinates) and
    ``pixels`` (segments in display units, e.g. arrows between axes), ``markers`` (``(m, 2)``
    data points, each ``radius`` points from centre to edge) and every box in ``boxes``
    (display units: texts already drawn), inside the figure and, vertically, inside the axes.
    Call after the figure's layout."""

    def __init__(self, ax: Axes, segments: np.ndarray | None = None,
                 markers: np.ndarray | None = None, radius: float | np.ndarray = 3.0,
                 boxes: Sequence[Sequence[float]] = (), margin: float = 1.0,
                 pixels: np.ndarray | None = None) -> None:
        self.ax = ax
        fig = ax.figure
        self.px = fig.dpi / 72                         # pixels in a point
        data = ax.transData
        segs = np.empty((0, 2)) if segments is None else \
            np.asarray(segments, dtype=float).reshape(-1, 2)
        self.segments = data.transform(segs).reshape(-1, 2, 2)
        if pixels is not None and len(pixels):
            self.segments = np.concatenate([self.segments,
                                            np.asarray(pixels, dtype=float).reshape(-1, 2, 2)])
        points = np.empty((0, 2)) if markers is None else \
            np.asarray(markers, dtype=float).reshape(-1, 2)
        r = np.broadcast_to(np.asarray(radius, dtype=float) * self.px, len(points))
        self.boxes = [tuple(b) for b in boxes]
        self.boxes += [(x - e, y - e, x + e, y + e)
                       for (x, y), e in zip(data.transform(points), r)]
        self.margin = margin * self.px
        frame, axes = fig.bbox, ax.bbox
        self.limits = (frame.x0 + 1, axes.y0, frame.x1 - 1, axes.y1)
        self.unresolved = 0                            # labels placed where they meet something

    def conflicts(self, box: Sequence[float]) -> int:
        """How many segments and boxes meet ``box`` (grown by the margin), plus ten if it
        leaves the room given."""
        m = self.margin
        grown = (box[0] - m, box[1] - m, box[2] + m, box[3] + m)
        lo = self.limits
        outside = box[0] < lo[0] or box[1] < lo[1] or box[2] > lo[2] or box[3] > lo[3]
        return (int(hits(self.segments, grown).sum()) + sum(_overlap(grown, b)
                                                            for b in self.boxes)
                + 10 * outside)

    def place(self, text: str, at: tuple[float, float] | None,
              candidates: Sequence[Candidate] | Sequence[tuple[tuple[float, float], Candidate]],
              **style) -> Text:
        """A text naming the data point ``at``, at the first of ``candidates`` (offsets in
        points with alignments; with ``at`` None, each candidate a ``(point, offset)`` pair)
        where it meets nothing, else where it meets least; the box it takes is kept clear of
        later labels."""
        pairs = [(at, c) for c in candidates] if at is not None else list(candidates)
        label = self.ax.text(*pairs[0][0], text, **style)
        label.set_in_layout(False)
        best = None
        for order, (point, candidate) in enumerate(pairs):
            self._put(label, point, candidate)
            extent = label.get_window_extent()
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            score = (self.conflicts(box), order)
            if best is None or score < best[0]:
                best = (score, point, candidate, box)
            if score[0] == 0:
                break
        (score, _), point, candidate, box = best
        self.unresolved += score > 0
        self._put(label, point, candidate)
        self.boxes.append(box)
        return label

    def _put(self, label: Text, point: tuple[float, float], candidate: Candidate) -> None:
        dx, dy, ha, va = candidate
        label.set_position(point)
        label.set_transform(self.ax.transData + ScaledTranslation(
            dx / 72, dy / 72, self.ax.figure.dpi_scale_trans))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)


def edge_candidates(ax: Axes, start: tuple[float, float], end: tuple[float, float],
                    fractions: Sequence[float] = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78),
                    gap: float = GAP, points: float = 6.0
                    ) -> list[tuple[tuple[float, float], Candidate]]:
    """Where a label of the edge ``start``–``end`` (data coordinates) may go: at each fraction
    of its length, first on its upper side (the right of a vertical edge), then on the other,
    with the corner of the label's box nearest the edge ``gap`` points off it along the
    normal, so the edge cannot cross the box; then level with each point, beside the edge
    (far enough off that a line of ``points``-point text clears it). Returns
    ``(point, candidate)`` pairs."""
    a, b = ax.transData.transform([start, end])
    d = b - a
    normal = np.array([-d[1], d[0]]) / max(float(np.hypot(*d)), 1e-9)
    if normal[1] < 0 or (normal[1] == 0 and normal[0] < 0):
        normal = -normal
    at = [(start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
          for t in fractions]
    out = []
    for side in (1.0, -1.0):
        n = side * normal
        ha = "left" if n[0] > 1e-9 else "right" if n[0] < -1e-9 else "center"
        va = "bottom" if n[1] > 1e-9 else "top" if n[1] < -1e-9 else "center"
        out += [(point, (gap * n[0], gap * n[1], ha, va)) for point in at]
    if abs(d[1]) > 1e-9:
        # Half a line above and below the point the edge is this far to either side.
        reach = gap + 0.6 * points * abs(d[0] / d[1])
        out += [(point, (side * reach, 0.0, "left" if side > 0 else "right", "center"))
                for side in (1.0, -1.0) for point in at]
    return out
