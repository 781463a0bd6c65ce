"""A strategic game derived from the parties' security logics: postures → settlement or war.

Each party ``i`` chooses one of its postures ``π_i``; a posture states the *terms* ``T(π_i)`` the
party insists on (a condition in the red-line language) and its war *effort*. At a profile
``π = (π_1, …, π_n)``:

1. the **candidate settlements** are ``C(π) = B ∩ ⋂_i T(π_i)``: outcomes in the bargaining set
   ``B`` (every party's red lines hold and each values the outcome at least at its disagreement
   value ``d_i``) that meet every posture's terms. A posture is a commitment: a party whose terms
   are met signs. Settlements outside ``B`` are never reached, so every settlement the game can
   produce is in ``B`` and no party is forced below what war is worth to it.
2. If ``C(π) ≠ ∅`` the parties **settle** on the outcome the model's settlement rule picks in
   ``C(π)`` (``[game] rule``, default the Nash bargaining solution ``argmax Π_i (v_i − d_i)``,
   computed by :func:`negotiation.bargaining.solve_within` with the model's ``d``; ties go to the
   first outcome in enumeration order). Payoffs are the parties' valuations ``v_i(x*)``.
3. Otherwise the **war goes on**: party ``i`` gets ``d_i + Σ_r a_{r,i}`` summed over the
   ``[[game.war]]`` rows ``r`` whose effort pattern ``when`` matches the profile's efforts. A row
   may name several parties (``when = {russia = "escalate", west = ["sustain", "escalate"]}``):
   escalation against a sustained West can then cost more than against a retreating one, so
   best responses depend on the others' choices (:mod:`negotiation.games.contingency` reports
   which equilibrium choices hold only because of another party's choice).

No payoff is typed in: settlements are valued by the compiled valuations and war by the
disagreement values and the documented effort table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.bargaining.solutions import solve_within
from negotiation.bargaining.zone import bargaining_mask
from negotiation.games.game import Game
from negotiation.games.section import PostureGameSpec, RawGameSpec, require_game
from negotiation.model import expressions
from negotiation.model.compiled import CompiledModel, compile_model
from negotiation.model.core import Model
from negotiation.model.labels import outcome_text

__all__ = ["PostureGame", "derive", "game_of"]


@dataclass(frozen=True, eq=False)
class PostureGame:
    """A derived game and how each profile ends.

    ``settlement`` holds, per profile, the outcome number settled on or -1 for war;
    ``candidates`` the size of ``C(π)``; ``war`` the war payoffs ``(n, K_1, …, K_n)`` (defined at
    every profile, used where there is no settlement); ``efforts`` the effort index of every
    party's posture.
    """

    spec: PostureGameSpec
    game: Game
    settlement: np.ndarray
    candidates: np.ndarray
    war: np.ndarray
    bargaining_set_size: int


def game_of(model: Model, compiled: CompiledModel | None = None) -> Game:
    """The model's game: the typed-in one, or the one derived from its logics."""
    spec = require_game(model)
    if isinstance(spec, RawGameSpec):
        return spec.game
    return derive(compiled if compiled is not None else compile_model(model), spec).game


def derive(compiled: CompiledModel, spec: PostureGameSpec) -> PostureGame:
    """Build the posture game of ``compiled`` (see the module docstring)."""
    model = compiled.model
    parties = compiled.party_ids
    shape = tuple(len(spec.postures[p]) for p in parties)
    n = len(parties)
    members = np.flatnonzero(bargaining_mask(compiled))
    utilities, d = compiled.utilities, compiled.disagreement

    # C(π) for every profile at once: one (K_i, |B|) mask per party, broadcast over profiles.
    candidates = np.ones(shape + (len(members),), dtype=bool)
    for i, pid in enumerate(parties):
        terms = np.stack([_on(post.expr, model.shape, members) for post in spec.postures[pid]])
        candidates &= terms.reshape(tuple(shape[i] if j == i else 1 for j in range(n))
                                    + (len(members),))
    flat = candidates.reshape(int(np.prod(shape)), len(members))
    position = solve_within(spec.rule, utilities[:, members], d, flat)
    settled = position >= 0
    settlement = np.where(settled, members[np.maximum(position, 0)] if len(members) else -1, -1)

    # War: d plus the war table at each profile's efforts (one gather over the effort grid).
    table = spec.war_table(parties).values
    efforts = [np.array([spec.efforts.index(p.effort) for p in spec.postures[pid]])
               for pid in parties]
    grid = np.ix_(*efforts)
    war = d.reshape((n,) + (1,) * n) + np.stack([table[i][grid] for i in range(n)])

    settled_values = utilities[:, np.maximum(settlement, 0)].reshape((n,) + shape)
    settled_grid = settled.reshape(shape)
    payoffs = np.where(settled_grid[None], settled_values, war)
    game = Game(
        players=parties,
        strategies=tuple(tuple(p.id for p in spec.postures[pid]) for pid in parties),
        payoffs=payoffs,
        title=spec.title,
        labels=tuple(p.label for p in model.parties),
        strategy_labels=tuple(tuple(p.label for p in spec.postures[pid]) for pid in parties),
        agreement=settled_grid,
        outcome_text=_texts(compiled, settlement.reshape(shape)),
        source=spec.source,
        notes=() if len(members) else (
            "the bargaining set is empty: no posture profile can lead to a settlement",),
    )
    return PostureGame(spec=spec, game=game, settlement=settlement.reshape(shape),
                       candidates=candidates.sum(axis=-1), war=war,
                       bargaining_set_size=len(members))


def _on(expr: expressions.Expr, shape: tuple[int, ...], members: np.ndarray) -> np.ndarray:
    """Where ``expr`` holds, on the outcomes numbered ``members``."""
    mask = expressions.mask(expr, shape)
    levels = np.unravel_index(members, shape)
    index = tuple(lv if size > 1 else np.zeros_like(lv)
                  for lv, size in zip(levels, mask.shape))
    return mask[index]


def _texts(compiled: CompiledModel, settlement: np.ndarray) -> np.ndarray:
    """Per profile: the settlement in words, or ``"war goes on"``."""
    distinct, inverse = np.unique(settlement, return_inverse=True)
    words = np.array([("war goes on" if o < 0 else
                       "settlement: " + outcome_text(compiled.model, compiled.outcome(int(o))))
                      for o in distinct], dtype=object)
    return words[inverse.reshape(settlement.shape)]
