"""Every figure function, drawn on small inputs and on the Russia–Ukraine–West model at both
widths: no text under 6 pt, nothing outside the figure, no two texts on top of each other, the
width asked for (negotiation.plots.check)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import negotiation as ng
from negotiation.bargaining import blocking_by_level
from negotiation.plots import PayoffPanel
from negotiation.plots.check import problems
from negotiation.plots.whatif import robustness_is_trivial

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "models" / "example.toml"
OPEN = ["west.no_combat_commitment"]


@pytest.fixture(scope="module")
def example():
    base = ng.analyze(ng.load_model(EXAMPLE))
    opened = ng.analyze(ng.load_model(EXAMPLE, drops=OPEN))
    return base, opened


@pytest.fixture(scope="module")
def ruw():
    return ng.analyze(ng.load_model(ROOT / "models" / "russia_ukraine_west.toml"), verify=False)


def figures(example, ruw):
    base, opened = example
    near = ["parties.russia.disagreement", "parties.ukraine.disagreement"]
    grid = np.linspace(0, 1, 21)
    sim = ng.simulate(ng.load_model(ROOT / "models" / "russia_ukraine_west.toml"), periods=12,
                      draws=50)
    panel = PayoffPanel("A game", "dilemma", "row player", "column player",
                        np.array([[3, 3], [0, 5], [5, 0], [1, 1]]),
                        ("zone", "other", "other", "other"), (1, 1), np.array([[1, 1]]),
                        (True,), note="no red lines")
    game = ng.equilibria(ng.load_game(ROOT / "models" / "russia_ukraine_west.toml"))
    from negotiation.model.compiled import compile_model
    from negotiation.sections import load_record
    from negotiation.whatif.packages import evaluate_record

    record, model = load_record(ROOT / "models" / "alternatives.toml")
    results = evaluate_record(compile_model(model), record)
    return {
        "collisions": lambda: ng.plots.collisions(base),
        "collisions ruw": lambda: ng.plots.collisions(ruw),
        "collisions, no MUS": lambda: ng.plots.collisions(opened),
        "blocking heatmap": lambda: ng.plots.blocking_heatmap(
            blocking_by_level(base.compiled), base.model, title="Who rules out what"),
        "blocking heatmap ruw": lambda: ng.plots.blocking_heatmap(
            blocking_by_level(ruw.compiled), ruw.model),
        "tornado": lambda: ng.plots.tornado(list(ng.thresholds(opened)), opened.model,
                                            title="After a long revision that needs wrapping"),
        "tornado, trap": lambda: ng.plots.tornado(list(ng.thresholds(base)), base.model),
        "sweep 1-d": lambda: ng.plots.sweep_figure(ng.sweep(opened, {near[0]: grid}),
                                                   opened.model),
        "sweep 2-d": lambda: ng.plots.sweep_figure(
            ng.sweep(opened, dict.fromkeys(near, grid)), opened.model, title="Two parameters"),
        "robustness": lambda: ng.plots.robustness_figure(ng.robustness(ruw, 60, mus_draws=20),
                                                         ruw.model, title="Baseline"),
        "package matrix": lambda: ng.plots.package_matrix(results, model, title="Alternatives"),
        "ripeness fan": lambda: ng.plots.ripeness_fan({"status quo": sim, "other": sim},
                                                      title="Ripe by month"),
        "size over time": lambda: ng.plots.size_over_time({"status quo": sim}),
        "sensitivity": lambda: ng.plots.sensitivity_lines({"a": [0.1, 0.2], "b": [0.2, 0.4]},
                                                          [0.5, 1.0], "every rate multiplied by"),
        "payoff panels": lambda: ng.plots.payoff_panels([panel, panel, panel]),
        "posture grid": lambda: ng.plots.posture_grid(game, title="Postures"),
    }


@pytest.mark.parametrize("width", ["single", "double"])
def test_every_figure_is_ready_for_print(example, ruw, width):
    found = {}
    with ng.plots.figure_width(width):
        for name, draw in figures(example, ruw).items():
            fig = draw()
            assert isinstance(fig, Figure), name
            trouble = problems(fig, size=(ng.plots.width(), 12))
            if trouble:
                found[name] = trouble[:3]
    assert not found, found


def test_the_checker_finds_what_it_should():
    fig = Figure(figsize=(3.4, 1.5), layout="constrained")
    ax = fig.subplots()
    ax.text(0.5, 0.5, "tiny", fontsize=5)
    ax.text(0.1, 0.5, "a long text that certainly runs outside the figure on the right", fontsize=8)
    ax.text(0.5, 0.5, "tiny too", fontsize=7)
    found = " ".join(problems(fig))
    assert "under 6 pt" in found and "outside the figure" in found and "overlap" in found


def test_figures_that_would_say_nothing_are_recognised(example):
    _, opened = example
    result = ng.robustness(opened, 20)     # nothing uncertain: one verdict in every draw
    assert "in every one of the 20 draws" in robustness_is_trivial(result)
