"""Reading a game from a file: a Gambit ``.nfg`` or ``.efg`` file, or a model file with a
``[game]`` section (a raw game, or postures from which the game is derived) or a ``[tree]``
section (a game tree)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from negotiation.errors import InputError, ModelError
from negotiation.games import efg, nfg, postures, tree_section
from negotiation.games.extensive import ExtensiveGame
from negotiation.games.game import Game
from negotiation.games.reduced import TooLarge, reduced_normal_form
from negotiation.games.section import RawGameSpec, parse, require_game
from negotiation.games.tree import compile_game
from negotiation.games.tree_equilibria import normal_form
from negotiation.model.compiled import compile_model
from negotiation.model.core import Model
from negotiation.model.loading import SectionParser, load_model

__all__ = ["LoadedGame", "game_of", "load_game", "tree_game"]


@dataclass(frozen=True)
class LoadedGame:
    """A game read from a file, with its model (``None`` for ``.nfg`` and ``.efg``) and whether
    its zone of agreement is non-empty (the bargaining set for a derived game; ``None`` if the
    game says nothing about agreement). For a game tree, ``tree`` is the tree and ``game`` its
    reduced normal form (``None`` when that is too large to build)."""

    game: Game | None
    model: Model | None
    zone_nonempty: bool | None
    tree: ExtensiveGame | None = None


def load_game(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = (),
              sections: Mapping[str, SectionParser] | None = None) -> LoadedGame:
    """The game in ``path``: a Gambit ``.nfg`` or ``.efg`` file, or a model file with a
    ``[game]`` section (raw or derived) or a ``[tree]`` section. ``sections`` are the section
    parsers for the model file (:data:`negotiation.sections.SECTIONS`; by default ``[game]`` and
    ``[tree]``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".nfg", ".efg"):
        if sets or drops:
            raise InputError(f"overrides apply to model files, not {suffix} games",
                             argument="set" if sets else "drop", file=str(path),
                             fix="remove the overrides")
        if suffix == ".nfg":
            return LoadedGame(nfg.read(path), None, None)
        return tree_game(efg.read(path), None)
    return game_of(load_model(path, sets=sets, drops=drops,
                              sections=sections or {"game": parse, "tree": tree_section.parse}))


def tree_game(game: ExtensiveGame, model: Model | None) -> LoadedGame:
    """A game tree with its reduced normal form (``None`` when too large)."""
    tree = compile_game(game)
    try:
        form = normal_form(reduced_normal_form(tree), game.title)
    except TooLarge:
        form = None
    return LoadedGame(form, model, None, game)


def game_of(model: Model) -> LoadedGame:
    """The game of a model with a ``[game]`` section (the raw game, or the game derived from
    the postures, with its zone of agreement) or a ``[tree]`` section."""
    tree = model.sections.get("tree")
    if tree is not None:
        if "game" in model.sections:
            raise ModelError("the model has both a [game] and a [tree] section, so which game "
                             "to analyse is ambiguous", file=model.path or None, key="tree",
                             fix="keep the game tree in a model file of its own (or write it "
                                 "as a .efg file)")
        return tree_game(tree.game, model)
    spec = require_game(model)
    if isinstance(spec, RawGameSpec):
        zone = None if spec.game.agreement is None else bool(spec.game.agreement.any())
        return LoadedGame(spec.game, model, zone)
    derived = postures.derive(compile_model(model), spec)
    return LoadedGame(derived.game, model, derived.bargaining_set_size > 0)
