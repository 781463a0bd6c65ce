"""Checks that a figure is ready for a journal: no text under 6 pt, nothing outside the figure,
no two texts on top of each other, no text cut short with an ellipsis or spilling past the cell
it labels, the size asked for, and (on request) no line or arrow running through a text.

>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(3.4, 2), layout="constrained")
>>> ax = fig.subplots()
>>> _ = ax.set_title("fine", fontsize=8)
>>> problems(fig)
[]
>>> _ = ax.text(0.5, 0.5, "too small", fontsize=4)
>>> problems(fig)
["text 'too small' is 4 pt, under 6 pt"]
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from negotiation.plots.style import style

__all__ = ["MIN_POINTS", "problems"]

MIN_POINTS = 6.0
SLACK = 1.0        # pixels: bounding boxes carry a little padding
FAINT_WIDTH = 0.5  # points: thinner lines (grids, hairlines) are background, text may sit on them
FAINT_ALPHA = 0.6  # and so are lines more transparent than this


def _draw(fig: Figure) -> tuple[list[tuple[Text, Bbox]], object]:
    """Every non-empty text that drawing ``fig`` actually renders (tick labels of ticks outside
    the view and texts of hidden axes are not), with its extent in pixels, and the renderer."""
    drawn: list[Text] = []
    original = Text.draw

    def recording(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    Text.draw = recording
    try:
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
    finally:
        Text.draw = original
    renderer = canvas.get_renderer()
    out = []
    for text in dict.fromkeys(drawn):
        extent = text.get_window_extent(renderer)
        if extent.width > 0 and extent.height > 0:
            out.append((text, extent))
    return out, renderer


def _parallel_apart(a: Text, ea, b: Text, eb) -> bool:
    """Whether two texts rotated by the same angle (e.g. slanted tick labels) lie on separate
    lines: their centres are at least one line height apart across the text direction (their
    axis-aligned boxes overlap although the glyphs do not)."""
    angle = a.get_rotation()
    if angle % 180 == 0 or abs(angle - b.get_rotation()) > 1e-6:
        return False
    theta = np.deg2rad(angle)
    normal = np.array([-np.sin(theta), np.cos(theta)])
    ca = np.array([(ea.x0 + ea.x1) / 2, (ea.y0 + ea.y1) / 2])
    cb = np.array([(eb.x0 + eb.x1) / 2, (eb.y0 + eb.y1) / 2])
    lines = max(a.get_text().count("\n"), b.get_text().count("\n")) + 1
    height = a.get_fontsize() * lines * a.figure.dpi / 72
    return abs(float(normal @ (ca - cb))) >= 0.9 * height


def _label(text: Text) -> str:
    return text.get_text().replace("\n", " ")[:40]


def _inked(text: Text, extent: Bbox, renderer) -> Bbox:
    """The extent of a text with the box drawn around it, if any."""
    patch = text.get_bbox_patch()
    if patch is None or not patch.get_visible():
        return extent
    return Bbox.union([extent, patch.get_window_extent(renderer)])


def _spills(fig: Figure, texts: list, renderer) -> list[str]:
    """Texts that label a cell (their anchor lies in a filled rectangle of their axes) but
    reach past its edges; the smallest rectangle holding the anchor is the cell."""
    found = []
    for ax in fig.axes:
        cells = [p.get_window_extent(renderer) for p in ax.patches
                 if isinstance(p, Rectangle) and p.get_visible() and p.get_fill()]
        if not cells:
            continue
        for text, extent in texts:
            if text.axes is not ax or isinstance(text, Annotation):
                continue
            x, y = text.get_transform().transform(text.get_unitless_position())
            holding = [c for c in cells if c.x0 <= x <= c.x1 and c.y0 <= y <= c.y1]
            if not holding:
                continue
            cell = min(holding, key=lambda c: c.width * c.height)
            box = _inked(text, extent, renderer)
            if (box.x0 < cell.x0 - SLACK or box.x1 > cell.x1 + SLACK
                    or box.y0 < cell.y0 - SLACK or box.y1 > cell.y1 + SLACK):
                found.append(f"text '{_label(text)}' spills past its cell")
    return found


def _ink(fig: Figure) -> list[Artist]:
    """The lines and arrows of ``fig`` that a text must not sit on: lines of the axes (not
    markers alone, not faint background lines), arrows of annotations, and arrow patches on the
    axes or the figure."""
    found: list[Artist] = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for line in ax.lines:
            alpha = line.get_alpha()
            if (line.get_visible() and line.get_linestyle() not in ("None", "", " ")
                    and line.get_linewidth() >= FAINT_WIDTH
                    and (alpha is None or alpha >= FAINT_ALPHA)):
                found.append(line)
        found += [p for p in ax.patches if isinstance(p, FancyArrowPatch) and p.get_visible()]
        found += [t.arrow_patch for t in ax.texts if isinstance(t, Annotation)
                  and t.arrow_patch is not None and t.get_visible()]
    found += [a for a in fig.artists + fig.patches
              if isinstance(a, FancyArrowPatch) and a.get_visible()]
    return found


def _points(artist: Artist) -> np.ndarray:
    """``(k, 2)``: the pixels ``artist`` (a line or an arrow) passes through, at most one pixel
    apart (curves flattened)."""
    path = artist.get_transform().transform_path(artist.get_path())
    pieces = []
    for poly in path.to_polygons(closed_only=False):
        if len(poly) < 2 or not np.isfinite(poly).all():
            continue
        step = np.hypot(*np.diff(poly, axis=0).T)
        count = np.maximum(1, np.ceil(step).astype(int))
        t = np.concatenate([np.arange(n) / n for n in count])
        start = np.repeat(poly[:-1], count, axis=0)
        delta = np.repeat(np.diff(poly, axis=0), count, axis=0)
        pieces += [start + t[:, None] * delta, poly[-1:]]
    return np.concatenate(pieces) if pieces else np.empty((0, 2))


def _crossings(fig: Figure, texts: list, renderer) -> list[str]:
    """Texts that a line or an arrow runs through (see :func:`_ink`)."""
    ink = [(a, _points(a)) for a in _ink(fig)]
    found = []
    for text, extent in texts:
        box = _inked(text, extent, renderer)
        for artist, pts in ink:
            inside = ((pts[:, 0] > box.x0 + SLACK) & (pts[:, 0] < box.x1 - SLACK)
                      & (pts[:, 1] > box.y0 + SLACK) & (pts[:, 1] < box.y1 - SLACK))
            if inside.any():
                kind = "a line" if isinstance(artist, Line2D) else "an arrow"
                found.append(f"{kind} runs through text '{_label(text)}'")
                break
    return found


def problems(fig: Figure, size: tuple[float, float] | None = None,
             min_points: float = MIN_POINTS, crossings: bool = False) -> list[str]:
    """What is wrong with ``fig`` for print, in words (an empty list when nothing is).

    ``size`` (inches) checks the figure's width and height when given. ``crossings`` checks
    too that no line or arrow runs through a text (for drawings of nodes and moves, whose
    labels must stay clear of edges; grids and other lines thinner than 0.5 pt or fainter
    than alpha 0.6 are background and not counted). The figure is drawn once under the
    project's style, as :func:`negotiation.plots.save` would draw it.
    """
    with style():
        texts, renderer = _draw(fig)
        found: list[str] = []
        if size is not None:
            width, height = fig.get_size_inches()
            if abs(width - size[0]) > 0.01 or height > size[1] + 0.01:
                found.append(f"the figure is {width:.2f} x {height:.2f} in, not "
                             f"{size[0]:.2f} x at most {size[1]:.2f}")
        box = fig.bbox
        for text, extent in texts:
            label = _label(text)
            if text.get_fontsize() < min_points - 1e-9:
                found.append(f"text '{label}' is {text.get_fontsize():g} pt, under "
                             f"{min_points:g} pt")
            if (extent.x0 < box.x0 - SLACK or extent.y0 < box.y0 - SLACK
                    or extent.x1 > box.x1 + SLACK or extent.y1 > box.y1 + SLACK):
                found.append(f"text '{label}' runs outside the figure")
            if any(line.rstrip().endswith(("…", "...")) for line in text.get_text().split("\n")):
                found.append(f"text '{label}' is cut short")
        for k, (a, ea) in enumerate(texts):
            for b, eb in texts[k + 1:]:
                if a.get_text() == b.get_text() and ea.bounds == eb.bounds:
                    continue
                if _parallel_apart(a, ea, b, eb):
                    continue
                overlap_w = min(ea.x1, eb.x1) - max(ea.x0, eb.x0)
                overlap_h = min(ea.y1, eb.y1) - max(ea.y0, eb.y0)
                if overlap_w > 2 * SLACK and overlap_h > 2 * SLACK:
                    found.append(f"texts '{a.get_text()[:30]}' and '{b.get_text()[:30]}' "
                                 "overlap")
        found += _spills(fig, texts, renderer)
        if crossings:
            found += _crossings(fig, texts, renderer)
    return found
