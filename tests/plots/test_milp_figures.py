"""The what-if figures of the integer-programming backend, which counts no bargaining set: the
sweep draws the verdict alone and says the size is not counted, the robustness figure draws
without MUS membership when it was not computed. Checked like every figure
(negotiation.plots.check): no text under 6 pt, nothing outside, no overlaps, the width asked for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import negotiation as ng
from negotiation.milp import whatif as solved
from negotiation.plots.check import problems
from negotiation.plots.whatif import robustness_is_trivial

EXAMPLE = Path(__file__).parents[2] / "models" / "example.toml"
RUW = Path(__file__).parents[2] / "models" / "russia_ukraine_west.toml"


@pytest.mark.parametrize("width", ["single", "double"])
def test_figures_without_counts_are_ready_for_print(width, monkeypatch):
    opened = ng.analyze(ng.load_model(EXAMPLE, drops=["west.no_combat_commitment"]),
                        backend="milp")
    near = ["parties.russia.disagreement", "parties.ukraine.disagreement"]
    grid = np.linspace(0, 1, 11)
    line = ng.sweep(opened, {near[0]: grid})
    plane = ng.sweep(opened, dict.fromkeys(near, grid))
    assert line.sizes is None and plane.sizes is None
    monkeypatch.setattr(solved, "MUS_PROGRAMS", 1)
    ruw = ng.analyze(ng.load_model(RUW), backend="milp", verify=False)
    draws = ng.robustness(ruw, 30, seed=1, mus_draws=5)
    assert draws.in_mus is None and robustness_is_trivial(draws) is not None
    found = {}
    with ng.plots.figure_width(width):
        for name, fig in {
            "sweep 1-d": ng.plots.sweep_figure(line, opened.model),
            "sweep 2-d": ng.plots.sweep_figure(plane, opened.model, title="Two parameters"),
            "robustness": ng.plots.robustness_figure(draws, ruw.model),
        }.items():
            assert isinstance(fig, Figure)
            trouble = problems(fig, size=(ng.plots.width(), 12))
            if trouble:
                found[name] = trouble[:3]
    assert not found, found
