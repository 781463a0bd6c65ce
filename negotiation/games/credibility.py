"""Nash equilibria of the reduced normal form that are not subgame perfect: non-credible threats.

Every subgame-perfect equilibrium is a Nash equilibrium, not conversely: a Nash equilibrium may
rest on a threat, at a node its own play never reaches, that the threatening player would not
carry out if the node were reached (Selten 1965, 1975; the chain-store stage game is the textbook
case). :func:`nash_check` takes the Nash equilibria of the reduced normal form
(:mod:`negotiation.games.reduced`) as the project's normal-form solver lists them (every pure
one, exactly, and the mixed ones: all extreme equilibria for two players) and marks each as
subgame perfect when it is the reduced image of one of the subgame-perfect equilibria found by
:func:`negotiation.games.subgame_perfect.subgame_perfect` (its behaviour strategy, by Kuhn's map,
agrees with the SPE's at every information set its own play does not exclude), or when it
induces a Nash equilibrium in every proper subgame (the definition; this catches mixtures of a
mover's tied actions, which the SPE list leaves out).

For an equilibrium that is not, :func:`non_credible` says why: the deepest proper subgame (that
its play fully specifies) in which some player's prescribed strategy is not a best reply to the
others' (with the payoffs of both in that subgame). An equilibrium whose reduced plans leave a
proper subgame unspecified (a player's own earlier move excludes it) and that matches no SPE
found is left undecided (``None``), never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation.games.equilibria import Equilibria
from negotiation.games.reduced import (
    ReducedForm,
    behaviour_from_mixed,
    plans,
    player_actions,
    realisation,
)
from negotiation.games.subgame_perfect import SPEResult
from negotiation.games.tree_structure import restrict, subgame_roots

__all__ = ["Credibility", "NashCheck", "Threat", "behaviour_of", "check_subgames", "nash_check",
           "non_credible"]


@dataclass(frozen=True)
class Threat:
    """Why a pure Nash equilibrium is not subgame perfect: in the subgame after ``subgame``
    (actions from the root; starting at ``at``), ``player``'s plan ``prescribed`` is not a best
    reply: ``better`` gives more."""

    player: str
    subgame: tuple[str, ...]
    at: str
    prescribed: str
    prescribed_payoff: float
    better: str
    better_payoff: float


@dataclass(frozen=True)
class NashCheck:
    """A Nash equilibrium of the reduced normal form (mixtures over plans), its behaviour
    strategy, and whether it is subgame perfect (with the threat that is not credible):
    ``None`` when that cannot be decided because the profile leaves a proper subgame
    unspecified and none of the subgame-perfect equilibria found matches it."""

    sigma: tuple[np.ndarray, ...]
    behaviour: np.ndarray
    payoffs: np.ndarray
    subgame_perfect: bool | None
    threat: Threat | None


@dataclass(frozen=True)
class Credibility:
    """Every Nash equilibrium found, checked for subgame perfection; ``complete`` is the
    normal-form search's own guarantee."""

    form: ReducedForm
    nash: tuple[NashCheck, ...]
    complete: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def not_subgame_perfect(self) -> tuple[NashCheck, ...]:
        return tuple(c for c in self.nash if c.subgame_perfect is False)

    @property
    def undecided(self) -> tuple[NashCheck, ...]:
        return tuple(c for c in self.nash if c.subgame_perfect is None)


def behaviour_of(form: ReducedForm, sigma: tuple[np.ndarray, ...]) -> np.ndarray:
    """The behaviour profile of a mixture over plans (one probability per global action, ``NaN``
    where the mixture excludes the information set)."""
    tree = form.tree
    out = np.full(int(tree.action_base[-1]), np.nan)
    for p, s in zip(form.plans, sigma):
        if len(p.infosets):
            out[player_actions(tree, p)] = behaviour_from_mixed(tree, p, s)
    return out


def _matches(ne: np.ndarray, spe: np.ndarray, tol: float = 1e-7) -> bool:
    set_ne, set_spe = ~np.isnan(ne), ~np.isnan(spe)
    if np.any(set_ne & ~set_spe):
        return False
    both = set_ne & set_spe
    return bool(np.all(np.abs(ne[both] - spe[both]) <= tol))


def nash_check(form: ReducedForm, spe: SPEResult, nash: Equilibria) -> Credibility:
    """Each Nash equilibrium in ``nash`` (found on ``form``'s game, strategies in plan order)
    marked subgame perfect or not."""
    notes = []
    if not spe.complete:
        notes.append("the list of subgame-perfect equilibria is incomplete, so an equilibrium "
                     "marked not subgame perfect may be one the search did not reach")
    checks = []
    for e in nash.equilibria:
        beh = behaviour_of(form, e.sigma)
        perfect: bool | None = any(_matches(beh, s.behaviour) for s in spe.equilibria)
        threat = None
        if not perfect:
            threat, specified = check_subgames(form, beh)
            # A Nash equilibrium inducing a Nash equilibrium in every proper subgame is subgame
            # perfect (e.g. a mixture of a mover's tied actions, which the list leaves out).
            perfect = False if threat is not None else (True if specified else None)
        checks.append(NashCheck(e.sigma, beh, e.payoffs, perfect, threat))
    return Credibility(form, tuple(checks), nash.complete, tuple(notes))


def non_credible(form: ReducedForm, behaviour: np.ndarray) -> Threat | None:
    """For a behaviour profile (one probability per global action): the deepest proper subgame
    that the profile fully specifies in which some player's strategy is not a best reply to the
    others', or ``None`` if there is none."""
    return check_subgames(form, behaviour)[0]


def check_subgames(form: ReducedForm, behaviour: np.ndarray) -> tuple[Threat | None, bool]:
    """:func:`non_credible`, and whether the profile specifies every proper subgame."""
    tree = form.tree
    roots = np.flatnonzero(subgame_roots(tree))[1:]
    tol = 1e-9 * max(1.0, float(np.abs(tree.payoff).max(initial=0.0)))
    specified = True
    for r in roots[::-1]:
        sub = restrict(tree, int(r))
        actions = np.concatenate([np.arange(tree.action_base[h], tree.action_base[h + 1])
                                  for h in sub.infoset_id] or [np.zeros(0, dtype=np.int64)])
        local = behaviour[actions]
        if np.isnan(local).any():
            specified = False
            continue                       # the profile leaves this subgame unspecified
        leaves = sub.terminals
        now = realisation(sub, local)[leaves] @ sub.payoff[leaves]
        for i in np.unique(sub.infoset_player):
            i = int(i)
            mine = plans(sub, i)
            own = player_actions(sub, mine)
            labels = mine.labels(sub)
            values = []
            for row in mine.table:
                trial = local.copy()
                trial[own] = np.concatenate([np.eye(len(sub.infoset_actions[h]))[a] if a >= 0
                                             else np.zeros(len(sub.infoset_actions[h]))
                                             for h, a in zip(mine.infosets, row)])
                values.append(realisation(sub, trial)[leaves] @ sub.payoff[leaves, i])
            best = int(np.argmax(values))
            if values[best] > now[i] + tol:
                return Threat(tree.players[i], tuple(tree.path(int(r))), tree.where(int(r)),
                              _behaviour_text(sub, local, own), float(now[i]), labels[best],
                              float(values[best])), specified
    return None, specified


def _behaviour_text(sub, local: np.ndarray, own: np.ndarray) -> str:
    """A player's behaviour in a subgame: its plan label when pure, else each information
    set's mixture."""
    parts = []
    for h in np.unique(sub.action_infoset[own]):
        probs = local[sub.action_base[h]:sub.action_base[h + 1]]
        acts = sub.infoset_actions[h]
        if probs.max() >= 1 - 1e-12:
            parts.append(acts[int(np.argmax(probs))])
        else:
            parts.append(" or ".join(f"{a} with probability {p:.4g}"
                                     for a, p in zip(acts, probs) if p > 1e-12))
    return "/".join(parts)
