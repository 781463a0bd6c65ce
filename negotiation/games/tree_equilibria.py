"""Everything ``negotiation equilibria`` says about a game tree: its subgame-perfect equilibria,
the Nash equilibria of its reduced normal form, and which of those rest on threats that are not
credible.

:func:`solve_tree` compiles the tree (:mod:`negotiation.games.tree`), finds the subgame-perfect
equilibria (:mod:`negotiation.games.subgame_perfect`: backward induction under perfect
information, otherwise the fold-back over proper subgames with the project's normal-form solver),
builds the reduced normal form (:mod:`negotiation.games.reduced`) as a :class:`Game` whose
strategies are the plans, solves it with :func:`negotiation.games.equilibria.solve` (so every
normal-form guarantee and key applies to it) and classifies each of its equilibria
(:mod:`negotiation.games.credibility`). When the reduced normal form is too large to build, the
subgame-perfect part is still answered and the normal-form part is left out with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from negotiation.errors import InputError
from negotiation.games.credibility import Credibility, nash_check
from negotiation.games.equilibria import METHODS, Equilibria, solve
from negotiation.games.extensive import ExtensiveGame
from negotiation.games.game import Game
from negotiation.games.reduced import ReducedForm, TooLarge, reduced_normal_form
from negotiation.games.subgame_perfect import (
    SPEResult,
    normal_form_solver,
    pure_solver,
    subgame_perfect,
)
from negotiation.games.tree import Tree, compile_game

__all__ = ["SUBGAME_SOLVERS", "TreeEquilibria", "normal_form", "solve_tree"]

SUBGAME_SOLVERS = ("mixed", "pure")


@dataclass(frozen=True)
class TreeEquilibria:
    """The answer for one game tree. ``normal`` and ``credibility`` are ``None`` when the reduced
    normal form is too large (``notes`` says so)."""

    game: ExtensiveGame
    tree: Tree
    spe: SPEResult
    form: ReducedForm | None
    normal: Equilibria | None
    credibility: Credibility | None
    notes: tuple[str, ...] = field(default_factory=tuple)


def normal_form(form: ReducedForm, title: str = "") -> Game:
    """The reduced normal form as a :class:`Game`: strategies are the plans, named by their
    actions in information-set order (``*`` where the plan's own moves exclude one)."""
    return Game.from_payoffs(form.tree.players, form.labels(), form.payoffs,
                             title=(title or "Game tree") + " (reduced normal form)")


def solve_tree(game: ExtensiveGame, method: str = "auto", subgames: str = "mixed"
               ) -> TreeEquilibria:
    """See the module docstring. ``method`` is the normal-form method (for the reduced normal
    form and the subgames); ``subgames`` is ``mixed`` (the project's solver: mixed equilibria of
    subgames where players move simultaneously) or ``pure`` (pure equilibria only)."""
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}", argument="method", value=method,
                         fix="use one of " + ", ".join(METHODS))
    if subgames not in SUBGAME_SOLVERS:
        raise InputError(f"unknown subgame solver {subgames!r}", argument="subgames",
                         value=subgames, fix="use mixed or pure")
    tree = compile_game(game)
    if method in ("vertex", "lemke_howson") and tree.n_players != 2:
        raise InputError(f"{method} is for two-player games; this game has {tree.n_players} "
                         "players", argument="method", value=method,
                         fix="use auto or support")
    solver = pure_solver if subgames == "pure" else normal_form_solver(method)
    spe = subgame_perfect(tree, solver)
    notes: list[str] = list(game.notes)
    try:
        form = reduced_normal_form(tree)
    except TooLarge as err:
        notes.append(f"the reduced normal form was not built: {err.message}; the Nash "
                     "equilibria of the normal form are not listed")
        return TreeEquilibria(game, tree, spe, None, None, None, tuple(notes))
    normal = solve(normal_form(form, game.title), method)
    return TreeEquilibria(game, tree, spe, form, normal, nash_check(form, spe, normal),
                          tuple(notes))
