"""``negotiation export-nfg``: write a model's game (raw or derived) as a Gambit ``.nfg`` file."""

from __future__ import annotations

import argparse

from negotiation.commands.common import add_model_arguments
from negotiation.errors import ModelError

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "export-nfg"
HELP = ("write the model's game (raw, derived from postures, or a game tree's reduced normal "
        "form) as a Gambit .nfg file")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    parser.add_argument("output", metavar="OUT.nfg", help="the .nfg file to write")
    parser.add_argument("--payoff-version", action="store_true",
                        help="write the payoff version of the format (strategy counts and a flat "
                             "payoff list) instead of the outcome version (strategy names and "
                             "named outcomes)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from negotiation.games import nfg
    from negotiation.sections import load_game

    game = load_game(args.model, sets=args.sets, drops=args.drops).game
    if game is None:
        raise ModelError("the game tree's reduced normal form is too large to write",
                         file=args.model, fix="keep the game as a .efg file")
    out = Path(args.output)
    text = nfg.write(game, outcomes=not args.payoff_version)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ModelError(f"cannot write the file ({err.strerror})", file=str(out),
                         fix="check that the folder exists and is writable") from None
    print(f"Wrote {out} ({game.n_players} players, {game.n_profiles:,} profiles).")
    return 0
