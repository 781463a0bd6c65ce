"""Checks that a figure is ready for a journal: no text under 6 pt, nothing outside the figure,
no two texts on top of each other, and the size asked for.

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
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from negotiation.plots.style import style

__all__ = ["MIN_POINTS", "problems"]

MIN_POINTS = 6.0
SLACK = 1.0        # pixels: bounding boxes carry a little padding


def _drawn_texts(fig: Figure) -> list[tuple[Text, object]]:
    """Every non-empty text that drawing ``fig`` actually renders (tick labels of ticks outside
    the view and texts of hidden axes are not), with its extent in pixels."""
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
    return out


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


def problems(fig: Figure, size: tuple[float, float] | None = None,
             min_points: float = MIN_POINTS) -> list[str]:
    """What is wrong with ``fig`` for print, in words (an empty list when nothing is).

    ``size`` (inches) checks the figure's width and height when given. The figure is drawn
    once under the project's style, as :func:`negotiation.plots.save` would draw it.
    """
    with style():
        texts = _drawn_texts(fig)
        found: list[str] = []
        if size is not None:
            width, height = fig.get_size_inches()
            if abs(width - size[0]) > 0.01 or height > size[1] + 0.01:
                found.append(f"the figure is {width:.2f} x {height:.2f} in, not "
                             f"{size[0]:.2f} x at most {size[1]:.2f}")
        box = fig.bbox
        for text, extent in texts:
            label = text.get_text().replace("\n", " ")[:40]
            if text.get_fontsize() < min_points - 1e-9:
                found.append(f"text '{label}' is {text.get_fontsize():g} pt, under "
                             f"{min_points:g} pt")
            if (extent.x0 < box.x0 - SLACK or extent.y0 < box.y0 - SLACK
                    or extent.x1 > box.x1 + SLACK or extent.y1 > box.y1 + SLACK):
                found.append(f"text '{label}' runs outside the figure")
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
    return found
