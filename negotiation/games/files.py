"""Reading a game from a file: a Gambit ``.nfg`` file, or a model file with a ``[game]``
section (a raw game, or postures from which the game is derived)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from negotiation.errors import InputError
from negotiation.games import nfg, postures
from negotiation.games.game import Game
from negotiation.games.section import RawGameSpec, parse, require_game
from negotiation.model.compiled import compile_model
from negotiation.model.core import Model
from negotiation.model.loading import SectionParser, load_model

__all__ = ["LoadedGame", "game_of", "load_game"]


@dataclass(frozen=True)
class LoadedGame:
    """A game read from a file, with its model (``None`` for ``.nfg``) and whether its zone of
    agreement is non-empty (the bargaining set for a derived game; ``None`` if the game says
    nothing about agreement)."""

    game: Game
    model: Model | None
    zone_nonempty: bool | None


def load_game(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = (),
              sections: Mapping[str, SectionParser] | None = None) -> LoadedGame:
    """The game in ``path``: a Gambit ``.nfg`` file, or a model file with a ``[game]`` section
    (raw or derived). ``sections`` are the section parsers for the model file
    (:data:`negotiation.sections.SECTIONS`; by default only ``[game]``)."""
    path = Path(path)
    if path.suffix.lower() == ".nfg":
        if sets or drops:
            raise InputError("overrides apply to model files, not .nfg games",
                             argument="set" if sets else "drop", file=str(path),
                             fix="remove the overrides")
        return LoadedGame(nfg.read(path), None, None)
    return game_of(load_model(path, sets=sets, drops=drops,
                              sections=sections or {"game": parse}))


def game_of(model: Model) -> LoadedGame:
    """The game of a model with a ``[game]`` section: the raw game, or the game derived from
    the postures (with its zone of agreement)."""
    spec = require_game(model)
    if isinstance(spec, RawGameSpec):
        zone = None if spec.game.agreement is None else bool(spec.game.agreement.any())
        return LoadedGame(spec.game, model, zone)
    derived = postures.derive(compile_model(model), spec)
    return LoadedGame(derived.game, model, derived.bargaining_set_size > 0)
