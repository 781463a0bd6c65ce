"""``negotiation equilibria``: payoff tables, every equilibrium (verified), and which reach an
agreement."""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    print_result,
    write_out,
)

__all__ = ["HELP", "NAME", "PAYOFF_PLANE_PROFILES", "POSTURE_GRID_PROFILES", "add_arguments", "run"]

NAME = "equilibria"
POSTURE_GRID_PROFILES = 64      # a three-player game drawn cell by cell up to this size
PAYOFF_PLANE_PROFILES = 100_000
HELP = "payoff tables, all pure and mixed equilibria (verified), and which reach an agreement"


# The solver's methods (negotiation.games.equilibria.METHODS), written out so that --help does
# not load the game solvers; a test holds them equal.
METHODS = ("auto", "vertex", "support", "lemke_howson", "gnm")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser, metavar="MODEL.toml|GAME.nfg|GAME.efg",
                        what="model file with a [game] or [tree] section, or a Gambit game")
    parser.description = (HELP + ". MODEL may be a model file with a [game] or [tree] section, "
                          "or a Gambit .nfg or .efg file; for a game tree the answer adds its "
                          "subgame-perfect equilibria and the Nash equilibria of its reduced "
                          "normal form that are not subgame perfect.")
    add_output_arguments(parser, figures=True)
    parser.add_argument("--method", choices=METHODS, default="auto",
                        help="auto: vertex for two players, support for more. vertex: every "
                             "extreme equilibrium of a two-player game, exactly (complete); "
                             "support: support enumeration for any number of players (complete "
                             "when every support profile is resolved; the rest are named); "
                             "gnm: global Newton method, any number of players, finds some "
                             "equilibria fast, never claims completeness; lemke_howson: some "
                             "equilibria of a two-player game")
    parser.add_argument("--subgames", choices=("mixed", "pure"), default="mixed",
                        help="game trees: solve subgames where players move simultaneously "
                             "with the normal-form solver (mixed) or list pure equilibria only")


def _manifest(args: argparse.Namespace, loaded, **settings) -> dict:
    """The manifest: the model's hash, or the game file's for a ``.nfg``/``.efg`` file."""
    import hashlib
    from pathlib import Path

    from negotiation import report

    if loaded.model is not None:
        manifest = report.manifest([loaded.model])
    else:
        manifest = report.manifest([], settings={
            "game": report.display_path(args.model),
            "sha256": hashlib.sha256(Path(args.model).read_bytes()).hexdigest()})
    manifest["settings"] = dict(manifest["settings"]) | settings
    return manifest


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.games import nfg
    from negotiation.games.equilibria import solve
    from negotiation.report import games as game_report
    from negotiation.sections import load_game

    loaded = load_game(args.model, sets=args.sets, drops=args.drops)
    if loaded.tree is not None:
        return _tree(args, loaded)
    result = solve(loaded.game, args.method)
    document = game_report.document(result, loaded.zone_nonempty)
    if loaded.model is not None:
        document["model"] = report.model_info(loaded.model)
    if args.out:
        manifest = _manifest(args, loaded, method=args.method)
        figures, why_not = _figures(loaded, result)
        write_out(args, tables=game_report.tables(result), documents={"equilibria": document},
                  texts={"summary.txt": game_report.explain(result, loaded.zone_nonempty) + "\n",
                         "game.nfg": nfg.write(loaded.game)},
                  figures=figures, notes=why_not, manifest_doc=manifest)
    print_result(args, document, game_report.explain(result, loaded.zone_nonempty),
                 "tables, figures, equilibria.json, game.nfg, manifest.json")
    return 0


def _figures(loaded, result) -> tuple[list, list[str]]:
    """The figure of a normal-form game: a three-player game small enough to read as one grid
    per strategy of the third player, else its profiles and equilibria in the payoff plane of
    the first two players (with the zone of agreement and the no-deal payoffs when the game
    has them)."""
    from negotiation import plots
    from negotiation.games.section import RawGameSpec

    game, model = loaded.game, loaded.model
    if game.n_players == 3 and game.n_profiles <= POSTURE_GRID_PROFILES:
        return [("postures", lambda s: plots.save(plots.posture_grid(
            result, title=game.title or None), s))], []
    if game.n_profiles > PAYOFF_PLANE_PROFILES:
        return [], [f"No figure: {game.n_profiles:,} strategy profiles are too many to draw "
                    f"(at most {PAYOFF_PLANE_PROFILES:,})."]
    spec = model.sections.get("game") if model is not None else None
    disagreement = None
    if isinstance(spec, RawGameSpec) and spec.disagreement is not None:
        disagreement = game.payoffs[(slice(None), *spec.disagreement)][:2]
    elif model is not None and model.parties:
        disagreement = [p.disagreement.value for p in model.parties[:2]]
    panel = plots.game_panel(result, result.strategic_verdict(bool(loaded.zone_nonempty)),
                             disagreement)
    return [("payoff_plane", lambda s: plots.save(plots.payoff_panels([panel]), s))], []


def _tree(args: argparse.Namespace, loaded) -> int:
    """``negotiation equilibria`` on a game tree (a ``.efg`` file or a ``[tree]`` section)."""
    from negotiation import plots, report
    from negotiation.games import efg, nfg
    from negotiation.games.tree_equilibria import solve_tree
    from negotiation.report import trees

    result = solve_tree(loaded.tree, args.method, args.subgames)
    document = trees.tree_document(result)
    text = trees.tree_text(result)
    if loaded.model is not None:
        document["model"] = report.model_info(loaded.model)
    if args.out:
        manifest = _manifest(args, loaded, method=args.method, subgames=args.subgames)
        texts = {"summary.txt": text + "\n", "game.efg": efg.dumps(loaded.tree)}
        if result.normal is not None:
            texts["game.nfg"] = nfg.write(result.normal.game)
        figures = []
        if len(result.tree.terminals) <= plots.trees.MAX_LEAVES:
            first = result.spe.equilibria[0].behaviour if result.spe.equilibria else None
            figures.append(("tree", lambda s: plots.save(
                plots.game_tree(result.tree, first, title=loaded.tree.title or None), s)))
        notes = [] if figures else [
            f"No figure: the tree has {len(result.tree.terminals):,} terminal nodes, too many "
            f"to draw (at most {plots.trees.MAX_LEAVES})."]
        write_out(args, tables=trees.tree_tables(result), documents={"equilibria": document},
                  texts=texts, figures=figures, notes=notes, manifest_doc=manifest)
    print_result(args, document, text, "tables, equilibria.json, game.efg, game.nfg, "
                 "figures/tree, manifest.json")
    return 0
