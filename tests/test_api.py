"""The notebook API: every name docs/api.md documents exists and does what the page says."""

import re
from pathlib import Path

import numpy as np
import pytest

import negotiation as ng

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "models" / "example.toml"
OPEN = ["west.no_combat_commitment"]   # the example's cheapest revision (tests/commands/test_cli)


def documented(section: str) -> set[str]:
    """Names in the first column of the tables under ``## section`` of docs/api.md."""
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return {m for row in body.splitlines() if row.startswith("| `")
            for m in re.findall(r"`(\w+)\(", row.split("|")[1])}


def test_the_page_and_the_package_list_the_same_functions():
    api = documented("Loading") | documented("Analyses")
    assert api == {n for n in ng.api.__all__ if n[0].islower()}
    for name in api:
        assert callable(getattr(ng, name))
    for name in documented("Figures"):
        assert callable(getattr(ng.plots, name)), name


def test_import_negotiation_is_light():
    import subprocess
    import sys

    code = "import sys, negotiation; print('matplotlib' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_analyze_matches_the_command_line_and_renders():
    a = ng.analyze(ng.load_model(EXAMPLE))
    # models/example.toml is a trap with one three-party MUS (tests/commands/test_cli.py).
    assert a.verdict == "structural_trap" and a.verified is True and a.problems == ()
    assert ["russia.non_alignment", "ukraine.enforceable_if_neutral",
            "west.no_combat_commitment"] in [sorted(m) for m in a.certificate.mus]
    assert "STRUCTURAL TRAP" in a._repr_markdown_()
    assert isinstance(a, ng.Analysis)
    names = [t.name for t in ng.tables(a)]
    assert names[:4] == ["verdict", "mus", "mcs", "pairwise"]
    assert "| verdict |" in ng.tables(a)[0]._repr_markdown_()


def test_overrides_and_drops_as_on_the_command_line():
    a = ng.analyze(ng.load_model(EXAMPLE, sets=["parties.russia.disagreement=0.99"], drops=OPEN))
    # Without the West's line two settlements remain; Russia values them 0.66 and 0.78 < 0.99.
    assert a.verdict == "ripeness_gap"
    with pytest.raises(ValueError, match="is a number"):
        ng.load_model(EXAMPLE, sets=["parties.russia.disagreement=abc"])


def test_what_if_functions():
    opened = ng.analyze(ng.load_model(EXAMPLE, drops=OPEN))
    assert opened.verdict == "agreement_possible"
    t = ng.thresholds(opened)
    russia = next(x for x in t if x.parameter == "parties.russia.disagreement")
    # Russia's best settlement in the zone is worth 0.78 to it: above that the zone closes.
    assert russia.upper == pytest.approx(0.78) and russia.upper_verdict == "ripeness_gap"
    assert "Russia: no-deal value" in t._repr_markdown_()
    s = ng.sweep(opened, {"parties.russia.disagreement": [0.5, 0.7, 0.9]})
    # Zone sizes at d = 0.5, 0.7, 0.9: both settlements (0.66, 0.78 >= 0.5), one, none.
    assert s.sizes.tolist() == [2, 1, 0]
    assert "sweep over" in s._repr_markdown_()
    r = ng.robustness(opened, draws=50, seed=1)
    assert r.verdict_counts == {"agreement_possible": r.draws}   # nothing uncertain
    assert isinstance(ng.thresholds(ng.load_model(EXAMPLE, drops=OPEN)), ng.Thresholds)


def test_simulate_games_and_graph_models():
    sim = ng.simulate(ng.load_model(ROOT / "models" / "russia_ukraine_west.toml"), periods=12)
    assert sim.periods == 12 and "12 months" in sim._repr_markdown_()
    eq = ng.equilibria(ng.load_game(ROOT / "models" / "prisoners_dilemma.toml"))
    # Mutual defection is the prisoner's dilemma's only equilibrium.
    assert len(eq.equilibria) == 1 and eq.equilibria[0].is_pure
    # The stag hunt's (cooperate, cooperate) equilibrium reaches its zone of agreement.
    hunt = ng.equilibria(ROOT / "models" / "stag_hunt.toml")
    assert "Strategic verdict: OPEN" in hunt._repr_markdown_()
    conflict = ng.load_model(ROOT / "models" / "ruw_graph_model.toml")
    g = ng.stability(conflict)
    assert g.equilibria.shape[0] == 4 and "Nash" in g._repr_markdown_()
    assert [t.name for t in ng.tables(g)]
    # Coalition stability: refining the individual equilibria, never adding to them.
    joint = ng.stability(conflict, coalitions=True).coalitions
    assert set(joint.equilibria) == {"cnash", "cgmr", "cseq"}
    assert not (joint.equilibria["cnash"] & ~g.equilibria[0]).any()
    assert "Coalition stability" in ng.stability(conflict, coalitions=True)._repr_markdown_()
    # Status quo: the war is a Nash equilibrium, so no unilateral improvement leaves it.
    sq = ng.status_quo(conflict)
    assert sq.by_improvements.reachable.sum() == 1 and sq.paths == {sq.start: []}
    assert "status-quo analysis" in sq._repr_markdown_()
    assert [t.name for t in ng.tables(sq)] == ["reachable_equilibria", "evolution_paths"]
    frozen = ng.status_quo(conflict, start="frozen_armistice")
    assert frozen.start == frozen.graph.state("frozen_armistice")


def test_figures_are_returned_and_saved(tmp_path):
    from matplotlib.figure import Figure

    a = ng.analyze(ng.load_model(EXAMPLE))
    fig = ng.plots.collisions(a)
    assert isinstance(fig, Figure)
    paths = ng.plots.save(fig, tmp_path / "sub" / "collisions")
    assert [p.name for p in paths] == ["collisions.pdf", "collisions.png"]
    assert all(p.stat().st_size > 1000 for p in paths)
    # ax= draws into a figure of the caller's.
    opened = ng.analyze(ng.load_model(EXAMPLE, drops=OPEN))
    mine = Figure()
    ax = mine.subplots()
    assert ng.plots.tornado(list(ng.thresholds(opened)), opened.model, ax=ax) is mine
    assert np.asarray(ax.get_yticks()).size > 0


def test_game_trees_and_phased_settlements(tmp_path):
    from negotiation.games.efg import write
    from negotiation.games.extensive import ExtensiveGame, leaf, move

    # Entry deterrence: the incumbent would accommodate (1 > -1), so the entrant enters; the
    # Nash equilibrium (out, fight) rests on a threat that is not credible.
    path = tmp_path / "entry.efg"
    write(ExtensiveGame(("entrant", "incumbent"), move("entrant", "enter?", {
        "out": leaf(0, 2),
        "in": move("incumbent", "respond", {"fight": leaf(-1, -1), "accommodate": leaf(1, 1)}),
    })), path)
    loaded = ng.load_game(path)
    assert loaded.tree is not None and loaded.game.shape == (2, 2)
    t = ng.equilibria(loaded)
    assert len(t.spe.equilibria) == 1 and len(t.credibility.not_subgame_perfect) == 2
    assert "not credible" in t._repr_markdown_()
    assert [x.name for x in ng.tables(t)][:1] == ["subgame_perfect"]
    fig = ng.plots.game_tree(t.tree, t.spe.equilibria[0].behaviour)
    assert fig.axes
    # The 20-point revision's phased settlement (models/russia_ukraine_west.toml, [phased]):
    # a verdict, and its tables.
    p = ng.phased(ng.load_model(ROOT / "models" / "russia_ukraine_west.toml"),
                  "twenty_points_2025")
    assert p.diagnosis.verdict in ("holds", "commitment", "participation")
    assert "Verdict:" in p._repr_markdown_()
    assert [x.name for x in ng.tables(p)][0] == "phased_summary"
    with pytest.raises(ValueError, match="no package 'nope'"):
        ng.phased(ng.load_model(ROOT / "models" / "russia_ukraine_west.toml"), "nope")
