"""A phased settlement derived from a model: the commitment game of a framework, and what would
need to change for it to be subgame perfect.

The game is :mod:`negotiation.games.commitment`'s; every number comes from the model
(``docs/games.md``, "Sequencing and commitment"):

- **stage 1** ``x1``: the settlement the ``[phased] stage1`` terms pin (the ceasefire, deferred
  issues at today's level); **final status** ``x2``: the framework's package (its terms, from a
  record file) completed by keeping every issue its terms do not mention at its stage-1 level;
  where the terms leave a choice, the model's settlement rule (``[game] rule``, default Nash)
  picks among the completions in the bargaining set ``B``, and when none is in ``B`` the
  completion that leaves the worst-off party least short of its war value
  (``argmax min_i (v_i − d_i)``, the distance to agreement of ``docs/method.md``); ties go to the
  first outcome in enumeration order;
- ``c_i = v_i(x1)``, ``f_i = v_i(x2)``, ``d_i`` the disagreement values (compiled valuations);
- ``w_{j,i} = d_i + Σ`` the ``[[game.war]]`` adjustments of the effort profile in which ``j``
  resumes the war (``resume_effort``) and the others hold (``hold_effort``);
- **concessions**: each issue on which ``x2`` differs from ``x1`` is implemented by the party
  named for it in ``[[phased.concessions]]``, else by the party that loses most by the change
  (``v_i(x1 with the issue at x2) − v_i(x1)`` smallest); what party ``k`` implements and the
  others pocket is ``p_{k,i} = v_i(x1 with k's issues at x2) − v_i(x1)``;
- ``κ_j = Σ`` the ``[[phased.reneging_cost]]`` rows of ``j`` whose condition holds at ``x2``;
  ``s_{j,i}`` the ``[[phased.surprise]]`` adjustments; ``δ`` is ``[phased] delta``.

:func:`analyse` returns the diagnosis (holds, commitment or participation; who defects where),
the exact least cost of reneging per party and jointly, the scan of each guarantee issue's
levels, the sweep over the discount factor and, on request, every implementation order.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.solutions import DECIMALS, solve_within
from negotiation.bargaining.zone import bargaining_mask
from negotiation.errors import InputError, ModelError, did_you_mean
from negotiation.games.commitment import (
    Commitment,
    Diagnosis,
    commitment_game,
    diagnose,
    discount_sweep,
    participation_range,
)
from negotiation.games.extensive import ExtensiveGame
from negotiation.games.phased_section import PhasedSpec
from negotiation.games.section import PostureGameSpec
from negotiation.games.subgame_perfect import SPEResult, subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.model import expressions
from negotiation.model.compiled import CompiledModel
from negotiation.model.core import Model
from negotiation.model.expressions import Expr

__all__ = ["DELTAS", "Framework", "LevelCheck", "Phased", "analyse", "commitment_of",
           "final_status", "require_phased"]

DELTAS = tuple(np.round(np.arange(0.05, 0.96, 0.05), 2).tolist())


@dataclass(frozen=True)
class Framework:
    """A framework's final-status terms: a package of a record file, or the stage-1 terms."""

    id: str
    label: str
    terms: str
    expr: Expr


@dataclass(frozen=True)
class LevelCheck:
    """The phased settlement with one guarantee issue set to one level in the final status."""

    issue: str
    level: str
    feasible: bool
    in_terms: bool
    diagnosis: Diagnosis | None

    @property
    def verdict(self) -> str | None:
        return None if self.diagnosis is None else self.diagnosis.verdict


@dataclass(frozen=True)
class Phased:
    """A framework's phased settlement analysed (see the module docstring)."""

    framework: Framework
    stage1: int
    final: int
    final_rule: str
    game: Commitment
    diagnosis: Diagnosis
    concessions: dict[str, tuple[str, ...]]
    costs: dict[str, tuple[str, ...]]
    participation: dict[str, tuple[float, float] | None]
    levels: tuple[LevelCheck, ...]
    sweep: tuple[dict, ...]
    tree: ExtensiveGame
    spe: SPEResult
    orders: tuple[tuple[tuple[str, ...], Diagnosis], ...] = ()
    red_lines_stage1: dict[str, tuple[str, ...]] = field(default_factory=dict)
    red_lines_final: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    compiled: CompiledModel | None = None

    @property
    def least_level(self) -> dict[str, str | None]:
        """Per guarantee issue, the first level (in the issue's order) at which the phased
        settlement holds, or ``None``."""
        out: dict[str, str | None] = {}
        for check in self.levels:
            out.setdefault(check.issue, None)
            if out[check.issue] is None and check.verdict == "holds":
                out[check.issue] = check.level
        return out


def require_phased(model: Model) -> PhasedSpec:
    """The model's ``[phased]`` section, or a clear error."""
    spec = model.sections.get("phased")
    if spec is None:
        raise ModelError("the model has no [phased] section", file=model.path or None,
                         key="phased", fix="add [phased] with the stage-1 terms (stage1 = "
                         "\"...\") and a discount factor (README.md, 'Game trees and phased "
                         "settlements')")
    return spec


def _index(compiled: CompiledModel, levels: Sequence[int]) -> int:
    return int(np.ravel_multi_index(tuple(levels), compiled.shape))


def final_status(compiled: CompiledModel, spec: PhasedSpec, framework: Framework
                 ) -> tuple[int, str]:
    """The framework's final status ``x2`` and the rule that chose it (module docstring)."""
    model = compiled.model
    shape = compiled.shape
    pinned = expressions.issues_used(framework.expr)
    keep = np.broadcast_to(expressions.mask(framework.expr, shape), shape).copy()
    for n, level in enumerate(spec.stage1_outcome):
        if n not in pinned:
            index = [slice(None)] * len(shape)
            index[n] = [m for m in range(shape[n]) if m != level]
            keep[tuple(index)] = False
    inside = np.flatnonzero(compiled.only_feasible(keep.ravel()))
    if not len(inside):
        raise ModelError(f"the terms of '{framework.id}' allow no feasible settlement once the "
                         "issues they do not mention keep their stage-1 levels",
                         file=model.path or None, key="phased.stage1",
                         fix="check the framework's terms against the stage-1 terms")
    zone = bargaining_mask(compiled)[inside]
    u, d = compiled.utilities[:, inside], compiled.disagreement
    if zone.any():
        game = model.sections.get("game")
        rule = game.rule if isinstance(game, PostureGameSpec) else "nash"
        position = int(solve_within(rule, u, d, zone[None, :])[0])
        return int(inside[position]), f"{rule} within the bargaining set"
    worst = np.round((u - d[:, None]).min(axis=0), DECIMALS)
    return int(inside[int(np.argmax(worst))]), "least shortfall: none is in the bargaining set"


def _with(compiled: CompiledModel, base: int, issues: Sequence[int], other: int) -> int:
    """Outcome ``base`` with ``issues`` at their levels in ``other``."""
    a = list(np.unravel_index(base, compiled.shape))
    b = np.unravel_index(other, compiled.shape)
    for n in issues:
        a[n] = b[n]
    return _index(compiled, a)


def commitment_of(compiled: CompiledModel, spec: PhasedSpec, x1: int, x2: int,
                  order: Sequence[str] | None = None
                  ) -> tuple[Commitment, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]],
                             list[str]]:
    """The commitment game of ``x1`` then ``x2``; with who implements which issue, which
    reneging-cost rows apply, and notes."""
    model = compiled.model
    parties = compiled.party_ids
    issue_ids = [i.id for i in model.issues]
    v, d = compiled.utilities, compiled.disagreement
    notes: list[str] = []
    war_after = _war_after(compiled, spec, notes)
    changed = [n for n, (a, b) in enumerate(zip(np.unravel_index(x1, compiled.shape),
                                                np.unravel_index(x2, compiled.shape))) if a != b]
    owner: dict[str, list[int]] = {p: [] for p in parties}
    for n in changed:
        named = [p for p, issues in spec.concessions.items() if issue_ids[n] in issues]
        if named:
            owner[named[0]].append(n)
        else:
            loss = v[:, _with(compiled, x1, [n], x2)] - v[:, x1]
            owner[parties[int(np.argmin(np.round(loss, DECIMALS)))]].append(n)
    pocket = {p: tuple((v[:, _with(compiled, x1, owner[p], x2)] - v[:, x1]).tolist())
              for p in parties if owner[p]}
    levels = np.unravel_index(x2, compiled.shape)
    cost = np.zeros(len(parties))
    applied: dict[str, list[str]] = {p: [] for p in parties}
    for row in spec.reneging_costs:
        if expressions.holds(row.expr, levels):
            cost[parties.index(row.party)] += row.cost.value
            applied[row.party].append(row.id)
    surprise: dict[str, np.ndarray] = {}
    for row in spec.surprise:
        vec = surprise.setdefault(row.party, np.zeros(len(parties)))
        vec += [row.adjust[p].value if p in row.adjust else 0.0 for p in parties]
    game = Commitment(parties, tuple(d.tolist()), tuple(v[:, x1].tolist()),
                      tuple(v[:, x2].tolist()), spec.delta.value, tuple(cost.tolist()),
                      tuple(order or spec.order), pocket,
                      {p: tuple(s.tolist()) for p, s in surprise.items()}, war_after)
    return (game, {p: tuple(issue_ids[n] for n in owner[p]) for p in parties if owner[p]},
            {p: tuple(ids) for p, ids in applied.items() if ids}, notes)


def _war_after(compiled: CompiledModel, spec: PhasedSpec, notes: list[str]
               ) -> dict[str, tuple[float, ...]]:
    """``w_{j,·}`` for every party ``j``: the war values when ``j`` resumes the war."""
    model = compiled.model
    parties = compiled.party_ids
    d = compiled.disagreement
    game = model.sections.get("game")
    if not isinstance(game, PostureGameSpec):
        notes.append("the model has no war table ([[game.war]] rows of a derived game): a "
                     "resumed war is worth the disagreement values")
        return {p: tuple(d.tolist()) for p in parties}
    for key in ("resume_effort", "hold_effort"):
        name = getattr(spec, key)
        if name not in game.efforts:
            raise ModelError(f"unknown effort level '{name}'{did_you_mean(name, game.efforts)}",
                             file=model.path or None, key=f"phased.{key}",
                             fix="use one of game.efforts: " + ", ".join(game.efforts))
    out = {}
    for j in parties:
        efforts = {p: spec.resume_effort if p == j else spec.hold_effort for p in parties}
        w = d.copy()
        for rule in game.war:
            if all(efforts[p] == e for p, e in rule.when.items()):
                w += [rule.adjust[p].value if p in rule.adjust else 0.0 for p in parties]
        out[j] = tuple(w.tolist())
    return out


def _red_lines(compiled: CompiledModel, x: int) -> dict[str, tuple[str, ...]]:
    """Each party's red lines that settlement ``x`` breaks."""
    broken = bitsets.to_sets(compiled.violations[x][None, :])[0]
    out: dict[str, list[str]] = {}
    for k in broken:
        if compiled.red_line[k]:
            out.setdefault(compiled.party_ids[compiled.constraint_party[k]], []).append(
                compiled.constraint_ids[k])
    return {p: tuple(ids) for p, ids in out.items()}


def analyse(compiled: CompiledModel, framework: Framework, deltas: Sequence[float] = DELTAS,
            all_orders: bool = False, order: Sequence[str] | None = None) -> Phased:
    """The phased settlement of ``framework`` (see the module docstring)."""
    spec = require_phased(compiled.model)
    if order is not None and sorted(order) != sorted(compiled.party_ids):
        raise InputError(f"the order {list(order)} must list every party once",
                         argument="order", fix=f"order the parties {list(compiled.party_ids)}")
    if any(not 0 <= dl < 1 for dl in deltas):
        raise InputError("discount factors must lie in [0, 1)", argument="deltas",
                         fix="use values such as 0.5, 0.8, 0.95")
    x1 = _index(compiled, spec.stage1_outcome)
    if compiled.feasible is not None and not compiled.feasible[x1]:
        raise ModelError("the stage-1 terms pin a settlement the model's feasibility "
                         "conditions exclude", file=compiled.model.path or None,
                         key="phased.stage1", fix="change the stage-1 terms")
    x2, rule = final_status(compiled, spec, framework)
    game, concessions, costs, notes = commitment_of(compiled, spec, x1, x2, order)
    diagnosis = diagnose(game)
    levels = []
    for issue in spec.guarantee_issues:
        n = [i.id for i in compiled.model.issues].index(issue)
        for m, level in enumerate(compiled.model.issues[n].levels):
            x = _with_level(compiled, x2, n, m)
            feasible = compiled.feasible is None or bool(compiled.feasible[x])
            found = (diagnose(commitment_of(compiled, spec, x1, x, order)[0])
                     if feasible else None)
            in_terms = expressions.holds(framework.expr, np.unravel_index(x, compiled.shape))
            levels.append(LevelCheck(issue, level.id, feasible, in_terms, found))
    orders = ()
    if all_orders:
        orders = tuple((tuple(p), diagnose(commitment_of(compiled, spec, x1, x2, p)[0]))
                       for p in itertools.permutations(compiled.party_ids))
    tree = commitment_game(game)
    return Phased(framework, x1, x2, rule, game, diagnosis, concessions, costs,
                  participation_range(game), tuple(levels),
                  tuple(discount_sweep(game, deltas)), tree,
                  subgame_perfect(compile_game(tree)), orders, _red_lines(compiled, x1),
                  _red_lines(compiled, x2), tuple(notes), compiled)


def _with_level(compiled: CompiledModel, x: int, issue: int, level: int) -> int:
    levels = list(np.unravel_index(x, compiled.shape))
    levels[issue] = level
    return _index(compiled, levels)
