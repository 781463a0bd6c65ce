"""Layout defects new users found, each drawn as they drew it and checked at both widths
(negotiation.plots.check): the mediation record's cells (blocker names cut short with "…",
text boxes spilling past their cells), the state graph's moves between panels (an arrow through
the panel titles), game trees (edges through the player names, a chance label touching a name),
a payoff panel's verdict (clipped at the figure's edge) and the collision figure of a model with
no minimal incompatible set (a blank half)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import negotiation as ng
from negotiation.plots.check import problems

ROOT = Path(__file__).parents[2]
MODELS = ROOT / "models"
RUW = MODELS / "russia_ukraine_west.toml"
# A chance move, an exit, then matching pennies in an information set: the game a new user
# drew (payoffs made up for the trial; the layout, not the numbers, is under test).
PENNIES = Path(__file__).parent / "data" / "chance_pennies.efg"
WIDTHS = ["single", "double"]


def checked(fig, crossings: bool = False, width: float | None = None) -> list[str]:
    return problems(fig, size=(width or ng.plots.width(), 12), crossings=crossings)


@pytest.fixture(scope="module")
def record():
    from negotiation.model.compiled import compile_model
    from negotiation.sections import load_record
    from negotiation.whatif.packages import evaluate_record

    rec, model = load_record(MODELS / "mediation_record.toml")
    return evaluate_record(compile_model(model), rec, "staged", as_of="record"), model


@pytest.mark.parametrize("width", WIDTHS)
def test_the_mediation_record_names_every_blocker_in_full(record, width):
    """Experiment 02's figure: no text cut short, none past its cell, and every red line
    that blocks a framework appears by its full label somewhere in the figure (in its cell or
    in the key under it)."""
    results, model = record
    with ng.plots.figure_width(width):
        fig = ng.plots.package_matrix(results, model)
        assert checked(fig) == []
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        shown = " ".join(t.get_text().replace("\n", " ") for t in fig.findobj(
            lambda a: hasattr(a, "get_text") and a.get_visible()))
    labels = {f"{p.id}.{r.id}": r.label for p in model.parties for r in p.all_red_lines()}
    blocking = {labels[b] for res in results for resp in res.responses.values()
                if not resp.accepts and resp.blockers for b in resp.blockers[0] if b in labels}
    assert blocking and all(label in shown for label in blocking), blocking


@pytest.fixture(scope="module")
def graph():
    from negotiation.gmcr.stability import improvements

    model = ng.load_model(MODELS / "ruw_graph_model.toml")
    result = ng.stability(model)
    g = result.graph
    target = g.names["neutrality_with_guarantees"]
    arrows = [(a, b, i) for i in range(g.m)
              for a, b in g.moves[i][improvements(g, i)].tolist() if a == target]
    marked = [(s, name.replace("_", " ")) for name, s in g.names.items()]
    return g, result.equilibria, arrows, marked


@pytest.mark.parametrize("width", WIDTHS)
def test_moves_between_panels_cross_no_title_or_label(graph, width):
    """Experiment 09's state graph: the West's moves go between panels; no arrow runs
    through a panel title, a tick label or a state's number."""
    g, equilibria, arrows, marked = graph
    assert any(a // 2 ** 10 != b // 2 ** 10 for a, b, _ in arrows) or len(arrows) > 3
    with ng.plots.figure_width(width):
        fig = ng.plots.state_map(g, equilibria, arrows=arrows, marked=marked)
        assert checked(fig, crossings=True) == []


def _tree_width(fig) -> float:
    """A game tree takes up to the text width when its leaves need it."""
    return fig.get_figwidth() if ng.plots.width() <= fig.get_figwidth() <= ng.plots.DOUBLE \
        else ng.plots.width()


@pytest.mark.parametrize("width", WIDTHS)
def test_tree_labels_stay_clear_of_edges(width):
    """The chance-then-pennies tree: no edge or edge label runs through a player's name, in
    particular at the right-hand nodes whose edges come in from the upper left."""
    from negotiation.games.efg import read
    from negotiation.games.tree_equilibria import solve_tree

    result = solve_tree(read(PENNIES))
    spe = result.spe.equilibria[0].behaviour
    with ng.plots.figure_width(width):
        for behaviour in (spe, None):
            fig = ng.plots.game_tree(result.tree, behaviour, title="Chance then pennies")
            assert checked(fig, crossings=True, width=_tree_width(fig)) == []


@pytest.mark.parametrize("framework", ["china_12_points_2023", "brazil_china_2024",
                                       "twenty_points_2025", "coalition_willing_2026"])
def test_commitment_trees_keep_labels_clear(framework):
    """Experiment 10's trees (every framework): labels clear of every edge, at both widths."""
    phased = ng.phased(ng.load_model(RUW), framework)
    spe = phased.spe.equilibria[0].behaviour if phased.spe.equilibria else None
    for width in WIDTHS:
        with ng.plots.figure_width(width):
            fig = ng.plots.game_tree(phased.tree, spe, title=f"{framework}: the commitment game")
            assert checked(fig, crossings=True, width=_tree_width(fig)) == [], width


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_verdict_stays_inside_its_panel(width):
    """Experiment 05 with a model whose verdict is 'agreement possible' in the last panel:
    the title wraps instead of running off the figure."""
    base = ng.analyze(ng.load_model(MODELS / "example.toml", drops=["west.no_combat_commitment"]))
    comp = base.compiled
    points = comp.utilities[:2].T
    panel = ng.plots.PayoffPanel(
        "Three-party example", base.verdict, "Russia", "Ukraine", points,
        tuple("zone" for _ in points), tuple(comp.disagreement[:2]), np.zeros((0, 2)), (),
        note="(the West not shown)")
    dilemma = ng.equilibria(ng.load_game(MODELS / "prisoners_dilemma.toml"))
    other = ng.plots.game_panel(dilemma, "dilemma", (2, 2), title="Prisoner's Dilemma")
    assert base.verdict == "agreement_possible"
    with ng.plots.figure_width(width):
        for panels in ([other, other, other, panel], [panel, other], [panel]):
            fig = ng.plots.payoff_panels(panels)
            assert checked(fig) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_collision_figure_of_an_open_model_says_what_it_shows(width):
    """With no minimal incompatible set (the commands leave the figure out; experiment 01 and
    the API still draw it) the figure is the pairwise triangle over a sentence saying a zone of
    agreement exists and how large it is, not a blank half."""
    opened = ng.analyze(ng.load_model(MODELS / "example.toml",
                                      drops=["west.no_combat_commitment"]))
    trap = ng.analyze(ng.load_model(MODELS / "example.toml"))
    assert not opened.certificate.mus and opened.bargaining.size == 2
    with ng.plots.figure_width(width):
        fig = ng.plots.collisions(opened)
        assert checked(fig) == []
        words = " ".join(t.get_text().replace("\n", " ") for t in fig.findobj(Text))
        assert "No minimal incompatible set" in words and "2 settlements" in words
        assert fig.get_figheight() < ng.plots.collisions(trap).get_figheight()


def test_the_checker_finds_the_new_defects():
    """Text cut short with an ellipsis, text spilling past its cell, and (when asked) a line or
    an arrow through a text; faint grid lines and text clear of the lines are not reported."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, Rectangle

    fig = Figure(figsize=(3.4, 2.0), layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=(0, 4), ylim=(0, 2))
    ax.add_patch(Rectangle((0.1, 0.1), 0.8, 0.8, facecolor="orange"))
    ax.text(0.5, 0.5, "a label far wider than its cell", ha="center", fontsize=7)
    ax.text(2.5, 1.5, "permanent…", fontsize=7)
    ax.plot([2.0, 4.0], [0.5, 0.5], lw=1.0)
    ax.text(3.0, 0.5, "crossed", ha="center", va="center", fontsize=7)
    ax.add_patch(FancyArrowPatch((1.2, 1.2), (3.8, 1.2), arrowstyle="-|>", mutation_scale=7))
    ax.text(1.6, 1.2, "arrowed", va="center", fontsize=7)
    ax.axhline(1.8, lw=0.3, alpha=0.5)
    ax.text(0.5, 1.8, "on a grid line", va="center", fontsize=7)
    ax.text(2.5, 0.2, "clear", fontsize=7)
    found = " | ".join(problems(fig, crossings=True))
    assert "'permanent…' is cut short" in found
    assert "'a label far wider than its cell' spills past its cell" in found
    assert "a line runs through text 'crossed'" in found
    assert "an arrow runs through text 'arrowed'" in found
    assert "grid line" not in found and "'clear'" not in found
    assert "runs through" not in " ".join(problems(fig))
