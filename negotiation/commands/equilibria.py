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
    parser.description = (HELP + ". MODEL may be a model file with a [game] section or a Gambit "
                          ".nfg file.")
    add_output_arguments(parser)
    parser.add_argument("--method", choices=METHODS, default="auto",
                        help="auto: vertex for two players, support for more. vertex: every "
                             "extreme equilibrium of a two-player game, exactly (complete); "
                             "support: support enumeration for any number of players (complete "
                             "when every support profile is resolved; the rest are named); "
                             "gnm: global Newton method, any number of players, finds some "
                             "equilibria fast, never claims completeness; lemke_howson: some "
                             "equilibria of a two-player game")


def run(args: argparse.Namespace) -> int:
    import hashlib
    from pathlib import Path

    from negotiation import report
    from negotiation.games import nfg
    from negotiation.games.equilibria import solve
    from negotiation.report import games as game_report
    from negotiation.sections import load_game

    loaded = load_game(args.model, sets=args.sets, drops=args.drops)
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
