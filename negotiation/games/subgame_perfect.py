"""Subgame-perfect equilibria: backward induction, and folding back over proper subgames.

**Perfect information** (every information set a single node): backward induction (Kuhn 1953;
Osborne & Rubinstein 1994, Prop. 99.2). :func:`backward_induction` computes it for all nodes of a
depth level at once: a chance node's value is the probability-weighted sum of its children's, a
decision node's is that of its first child maximising the mover's value. When no mover is ever
indifferent (to ``tol``) along the way, that profile is the unique subgame-perfect equilibrium.

**Ties and imperfect information**: :func:`subgame_perfect` folds back over *proper subgames*
(Selten 1965, 1975): subgame roots are processed deepest first; each subgame, with the subgames
below it replaced by leaves worth one of their equilibrium values, is solved in its reduced
normal form, for every combination of the equilibria chosen below (a pure SPE is a pure
equilibrium of every such truncated subgame, and conversely, so this enumerates them all). A
truncated subgame in which

- nobody moves (chance only) has one value;
- one player moves is solved exactly: every pure plan maximising her expected payoff (so all
  pure SPE are listed when payoffs tie; mixtures of tied plans are SPE too, not listed);
- two or more players move goes to the normal-form ``solver`` callback:
  ``solver(U) -> (equilibria, complete)`` with ``U`` of shape ``(k, S_1, …, S_k)`` and each
  equilibrium a tuple of probability vectors. Every equilibrium it returns is verified (regret at
  most ``1e-9`` times the payoff scale) before use; a failure is dropped and makes the answer
  incomplete.

Mixed equilibria of a subgame are turned into behaviour strategies (Kuhn's theorem), so every SPE
is reported as a **behaviour profile**: one probability per action of every information set, with
``NaN`` where the player's own earlier choice excludes the information set inside a subgame
without proper subgames (subgame perfection does not constrain it; reported as ``null``: any
action). ``complete`` is true when no combination was cut by ``max_equilibria`` and every solver
call was complete; ``scope`` says what complete covers: ``"pure"`` for :func:`pure_solver` (then
the list is exactly the pure SPE), ``"mixed"`` for :func:`normal_form_solver` (the default: the
project's normal-form solver, :func:`negotiation.games.equilibria.solve`, which lists every
isolated equilibrium and the extreme points of continua; a single mover's tied actions are still
listed as pure choices only); ``"all"`` when backward induction met no indifference, so the SPE
is unique.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from negotiation.errors import InputError, ModelError
from negotiation.games.equilibria import solve
from negotiation.games.game import Game
from negotiation.games.game import regrets as game_regrets
from negotiation.games.pure import pure_equilibria
from negotiation.games.reduced import (
    behaviour_from_mixed,
    consistency,
    plans,
    player_actions,
    tensor,
)
from negotiation.games.tree import CHANCE, DECISION, TERMINAL, Tree
from negotiation.games.tree_structure import require_perfect_recall, restrict, subgame_roots

__all__ = ["SPEResult", "Solver", "SubgamePerfect", "backward_induction", "normal_form_solver",
           "pure_solver", "regrets", "subgame_perfect"]

Solver = Callable[[np.ndarray], tuple[list[tuple[np.ndarray, ...]], bool]]
RELATIVE_TOL = 1e-12
REGRET_TOL = 1e-9           # relative to the payoff scale, as every equilibrium is checked
MAX_NOTES = 10


def _tol(tree: Tree) -> float:
    return RELATIVE_TOL * max(1.0, float(np.abs(tree.payoff).max(initial=0.0)))


def pure_solver(payoffs: np.ndarray) -> tuple[list[tuple[np.ndarray, ...]], bool]:
    """Every pure Nash equilibrium (:func:`negotiation.games.pure.pure_equilibria`): complete for
    pure equilibria."""
    u = np.asarray(payoffs, dtype=float)
    eye = [np.eye(size) for size in u.shape[1:]]
    return [tuple(eye[i][k] for i, k in enumerate(p)) for p in pure_equilibria(u)], True


pure_solver.scope = "pure"        # type: ignore[attr-defined]


def normal_form_solver(method: str = "auto") -> Solver:
    """The project's normal-form solver (:func:`negotiation.games.equilibria.solve`) as a
    callback: every verified equilibrium it finds, and whether its method guarantees them all
    (vertex enumeration for two players, complete also for degenerate games; support
    enumeration for more)."""

    def solver(payoffs: np.ndarray) -> tuple[list[tuple[np.ndarray, ...]], bool]:
        u = np.asarray(payoffs, dtype=float)
        k = u.shape[0]
        game = Game.from_payoffs([f"p{i}" for i in range(k)],
                                 [[str(s) for s in range(size)] for size in u.shape[1:]], u)
        # A two-player method applies to two-player subgames; others use the default.
        result = solve(game, method if k == 2 or method == "support" else "auto")
        return [e.sigma for e in result.equilibria], result.complete

    solver.scope = "mixed"        # type: ignore[attr-defined]
    return solver


def regrets(payoffs: np.ndarray, sigma: tuple[np.ndarray, ...]) -> np.ndarray:
    """Each player's regret at ``sigma`` in the payoff tensor ``(k, S_1, …, S_k)``
    (:func:`negotiation.games.game.regrets`)."""
    u = np.asarray(payoffs, dtype=float)
    game = Game.from_payoffs([f"p{i}" for i in range(u.shape[0])],
                             [[str(s) for s in range(size)] for size in u.shape[1:]], u)
    return game_regrets(game, sigma)


@dataclass(frozen=True)
class SubgamePerfect:
    """One SPE: a behaviour probability per global action (``NaN``: unconstrained) and the
    expected payoffs."""

    behaviour: np.ndarray
    payoffs: np.ndarray

    @property
    def pure(self) -> bool:
        b = self.behaviour[~np.isnan(self.behaviour)]
        return bool(np.all((np.abs(b) < 1e-12) | (np.abs(b - 1) < 1e-12)))


@dataclass(frozen=True)
class SPEResult:
    """The subgame-perfect equilibria found, and what the list guarantees."""

    tree: Tree
    equilibria: tuple[SubgamePerfect, ...]
    complete: bool
    scope: str
    method: str
    proper_subgames: int
    notes: tuple[str, ...] = field(default_factory=tuple)


def backward_induction(tree: Tree, tol: float | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values ``(N, n)``, the chosen child of every decision node (the first maximiser) and
    where the mover was indifferent, for a game of perfect information."""
    if not tree.perfect_information:
        raise ModelError("backward induction needs perfect information (every information set "
                         "a single node)", file=tree.file,
                         fix="use subgame_perfect(), which folds back over proper subgames")
    tol = _tol(tree) if tol is None else tol
    size = tree.n_nodes
    value = tree.payoff.copy()
    choice = np.full(size, -1)
    tied = np.zeros(size, dtype=bool)
    for depth in range(len(tree.levels) - 2, -1, -1):
        kids = tree.levels[depth + 1]
        up = tree.parent[kids]
        nodes = tree.levels[depth]
        value[nodes[tree.kind[nodes] != TERMINAL]] = 0.0
        at_chance = tree.kind[up] == CHANCE
        np.add.at(value, up[at_chance], tree.edge_prob[kids[at_chance], None]
                  * value[kids[at_chance]])
        dk, du = kids[~at_chance], up[~at_chance]
        score = value[dk, tree.player[du]]
        best = np.full(size, -np.inf)
        np.maximum.at(best, du, score)
        is_best = score >= best[du] - tol
        first = np.full(size, size)
        np.minimum.at(first, du[is_best], dk[is_best])
        movers = nodes[tree.kind[nodes] == DECISION]
        choice[movers] = first[movers]
        value[movers] = value[choice[movers]]
        tied[movers] = np.bincount(du[is_best], minlength=size)[movers] > 1
    return value, choice, tied


def _pure_behaviour_of_choice(tree: Tree, choice: np.ndarray) -> np.ndarray:
    beh = np.zeros(int(tree.action_base[-1]))
    movers = np.flatnonzero(tree.kind == DECISION)
    beh[tree.action_base[tree.infoset[movers]] + tree.action[choice[movers]]] = 1.0
    return beh


def subgame_perfect(tree: Tree, solver: Solver | None = None, max_equilibria: int = 1000,
                    method: str = "auto") -> SPEResult:
    """The subgame-perfect equilibria of ``tree`` (see the module docstring). ``method``:
    ``"auto"`` (backward induction when it suffices, else subgames) or ``"subgames"``."""
    if method not in ("auto", "subgames"):
        raise InputError(f"unknown method {method!r}", argument="method", value=method,
                         fix="use 'auto' or 'subgames'")
    require_perfect_recall(tree)
    solver = normal_form_solver() if solver is None else solver
    scope = getattr(solver, "scope", "as complete as the solver")
    tol = _tol(tree)
    is_root = subgame_roots(tree)
    roots = np.flatnonzero(is_root)
    if tree.perfect_information and method == "auto":
        value, choice, tied = backward_induction(tree, tol)
        if not tied.any():
            eq = SubgamePerfect(_pure_behaviour_of_choice(tree, choice), value[0])
            return SPEResult(tree, (eq,), True, "all", "backward induction", len(roots) - 1,
                             ("no mover is ever indifferent: the SPE is unique",))
    nearest = np.where(is_root, np.arange(tree.n_nodes), -1)
    for level in tree.levels[1:]:
        nearest[level] = np.where(is_root[level], level, nearest[tree.parent[level]])
    above = {int(r): int(nearest[tree.parent[r]]) for r in roots[1:]}
    below: dict[int, list[int]] = {int(r): [] for r in roots}
    for r, a in above.items():
        below[a].append(r)
    n_actions = int(tree.action_base[-1])
    options: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    complete, notes, simultaneous = True, [], False
    for r in roots[::-1]:
        r = int(r)
        cuts = np.array(sorted(below[r]), dtype=np.int64)
        sub = restrict(tree, r, cuts)
        simultaneous |= len(np.unique(sub.infoset_player)) > 1
        leaves = sub.terminals
        sizes = [len(options[int(c)][0]) for c in cuts]
        total = int(np.prod(sizes))
        if total > max_equilibria:
            complete = False
            notes.append(f"subgame at {tree.where(r)}: {total} combinations of equilibria "
                         f"below; only the first {max_equilibria} were folded back")
        count = min(total, max_equilibria)
        combo = np.array(np.unravel_index(np.arange(count), sizes)).T if len(cuts) else \
            np.zeros((count, 0), dtype=np.int64)
        pay = np.broadcast_to(sub.payoff[leaves], (count,) + sub.payoff[leaves].shape).copy()
        child = np.full((count, n_actions), np.nan)
        for j, c in enumerate(cuts):
            pos = int(np.flatnonzero(sub.node_id[leaves] == c)[0])
            pay[:, pos] = options[int(c)][0][combo[:, j]]
            child = np.fmax(child, options[int(c)][1][combo[:, j]])
        vals, local, which, ok, said = _solve_region(sub, pay, solver, tol)
        complete &= ok
        notes.extend(f"subgame at {tree.where(r)}: {s}" for s in said)
        region = np.concatenate([np.arange(tree.action_base[h], tree.action_base[h + 1])
                                 for h in sub.infoset_id] or [np.zeros(0, dtype=np.int64)])
        beh = child[which].copy()
        beh[:, region] = local
        if len(vals) > max_equilibria:
            complete = False
            notes.append(f"subgame at {tree.where(r)}: {len(vals)} equilibria; kept the first "
                         f"{max_equilibria}")
            vals, beh = vals[:max_equilibria], beh[:max_equilibria]
        options[r] = (vals, beh)
    vals, beh = options[0]
    eqs = tuple(SubgamePerfect(b, v) for v, b in zip(vals, beh))
    if not eqs:
        notes.append("no subgame-perfect equilibrium was found with this solver")
    if len(notes) > MAX_NOTES:
        notes = notes[:MAX_NOTES] + [f"... and {len(notes) - MAX_NOTES} more notes like these"]
    # Without a subgame in which two players move, only exact single-mover choices were made.
    return SPEResult(tree, eqs, complete, scope if simultaneous else "pure", "subgames",
                     len(roots) - 1, tuple(notes))


def _solve_region(sub: Tree, pay: np.ndarray, solver: Solver, tol: float
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool, list[str]]:
    """Equilibria of a truncated subgame for every row of leaf payoffs ``pay (M, Z, n)``:
    values, behaviour over the subgame's actions, the row each came from, completeness."""
    leaves = sub.terminals
    w = sub.reach[leaves]
    count = pay.shape[0]
    width = int(sub.action_base[-1])
    active = [int(i) for i in np.unique(sub.infoset_player)]
    if count == 0:                  # a subgame below has no equilibrium with this solver
        return (np.zeros((0, pay.shape[2])), np.zeros((0, width)), np.zeros(0, dtype=np.int64),
                True, [])
    if not active:
        return (np.einsum("mzp,z->mp", pay, w), np.zeros((count, 0)), np.arange(count),
                True, [])
    ps = [plans(sub, i) for i in active]
    cons = [consistency(sub, p, leaves) for p in ps]
    if len(active) == 1:
        i, c = active[0], cons[0].astype(float)
        own = np.einsum("mz,z,sz->ms", pay[:, :, i], w, c)
        best = own >= own.max(axis=1, keepdims=True) - tol
        rows, strat = np.nonzero(best)
        vals = np.einsum("kzp,z,kz->kp", pay[rows], w, c[strat])
        said = ([f"{sub.players[i]} is indifferent between {int(best.sum(axis=1).max())} plans "
                 "here: each is listed as a pure choice; their mixtures are subgame perfect too"]
                if best.sum(axis=1).max() > 1 else [])
        return vals, _plan_behaviour(sub, ps[0], width)[strat], rows, True, said
    full = tensor(w, pay, cons)[:, active]
    vals, behs, rows, ok, said = [], [], [], True, []
    scale = max(1.0, float(np.abs(pay).max(initial=0.0)))
    for m in range(count):
        found, done = solver(full[m])
        ok &= bool(done)
        for sigma in found:
            sigma = tuple(np.asarray(s, dtype=float) for s in sigma)
            if (len(sigma) != len(active) or
                    any(s.shape != (len(p.table),) or s.min() < -1e-9
                        or abs(s.sum() - 1) > 1e-9 for s, p in zip(sigma, ps))
                    or regrets(full[m], sigma).max() > REGRET_TOL * scale):
                ok = False
                said.append("the solver returned a profile that is not an equilibrium; dropped")
                continue
            sigma = tuple(np.clip(s, 0, None) / np.clip(s, 0, None).sum() for s in sigma)
            reach = np.prod([s @ c for s, c in zip(sigma, cons)], axis=0)
            vals.append(np.einsum("zp,z,z->p", pay[m], w, reach))
            b = np.full(width, np.nan)
            for s, p in zip(sigma, ps):
                b[player_actions(sub, p)] = behaviour_from_mixed(sub, p, s)
            behs.append(b)
            rows.append(m)
    n = pay.shape[2]
    return (np.array(vals).reshape(-1, n), np.array(behs).reshape(-1, width),
            np.array(rows, dtype=np.int64), ok, said)


def _plan_behaviour(tree: Tree, plan, width: int) -> np.ndarray:
    """``(S, width)``: each plan as a pure behaviour strategy (``NaN`` where excluded)."""
    out = np.full((len(plan.table), width), np.nan)
    for j, h in enumerate(plan.infosets):
        col = plan.table[:, j]
        k = len(tree.infoset_actions[h])
        block = (col[:, None] == np.arange(k)[None, :]).astype(float)
        block[col < 0] = np.nan
        out[:, tree.action_base[h]:tree.action_base[h + 1]] = block
    return out

