"""Every figure function, drawn on small inputs and on the Russia–Ukraine–West model at both
widths: no text under 6 pt, nothing outside the figure, no two texts on top of each other, the
width asked for (negotiation.plots.check)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
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


LONG_NAME = "Basin donor with a long name for table alignment"
UNCERTAIN = ('parties.ukraine.disagreement={ value = 0.35, dist = "uniform", low = 0.3, '
             'high = 0.81 }')


def long_named(tmp_path_factory) -> Path:
    """The example model with the West renamed as a new user's model named a party."""
    path = tmp_path_factory.mktemp("long") / "long.toml"
    text = EXAMPLE.read_text().replace('label = "the West"', f'label = "{LONG_NAME}"')
    assert LONG_NAME in text
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def long_name(tmp_path_factory):
    path = long_named(tmp_path_factory)
    base = ng.analyze(ng.load_model(path))
    opened = ng.analyze(ng.load_model(path, drops=OPEN, sets=[UNCERTAIN]))
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
    dilemma = ng.equilibria(ng.load_game(ROOT / "models" / "prisoners_dilemma.toml"))
    from negotiation.model.compiled import compile_model
    from negotiation.sections import load_record
    from negotiation.whatif.packages import evaluate_record

    record, model = load_record(ROOT / "models" / "alternatives.toml")
    results = evaluate_record(compile_model(model), record)
    graph_model = ng.load_model(ROOT / "models" / "ruw_graph_model.toml")
    graph = ng.stability(graph_model)
    status_quo = ng.status_quo(graph_model)
    phased = ng.phased(ng.load_model(ROOT / "models" / "russia_ukraine_west.toml"),
                       "twenty_points_2025")
    spe = phased.spe.equilibria[0].behaviour if phased.spe.equilibria else None
    from negotiation.games.commitment import region

    deltas = np.linspace(0.05, 0.95, 10)
    region_panel = ng.plots.RegionPanel("20-point revision", deltas,
                                        *region(phased.game, deltas), (phased.game.delta, 0.0))
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
        "one game, no no-deal point": lambda: ng.plots.payoff_panels(
            [ng.plots.game_panel(dilemma, None, title="A game that says nothing of agreement")]),
        "one game in the payoff plane": lambda: ng.plots.payoff_panels(
            [ng.plots.game_panel(game, "no_zone", (0.3, 0.2))]),
        "opening by mechanism": lambda: ng.plots.opening_by_mechanism({"status quo": sim},
                                                                      title="What opens it"),
        "mechanism curves": lambda: ng.plots.mechanism_curves({"status quo": sim}),
        "zartman": lambda: ng.plots.zartman_over_time({"status quo": sim}),
        "rate sensitivity": lambda: ng.plots.rate_sensitivity(
            [("Russia: cost of war", 0.01, 0.05, 0.03, 0.23),
             ("the West: a long label for a rate that wraps over lines", 0.0, 1.0, 0.1, 0.12)],
            0.1, "% of paths open within 60 months", title="Assumed rates"),
        "state map": lambda: ng.plots.state_map(graph.graph, graph.equilibria),
        "evolution paths": lambda: ng.plots.evolution_paths(graph.graph, status_quo),
        "game tree": lambda: ng.plots.game_tree(phased.tree, spe, title="The commitment game"),
        "phased region": lambda: ng.plots.phased_region([region_panel, region_panel]),
        "posture grid": lambda: ng.plots.posture_grid(game, title="Postures"),
    }


def long_name_figures(long_name):
    """The figures `negotiation report` draws, for a model with a long party name."""
    base, opened = long_name
    near = ["parties.ukraine.disagreement", "parties.russia.disagreement"]
    grid = np.linspace(0, 1, 11)
    return {
        "blocking heatmap, long name": lambda: ng.plots.blocking_heatmap(
            blocking_by_level(base.compiled), base.model),
        "collisions, long name": lambda: ng.plots.collisions(base),
        "tornado, long name": lambda: ng.plots.tornado(list(ng.thresholds(opened)),
                                                      opened.model, title="Baseline"),
        "sweep, long name": lambda: ng.plots.sweep_figure(
            ng.sweep(opened, dict.fromkeys(near, grid)), opened.model),
        "robustness, long name": lambda: ng.plots.robustness_figure(
            ng.robustness(opened, 40, mus_draws=40), opened.model),
    }


@pytest.mark.parametrize("width", ["single", "double"])
def test_figures_with_a_long_party_name(long_name, width):
    """A party named at length (as a new user's model did) wraps over its column: every
    figure keeps its size, no text under 6 pt, nothing clipped or overlapping."""
    found = {}
    with ng.plots.figure_width(width):
        for name, draw in long_name_figures(long_name).items():
            fig = draw()
            trouble = problems(fig, size=(ng.plots.width(), 12))
            if trouble:
                found[name] = trouble[:3]
    assert not found, found


@pytest.mark.parametrize("width", ["single", "double"])
def test_the_blocking_heatmap_keeps_its_shape_with_a_long_name(long_name, width):
    """The heatmap stays a readable block: it spans at least 40% of the figure's width and
    each cell is wider than its number (the new user's heatmap was a thin sliver), and the
    long name wraps over its column onto several lines."""
    base, _ = long_name
    with ng.plots.figure_width(width), ng.plots.style():
        fig = ng.plots.blocking_heatmap(blocking_by_level(base.compiled), base.model)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        ax = fig.axes[0]
        box = ax.get_window_extent(renderer)
        assert box.width >= 0.4 * fig.bbox.width
        cell = box.width / len(base.model.parties)
        numbers = [t for t in ax.texts if t.get_text()]
        assert numbers and all(t.get_window_extent(renderer).width < 0.8 * cell
                               for t in numbers)
        titles = [t.get_text() for t in ax.get_xticklabels()]
        wrapped = next(t for t in titles if t.startswith("Basin"))
        assert wrapped.replace("\n", " ") == LONG_NAME and "\n" in wrapped


@pytest.mark.parametrize("width", ["single", "double"])
def test_every_figure_is_ready_for_print(example, ruw, width):
    found = {}
    with ng.plots.figure_width(width):
        for name, draw in figures(example, ruw).items():
            fig = draw()
            assert isinstance(fig, Figure), name
            # A game tree takes up to the text width when its leaves need it.
            expected = ng.plots.width()
            if name == "game tree" and expected <= fig.get_figwidth() <= ng.plots.DOUBLE:
                expected = fig.get_figwidth()
            trouble = problems(fig, size=(expected, 12))
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
    result = ng.robustness(opened, 20)     # nothing uncertain: one draw is run
    assert result.draws == 1 and "declares no distribution" in robustness_is_trivial(result)
    uncertain = ng.analyze(ng.load_model(EXAMPLE, drops=OPEN, sets=[
        'parties.russia.disagreement={ value = 0.1, dist = "uniform", low = 0.0, high = 0.2 }']))
    result = ng.robustness(uncertain, 20)  # uncertain, but the zone stays open in every draw
    assert result.draws == 20 and "in every one of the 20 draws" in robustness_is_trivial(result)
