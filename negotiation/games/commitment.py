"""A phased settlement as a commitment game (Fearon 1995), built from plain numbers.

**Timing** (periods ``t = 0`` ceasefire, ``t = 1`` implementation of the final status, ``t ≥ 2``
the long run; payoffs are normalised discounted sums ``Σ_t (1 − δ) δ^t u_t``):

1. *Stage 1*: the parties, in turn, accept or reject the ceasefire terms. A rejection means the
   war goes on: every party gets its war value ``d_i`` (its disagreement value).
2. *Ceasefire*: worth ``c_i`` per period to party ``i`` (its valuation of the stage-1 terms).
3. *Stage 2*: in the implementation ``order`` each party in turn *complies* (implements its part
   of the final status) or *reneges* (resumes the war). If all comply, each gets the final
   status ``f_i`` from ``t = 1`` on: ``(1 − δ) c_i + δ f_i``.
4. If party ``j`` reneges first, after the parties ``K`` before it complied, the war resumes with
   the concessions of ``K`` *pocketed*: they stay in force, worth ``P_i(K) = Σ_{k∈K} p_{k,i}`` to
   party ``i``; the renegade's surprise gives a one-period ``s_{j,i}``; the renegade bears the
   cost of reneging ``κ_j`` in every later period (guarantors fighting, a tripwire force engaged,
   sanctions snapping back):
   ``(1 − δ) c_i + δ [w_{j,i} + P_i(K) + (1 − δ) s_{j,i} − κ_j [i = j]]``,
   ``w_{j,i}`` the war value after ``j`` resumes it (default ``d_i``).

Backward induction (perfect information) decides; the phased settlement *holds* when the SPE path
is accept by all, then comply by all. The last implementer ``j`` complies iff
``f_j ≥ w_{j,j} + P_j(K) + (1 − δ) s_{j,j} − κ_j``: a cost of reneging at least
``κ*_j = w_{j,j} + P_j(K) + (1 − δ) s_{j,j} − f_j`` makes the promise credible — Fearon's
commitment problem, and how guarantees solve it. Stage-1 acceptance needs
``(1 − δ) c_i + δ V_i ≥ d_i`` for the continuation ``V_i``.

Once the settlement holds at some ``κ`` it holds at every larger one (a larger cost lowers only
the renegade's own payoff, and the path compares each mover's renegade payoff with the
all-comply continuation, which does not depend on ``κ``), so the least cost is a threshold:
:func:`least_cost` finds it exactly (:mod:`negotiation.games.parametric`). A party that prefers
the war even if everyone complies, ``(1 − δ) c_i + δ f_i < d_i``, is a *participation* problem
that no cost of reneging changes; otherwise a large enough cost on every renegade restores the
settlement: a *commitment* problem (:func:`diagnose`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np

from negotiation.errors import InputError
from negotiation.games.extensive import ExtensiveGame, Node, leaf, move
from negotiation.games.parametric import least
from negotiation.games.subgame_perfect import RELATIVE_TOL, backward_induction
from negotiation.games.tree import DECISION, Tree, compile_game

__all__ = ["ACCEPT", "COMPLY", "REJECT", "RENEGE", "Commitment", "Choice", "Diagnosis",
           "Play", "commitment_game", "diagnose", "discount_sweep", "explain", "least_cost",
           "participation_range", "phased_holds", "region"]

ACCEPT, REJECT, COMPLY, RENEGE = "accept", "reject", "comply", "renege"
STAGE1, STAGE2 = "stage 1", "stage 2"
COST_CEILING = 10.0       # costs are on the valuation scale, where payoffs lie in about [0, 1]


@dataclass(frozen=True)
class Commitment:
    """The numbers of a commitment game, per party in ``parties`` order (see the module
    docstring). ``pocket[k][i]``: value to ``i`` of ``k``'s implemented concession kept during a
    war; ``surprise[j][i]`` and ``war_after[j][i]``: effects when ``j`` resumes the war."""

    parties: tuple[str, ...]
    war: tuple[float, ...]
    ceasefire: tuple[float, ...]
    final: tuple[float, ...]
    delta: float
    cost: tuple[float, ...]
    order: tuple[str, ...] = ()
    pocket: Mapping[str, Sequence[float]] = field(default_factory=dict)
    surprise: Mapping[str, Sequence[float]] = field(default_factory=dict)
    war_after: Mapping[str, Sequence[float]] = field(default_factory=dict)
    stage1: bool = True

    def with_(self, **change: object) -> Commitment:
        return replace(self, **change)

    def as_dict(self) -> dict:
        """The numbers as plain data (for manifests and JSON)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value)
    return value


@dataclass(frozen=True)
class Choice:
    """A mover's SPE choice at one node: ``player`` takes ``action`` at ``stage`` after the moves
    ``after``; ``payoff`` is what its choice gets it, ``payoff_if_not`` what the other action
    would (for a defection: accepting or complying instead)."""

    player: str
    stage: str
    action: str
    after: tuple[str, ...]
    payoff: float
    payoff_if_not: float
    indifferent: bool


@dataclass(frozen=True)
class Play:
    """The SPE of a commitment game: whether the phased settlement holds, the SPE payoffs, the
    path, the first defection (``None`` when it holds) and ``line``: what each mover's SPE
    strategy does at its node on the line of the phased settlement (every earlier mover
    accepting and complying), reached or not — the reasons behind the defection."""

    holds: bool
    payoffs: dict[str, float]
    path: tuple[str, ...]
    defection: Choice | None
    indifferent_on_path: bool
    line: tuple[Choice, ...] = ()

    @property
    def cause(self) -> Choice | None:
        """The last defection on the line of the settlement: the party that would break it if
        everything before went to plan — backward induction's first reason, which every
        earlier defection answers (``None`` when nobody on the line defects)."""
        return next((c for c in reversed(self.line) if c.action in (REJECT, RENEGE)), None)


@dataclass(frozen=True)
class Diagnosis:
    """What stands in the way of a phased settlement (see the module docstring).

    ``verdict``: ``holds``, ``commitment`` or ``participation``; ``least_cost`` per party (the
    others' costs fixed; ``None`` if no cost of that party alone up to ``COST_CEILING`` does it);
    ``joint_cost`` the least cost added to every party's at once; ``prefer_war`` the parties
    that prefer the war even if all comply; ``value_if_all_comply`` per party."""

    verdict: str
    play: Play
    least_cost: dict[str, float | None]
    joint_cost: float | None
    prefer_war: tuple[str, ...]
    value_if_all_comply: dict[str, float]


def _vec(c: Commitment, table: Mapping[str, Sequence[float]], key: str,
         default: Sequence[float], name: str) -> np.ndarray:
    v = np.asarray(table.get(key, default), dtype=float)
    if v.shape != (len(c.parties),):
        raise InputError(f"{key}: {v.size} values for {len(c.parties)} parties", argument=name,
                         fix="give one value per party, in party order")
    return v


def commitment_game(c: Commitment) -> ExtensiveGame:
    """The game tree of the module docstring."""
    n = len(c.parties)
    order = c.order or c.parties
    if sorted(order) != sorted(c.parties):
        raise InputError(f"the implementation order {list(order)} must list every party once",
                         argument="order", fix=f"use an order of {list(c.parties)}")
    if not 0 <= c.delta < 1:
        raise InputError("the discount factor must lie in [0, 1)", argument="delta",
                         value=c.delta, fix="use 0 ≤ δ < 1")
    d, cf, f = (np.asarray(v, dtype=float) for v in (c.war, c.ceasefire, c.final))
    kappa = np.asarray(c.cost, dtype=float)
    zero = np.zeros(n)
    early = (1 - c.delta) * cf

    def renege(j: str, done: tuple[str, ...]) -> Node:
        jj = c.parties.index(j)
        pocketed = sum((_vec(c, c.pocket, k, zero, "pocket") for k in done), zero)
        later = (_vec(c, c.war_after, j, d, "war_after") + pocketed
                 + (1 - c.delta) * _vec(c, c.surprise, j, zero, "surprise"))
        later[jj] -= kappa[jj]
        return leaf(*(early + c.delta * later), label=f"{j} reneges")

    def stage2(m: int, done: tuple[str, ...]) -> Node:
        if m == n:
            return leaf(*(early + c.delta * f), label="phased settlement holds")
        j = order[m]
        return move(j, STAGE2, {COMPLY: stage2(m + 1, done + (j,)), RENEGE: renege(j, done)})

    def stage1(m: int) -> Node:
        if m == n or not c.stage1:
            return stage2(0, ())
        return move(c.parties[m], STAGE1, {ACCEPT: stage1(m + 1),
                                           REJECT: leaf(*d, label="war goes on")})

    return ExtensiveGame(tuple(c.parties), stage1(0), "Phased settlement (commitment game)")


def _path(tree: Tree, choice: np.ndarray) -> list[str]:
    out, k = [], 0
    while tree.kind[k] == DECISION:
        nxt = int(choice[k])
        out.append(tree.infoset_actions[tree.infoset[k]][tree.action[nxt]])
        k = nxt
    return out


def phased_holds(tree: Tree, choice: np.ndarray) -> bool:
    """The SPE path accepts and complies throughout."""
    return all(a in (ACCEPT, COMPLY) for a in _path(tree, choice))


def explain(c: Commitment) -> Play:
    """Whether the phased settlement holds and, if not, who defects at which stage and why."""
    tree = compile_game(commitment_game(c))
    value, choice, tied = backward_induction(tree)
    payoffs = dict(zip(tree.players, value[0].tolist()))
    path = tuple(_path(tree, choice))

    def step(k: int) -> Choice:
        i, nxt = int(tree.player[k]), int(choice[k])
        other = [int(x) for x in tree.children(k) if x != nxt][0]
        return Choice(tree.players[i], tree.infoset_key[tree.infoset[k]],
                         tree.infoset_actions[tree.infoset[k]][tree.action[nxt]],
                         tuple(tree.path(k)), float(value[nxt, i]), float(value[other, i]),
                         bool(tied[k]))

    line, k = [], 0                 # the line of the settlement: accept and comply throughout
    while tree.kind[k] == DECISION:
        line.append(step(k))
        k = int(tree.children(k)[0])
    visited, k, first = [], 0, None
    while tree.kind[k] == DECISION:
        visited.append(k)
        if first is None and int(choice[k]) != int(tree.children(k)[0]):
            first = step(k)
        k = int(choice[k])
    return Play(first is None, payoffs, path, first, bool(tied[visited].any()), tuple(line))


def least_cost(c: Commitment, party: str | None, hi: float = COST_CEILING) -> float | None:
    """The least cost of reneging ``κ`` that makes the phased settlement subgame perfect,
    exactly: added to ``party``'s cost (the others' fixed), or to every party's when ``party``
    is ``None``. ``None`` when no ``κ ≤ hi`` does it (e.g. a party prefers the war whatever the
    cost)."""
    base = np.asarray(c.cost, dtype=float)
    if party is not None and party not in c.parties:
        raise InputError(f"'{party}' is not a party of the game", argument="party", value=party,
                         fix=f"use one of {list(c.parties)}")
    mask = (np.ones(len(c.parties)) if party is None
            else (np.array(c.parties) == party).astype(float))

    def build(x: float) -> ExtensiveGame:
        return commitment_game(c.with_(cost=tuple(base + x * mask)))

    found, _, _ = least(build, phased_holds, 0.0, hi)
    return found


def participation_range(c: Commitment) -> dict[str, tuple[float, float] | None]:
    """Per party, the discount factors ``δ ∈ [0, 1)`` at which it weakly prefers the phased
    settlement, if all comply, to the war now: ``(1 − δ) c_i + δ f_i ≥ d_i`` is linear in
    ``δ``, so the set is an interval ``(low, high)`` (``high`` = 1 means up to 1), or ``None``
    when empty."""
    out: dict[str, tuple[float, float] | None] = {}
    for p, cf, f, d in zip(c.parties, c.ceasefire, c.final, c.war):
        slope, gap = f - cf, d - cf                    # need δ · slope ≥ gap
        if abs(slope) < 1e-15:
            out[p] = (0.0, 1.0) if gap <= 0 else None
        elif slope > 0:
            cut = gap / slope
            out[p] = (max(0.0, cut), 1.0) if cut < 1 else None
        else:
            cut = gap / slope
            out[p] = (0.0, min(1.0, cut)) if cut >= 0 else None
    return out


def discount_sweep(c: Commitment, deltas: Sequence[float], hi: float = COST_CEILING
                   ) -> list[dict]:
    """For every discount factor: whether the settlement holds at the given costs, and the
    least cost per party and for all parties at once (each exact at that ``δ``)."""
    rows = []
    for dl in deltas:
        at = c.with_(delta=float(dl))
        rows.append({"delta": float(dl), "holds": explain(at).holds,
                     "least_cost": {p: least_cost(at, p, hi) for p in c.parties},
                     "joint_cost": least_cost(at, None, hi)})
    return rows


def region(c: Commitment, deltas: Sequence[float], hi: float = COST_CEILING
           ) -> tuple[np.ndarray, np.ndarray]:
    """For each discount factor: the least cost of reneging added for every party that makes
    the phased settlement hold (``NaN``: none up to ``hi``), and whether every party prefers
    the settlement, implemented, to the war (participation)."""
    cost, ok = [], []
    for dl in deltas:
        at = c.with_(delta=float(dl))
        found = least_cost(at, None, hi)
        cost.append(np.nan if found is None else found)
        ok.append(not _prefer_war(at))
    return np.array(cost), np.array(ok)


def _prefer_war(c: Commitment) -> tuple[str, ...]:
    """Parties that prefer the war now even if all comply (ties, to backward induction's
    tolerance, count as no preference)."""
    value = (1 - c.delta) * np.asarray(c.ceasefire) + c.delta * np.asarray(c.final)
    war = np.asarray(c.war, dtype=float)
    tol = RELATIVE_TOL * max(1.0, float(np.abs(np.concatenate([value, war])).max()))
    return tuple(p for p, v, d in zip(c.parties, value, war) if v < d - tol)


def diagnose(c: Commitment, hi: float = COST_CEILING) -> Diagnosis:
    """Holds, a commitment problem, or a participation problem (see the module docstring)."""
    play = explain(c)
    value = (1 - c.delta) * np.asarray(c.ceasefire) + c.delta * np.asarray(c.final)
    short = _prefer_war(c)
    costs = {p: least_cost(c, p, hi) for p in c.parties}
    joint = least_cost(c, None, hi)
    verdict = "holds" if play.holds else ("participation" if short else "commitment")
    return Diagnosis(verdict, play, costs, joint, short, dict(zip(c.parties, value.tolist())))
