"""``negotiation equilibria``: payoff tables, every equilibrium (verified), and which reach an
agreement."""

from __future__ import annotations

import argparse

from negotiation.commands.common import add_model_arguments, add_output_arguments, print_result

NAME = "equilibria"
HELP = "payoff tables, all pure and mixed equilibria (verified), and which reach an agreement"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from negotiation.games.equilibria import METHODS

    add_model_arguments(parser)
    parser.description = (HELP + ". MODEL may be a model file with a [game] or [tree] section, "
                          "or a Gambit .nfg or .efg file; for a game tree the answer adds its "
                          "subgame-perfect equilibria and the Nash equilibria of its reduced "
                          "normal form that are not subgame perfect.")
    add_output_arguments(parser)
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


def run(args: argparse.Namespace) -> int:
    import hashlib
    from pathlib import Path

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
        manifest = (report.manifest([loaded.model]) if loaded.model is not None
                    else report.manifest([], settings={
                        "game": report.display_path(args.model),
                        "sha256": hashlib.sha256(Path(args.model).read_bytes()).hexdigest()}))
        manifest["settings"] = dict(manifest["settings"]) | {"method": args.method}
        report.write_results(
            args.out, tables=game_report.tables(result), documents={"equilibria": document},
            texts={"summary.txt": game_report.explain(result, loaded.zone_nonempty) + "\n",
                   "game.nfg": nfg.write(loaded.game)},
            manifest_doc=manifest,
        )
    print_result(args, document, game_report.explain(result, loaded.zone_nonempty),
                 "tables, equilibria.json, game.nfg, manifest.json")
    return 0


def _tree(args: argparse.Namespace, loaded) -> int:
    """``negotiation equilibria`` on a game tree (a ``.efg`` file or a ``[tree]`` section)."""
    import hashlib
    from pathlib import Path

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
        manifest = (report.manifest([loaded.model]) if loaded.model is not None
                    else report.manifest([], settings={
                        "game": report.display_path(args.model),
                        "sha256": hashlib.sha256(Path(args.model).read_bytes()).hexdigest()}))
        manifest["settings"] = dict(manifest["settings"]) | {"method": args.method,
                                                             "subgames": args.subgames}
        texts = {"summary.txt": text + "\n", "game.efg": efg.dumps(loaded.tree)}
        if result.normal is not None:
            texts["game.nfg"] = nfg.write(result.normal.game)
        figures = []
        if len(result.tree.terminals) <= plots.trees.MAX_LEAVES:
            first = result.spe.equilibria[0].behaviour if result.spe.equilibria else None
            figures.append(("tree", lambda s: plots.save(
                plots.game_tree(result.tree, first, title=loaded.tree.title or None), s)))
        report.write_results(args.out, tables=trees.tree_tables(result),
                             documents={"equilibria": document}, texts=texts, figures=figures,
                             manifest_doc=manifest)
    print_result(args, document, text, "tables, equilibria.json, game.efg, game.nfg, "
                 "figures/tree, manifest.json")
    return 0
