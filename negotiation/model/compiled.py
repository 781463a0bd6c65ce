"""A model compiled once into arrays over the outcome space.

Outcomes are numbered in enumeration order: issues in file order, the first issue varying
slowest, levels in file order (NumPy's C order over the shape ``(|L_1|, …, |L_k|)``).

The compiled model holds
- ``values``: one row per valued thing, over all outcomes — first each party's valuation ``v_i``,
  then each binding register's ``v_r`` (rows used by individual-rationality constraints);
- ``violations``: the exhaustive *blocking map*, one bit row per outcome with bit ``c`` set when
  constraint ``c`` excludes that outcome.

Everything is computed as whole arrays: a red line that mentions one issue costs an array over
that issue's levels, broadcast into the blocking map in place; additive valuations are built as
outer sums, so the full space is touched about once per party.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from negotiation._util import bitsets
from negotiation.errors import ModelError
from negotiation.model import expressions
from negotiation.model.core import ConstraintSpec, Model, Valuation
from negotiation.model.coupling import rules_for, value_corrections

__all__ = ["CompiledModel", "DEFAULT_BUDGET", "OverBudget", "check_size", "compile_model",
           "estimated_bytes", "issue_terms", "memory_budget", "valuation_vector"]

DEFAULT_BUDGET = 2 * 1024**3


def memory_budget() -> int:
    """Bytes the enumeration may use: ``NEGOTIATION_MEMORY_BUDGET`` (e.g. ``8G``, ``512M``)."""
    text = os.environ.get("NEGOTIATION_MEMORY_BUDGET", "").strip().upper()
    if not text:
        return DEFAULT_BUDGET
    number = text.removesuffix("IB").removesuffix("B")     # 8G, 8GB and 8GiB all mean 8 GiB
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}.get(number[-1:], 1)
    try:
        return int(float(number.rstrip("KMGT")) * scale)
    except ValueError:
        raise ModelError(f"NEGOTIATION_MEMORY_BUDGET={text!r} is not a size",
                         fix="write it as e.g. 2G or 512M") from None


class OverBudget(ModelError):
    """The outcome space is too large to enumerate within the memory budget."""


@dataclass(frozen=True, eq=False)
class CompiledModel:
    """Arrays for one model; see the module docstring."""

    model: Model
    constraints: tuple[ConstraintSpec, ...]
    party_ids: tuple[str, ...]
    constraint_party: np.ndarray   # (m,) party number of each constraint
    red_line: np.ndarray           # (m,) True for red lines, False for IR floors
    revision_cost: np.ndarray      # (m,)
    value_row: np.ndarray          # (m,) row of `values` an IR constraint reads; -1 for red lines
    floor: np.ndarray              # (m,) disagreement value of an IR constraint; nan otherwise
    values: np.ndarray             # (rows, N) valuations; rows 0..P-1 are the parties'
    violations: np.ndarray         # (N, W) blocking map
    feasible: np.ndarray | None = None   # (N,) where the model's feasibility conditions hold

    @property
    def shape(self) -> tuple[int, ...]:
        return self.model.shape

    @property
    def n_outcomes(self) -> int:
        return self.values.shape[1] if self.values.size else self.model.n_outcomes

    @property
    def n_settlements(self) -> int:
        """Number of feasible outcomes (all of them when the model has no feasibility rules)."""
        return self.n_outcomes if self.feasible is None else int(self.feasible.sum())

    def only_feasible(self, mask: np.ndarray) -> np.ndarray:
        """``mask`` restricted to feasible outcomes."""
        return mask if self.feasible is None else mask & self.feasible

    @property
    def constraint_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.constraints)

    @property
    def utilities(self) -> np.ndarray:
        """``(P, N)``: each party's valuation of every outcome."""
        return self.values[: len(self.party_ids)]

    @property
    def disagreement(self) -> np.ndarray:
        """``(P,)``: each party's disagreement value ``d_i``."""
        return np.array([p.disagreement.value for p in self.model.parties])

    @cached_property
    def party_bits(self) -> np.ndarray:
        """``(P, W)``: the set of each party's constraints."""
        m = len(self.constraints)
        return bitsets.from_sets(
            (np.flatnonzero(self.constraint_party == p) for p in range(len(self.party_ids))), m)

    @cached_property
    def red_line_bits(self) -> np.ndarray:
        """``(W,)``: the set of all red lines."""
        return bitsets.from_sets([np.flatnonzero(self.red_line)], len(self.constraints))[0]

    def bits(self, ids: list[str] | tuple[str, ...]) -> np.ndarray:
        """``(W,)``: the set of the named constraints."""
        index = {c: n for n, c in enumerate(self.constraint_ids)}
        return bitsets.from_sets([[index[c] for c in ids]], len(self.constraints))[0]

    def holds(self, c: int) -> np.ndarray:
        """``(N,)``: where constraint number ``c`` holds."""
        word, bit = divmod(c, bitsets.WORD)
        return (self.violations[:, word] >> np.uint64(bit) & np.uint64(1)) == 0

    def level_indices(self, outcomes: np.ndarray | int) -> np.ndarray:
        """Level numbers ``(n, k)`` of the given outcome numbers."""
        return np.stack(np.unravel_index(np.atleast_1d(outcomes), self.shape), axis=1)

    def outcome(self, index: int) -> dict[str, str]:
        """One outcome as ``{issue_id: level_id}``."""
        levels = np.unravel_index(int(index), self.shape)
        return {issue.id: issue.levels[int(n)].id for issue, n in zip(self.model.issues, levels)}


def issue_terms(valuation: Valuation, model: Model) -> list[np.ndarray]:
    """The additive terms ``w_j s_j(·)`` of a valuation: one vector over each issue's levels
    (zeros for an issue the valuation does not weigh)."""
    terms = []
    for issue in model.issues:
        weight = valuation.weights.get(issue.id)
        if weight is None or weight.value == 0:
            terms.append(np.zeros(len(issue.levels)))
        else:
            scores = valuation.scores[issue.id]
            terms.append(weight.value * np.array([scores[lv].value for lv in issue.level_ids]))
    return terms


def valuation_vector(valuation: Valuation, model: Model,
                     out: np.ndarray | None = None, party: str | None = None) -> np.ndarray:
    """``v(x) = Σ_j w_j s_j(x_j)`` over the whole space, built as an outer sum (C order).

    The last step writes straight into ``out`` (length ``N``) when given, so the full-size
    array is touched once. For a ``party`` covered by coupling rules the value reads the
    effective levels: each rule adds its correction ``δ(x_g) · [not U(x)]``, an array over the
    few issues involved broadcast into the space (:mod:`negotiation.model.coupling`).
    """
    total = np.zeros(1)
    terms = issue_terms(valuation, model)
    for term in terms[:-1]:
        total = np.add.outer(total, term).ravel()
    if out is None:
        out = np.empty(model.n_outcomes)
    np.add.outer(total, terms[-1], out=out.reshape(len(total), len(terms[-1])))
    if party is not None:
        shape = model.shape
        grid = out.reshape(shape)
        for g, delta, unless in value_corrections(valuation, model, rules_for(model, party)):
            along = [1] * len(shape)
            along[g] = shape[g]
            np.add(grid, delta.reshape(along) * ~expressions.mask(unless, shape), out=grid)
    return out


def estimated_bytes(model: Model) -> int:
    """Rough peak memory of compiling and analysing ``model`` by enumeration."""
    rows = len(model.parties) + sum(r.binding for p in model.parties for r in p.registers)
    w = bitsets.words(sum(1 for _ in model.constraints()))
    return model.n_outcomes * (8 * (rows + 2 * w) + 24)


def check_size(model: Model, budget: int | None = None) -> None:
    """Refuse, with a clear message, a space too large to enumerate within the budget."""
    budget = memory_budget() if budget is None else budget
    need = estimated_bytes(model)
    if need <= budget:
        return
    dims = " × ".join(str(s) for s in model.shape)
    # Suggest a budget that would be enough, never the one the user already has.
    enough = max(1, math.ceil(need / 1024**3))
    raise OverBudget(
        f"the outcome space has {model.n_outcomes:.3g} outcomes ({dims} levels); enumerating it "
        f"needs about {need / 1024**3:.3g} GB, over the memory budget of "
        f"{budget / 1024**3:.3g} GB",
        file=model.path or None, key="issues",
        fix="analyse it with the integer-programming backend (milp) where the analysis offers "
            f"it, merge or remove levels, or raise NEGOTIATION_MEMORY_BUDGET to at least "
            f"{enough}G if this machine has the memory",
    )


def compile_model(model: Model, budget: int | None = None) -> CompiledModel:
    """Compile ``model`` into masks and valuations over its whole outcome space."""
    if not model.parties:
        raise ModelError("the model has no parties to analyse", file=model.path or None,
                         key="parties", fix="a game on its own is analysed by its equilibria")
    check_size(model, budget)
    shape = model.shape
    n = model.n_outcomes
    party_ids = tuple(p.id for p in model.parties)
    binding = [(p.id, r) for p in model.parties for r in p.registers if r.binding]
    values = np.empty((len(party_ids) + len(binding), n))
    register_row = {(pid, reg.id): len(party_ids) + k for k, (pid, reg) in enumerate(binding)}
    for row, party in enumerate(model.parties):
        if not party.registers:
            valuation_vector(party.valuation, model, out=values[row], party=party.id)
            continue
        values[row] = 0.0
        scratch = np.empty(n)
        for reg in party.registers:
            vec = valuation_vector(reg.valuation, model, out=scratch, party=party.id)
            if reg.binding:
                values[register_row[(party.id, reg.id)]] = vec
            values[row] += reg.weight.value * vec

    constraints = tuple(model.constraints())
    m = len(constraints)
    w = bitsets.words(m)
    violations = np.zeros((n, w), dtype=np.uint64)
    grid = violations.reshape(shape + (w,))
    value_row = np.full(m, -1)
    floor = np.full(m, np.nan)
    for c, spec in enumerate(constraints):
        word, bit = divmod(c, bitsets.WORD)
        flag = np.uint64(1) << np.uint64(bit)
        if spec.kind == "red_line":
            fails = ~expressions.mask(spec.red_line.expr, shape)
            view = grid[..., word]
            np.bitwise_or(view, np.where(fails, flag, np.uint64(0)), out=view)
            continue
        row = party_ids.index(spec.party) if spec.register is None \
            else register_row[(spec.party, spec.register)]
        d = model.ir_floor(spec)
        value_row[c], floor[c] = row, d
        column = violations[:, word]
        np.bitwise_or(column, flag, out=column, where=values[row] < d - model.epsilon)

    feasible = None
    if model.feasibility:
        small = np.ones((1,) * len(shape), dtype=bool)
        for rule in model.feasibility:
            small = small & expressions.mask(rule.expr, shape)
        feasible = np.broadcast_to(small, shape).ravel()
        if not feasible.any():
            raise ModelError("the feasibility conditions exclude every settlement",
                             file=model.path or None, key="feasibility",
                             fix="a feasibility condition should only rule out combinations that "
                                 "cannot exist; relax or remove one")

    return CompiledModel(
        model=model, constraints=constraints, party_ids=party_ids, feasible=feasible,
        constraint_party=np.array([party_ids.index(s.party) for s in constraints], dtype=int),
        red_line=np.array([s.kind == "red_line" for s in constraints], dtype=bool),
        revision_cost=np.array([s.revision_cost for s in constraints], dtype=float),
        value_row=value_row, floor=floor, values=values, violations=violations,
    )
