"""The integer-programming backend: decide models whose outcome space is too large to enumerate.

**Formulation.** One binary ``x[j, l]`` per level of every issue with ``Σ_l x[j, l] = 1`` encodes an
outcome. Every constraint ``c`` of ``C`` (red lines and individual-rationality floors, in the order
of :meth:`Model.constraints`) gets an indicator binary ``y_c``; ``y_c = 1`` enforces it:

- a red line compiles to rows ``y_c → condition`` over the one-hots (:mod:`negotiation.linearize`);
- a floor reads a valuation, which is linear in the one-hots (``v(x) = Σ_{j,l} w_j s_jl x[j, l]``,
  registers weighted): ``v(x) ≥ d − ε − M (1 − y_c)`` with ``M = max(0, d − ε − min_x v)``.
- a coupling rule (:mod:`negotiation.model.coupling`) on issue ``g`` adds one binary ``u ↔ U``
  (its backing condition, with ``ū = 1 − u``) and one product ``p_l = x[g, l] · ū`` per capped
  level (``p_l ≤ x[g, l]``, ``p_l ≤ ū``, ``p_l ≥ x[g, l] + ū − 1``); a valuation of a party the
  rule applies to gains ``δ(l) p_l``, so it stays linear in the *value columns*
  (the one-hots, then the products). Red lines need nothing more: they were rewritten at load.

Fixing the indicators asks whether a subset of ``C`` is compatible; leaving them free and
optimising over them finds correction sets. Every query goes to HiGHS through
:func:`scipy.optimize.milp` with relative optimality gap 0 and absolute gap 1e-9.

**Verification.** Every outcome the solver returns is re-checked by direct evaluation: each
red line with :func:`negotiation.expressions.holds`, each floor by summing the outcome's scores in
the same order as the enumeration. An outcome that fails a constraint the program enforced (a
numerical tolerance effect) is cut off with a no-good row and the query is re-solved, so every
*satisfiable* claim carries an exactly checked witness. *Unsatisfiable* claims rest on HiGHS;
tests cross-check them against enumeration on hundreds of random models.

All outcomes are numbered as in the enumeration (C order over the levels) with Python integers,
so numbers stay exact beyond 2⁶³.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from negotiation.milp.linearize import LinearRows, coupling_products
from negotiation.model import expressions
from negotiation.model.compiled import issue_terms
from negotiation.model.core import ConstraintSpec, Model
from negotiation.model.coupling import effective_levels

__all__ = ["LinearModel", "MAX_RETRIES", "OPTIONS", "Point", "Row", "SolverError",
           "cheapest_correction_set", "correction_sets", "deletion_mus", "enforcing",
           "linearize_model", "solve", "witness"]

OPTIONS = {"mip_rel_gap": 0.0, "mip_abs_gap": 1e-9, "presolve": True}
MAX_RETRIES = 50


class SolverError(RuntimeError):
    """HiGHS failed, or an answer did not survive its re-check."""


@dataclass(frozen=True)
class Point:
    """A solution: the outcome's level numbers, which constraints hold there (checked exactly),
    the values of the query's extra columns and the objective value reported by HiGHS."""

    levels: tuple[int, ...]
    holds: np.ndarray
    extra: np.ndarray
    objective: float


@dataclass(frozen=True)
class Row:
    """An extra row ``lower ≤ x_coef·x + Σ extra_coef[e]·extra_e ≤ upper`` of one query."""

    x_coef: np.ndarray | None
    extra_coef: dict[int, float]
    lower: float
    upper: float = math.inf


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A model compiled once into the rows of an integer program (see the module docstring).

    It offers what the writers read from a :class:`~negotiation.compiled.CompiledModel`
    (``constraints``, ``party_ids``, ``outcome``) without any array over the outcome space.
    """

    model: Model
    constraints: tuple[ConstraintSpec, ...]
    party_ids: tuple[str, ...]
    offsets: tuple[int, ...]        # first column of each issue's one-hots; offsets[-1] = L
    indicator: np.ndarray           # (m,) column of y_c
    binary: np.ndarray              # (n_columns,) integrality
    matrix: sparse.csr_array        # one-hot equalities, red-line rows, floor rows
    lower: np.ndarray
    upper: np.ndarray
    values: np.ndarray              # (rows, V) coefficients on value_cols; rows 0..P-1 parties'
    value_cols: np.ndarray          # (V,) columns valuations read: the one-hots, then products
    terms: tuple[tuple[tuple[float | None, np.ndarray], ...], ...]  # per value row, for checks
    row_party: tuple[str, ...]      # the party of each value row (whose levels it reads)
    value_row: np.ndarray           # (m,) value row a floor reads; -1 for red lines
    floor: np.ndarray               # (m,) the floor d_c; nan for red lines
    constraint_party: np.ndarray
    red_line: np.ndarray
    revision_cost: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return self.model.shape

    @property
    def n_outcomes(self) -> int:
        return self.model.n_outcomes

    @property
    def n_levels(self) -> int:
        return self.offsets[-1]

    @property
    def constraint_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.constraints)

    @property
    def disagreement(self) -> np.ndarray:
        return np.array([p.disagreement.value for p in self.model.parties])

    def party_constraints(self, party: int) -> list[int]:
        return [c for c in range(len(self.constraints)) if self.constraint_party[c] == party]

    def index(self, levels: Sequence[int]) -> int:
        """The outcome number of ``levels`` (C order), as an exact Python integer."""
        n = 0
        for level, size in zip(levels, self.shape):
            n = n * size + int(level)
        return n

    def levels_of(self, index: int) -> tuple[int, ...]:
        out = []
        for size in reversed(self.shape):
            index, level = divmod(int(index), size)
            out.append(level)
        return tuple(reversed(out))

    def outcome(self, index: int) -> dict[str, str]:
        """One outcome as ``{issue_id: level_id}``."""
        return {issue.id: issue.levels[lv].id
                for issue, lv in zip(self.model.issues, self.levels_of(index))}

    def value(self, row: int, levels: Sequence[int]) -> float:
        """Valuation ``row`` at one outcome, summed in the enumeration's order (at the levels
        its party reads, when coupling rules apply)."""
        if self.model.coupling:
            levels = tuple(effective_levels(self.model, self.row_party[row],
                                            np.array([levels]))[0])
        total = 0.0
        for weight, vec in self.terms[row]:
            part = 0.0
            for j, level in enumerate(levels):
                part += vec[self.offsets[j] + level]
            total = part if weight is None else total + weight * part
        return total

    def feasible(self, levels: Sequence[int]) -> bool:
        """Whether the model's feasibility conditions hold at ``levels`` (direct evaluation)."""
        return all(expressions.holds(rule.expr, levels) for rule in self.model.feasibility)

    def check(self, levels: Sequence[int]) -> np.ndarray:
        """``(m,)``: which constraints hold at ``levels``, by direct evaluation."""
        out = np.empty(len(self.constraints), dtype=bool)
        eps = self.model.epsilon
        for c, spec in enumerate(self.constraints):
            if spec.kind == "red_line":
                out[c] = expressions.holds(spec.red_line.expr, levels)
            else:
                out[c] = self.value(self.value_row[c], levels) >= self.floor[c] - eps
        return out

    def bound(self, row: int, upper: bool = True) -> float:
        """An upper (or lower) bound on valuation ``row`` over the whole space."""
        pick = np.max if upper else np.min
        one_hot = sum(pick(self.values[row, self.offsets[j]:self.offsets[j + 1]])
                      for j in range(len(self.shape)))
        extra = self.values[row, self.offsets[-1]:]
        return float(one_hot + (np.maximum(extra, 0) if upper else np.minimum(extra, 0)).sum())

    def gains(self, levels: Sequence[int]) -> np.ndarray:
        """``(P,)``: each party's ``v_i − d_i`` at ``levels``."""
        return np.array([self.value(p, levels) for p in range(len(self.party_ids))]) \
            - self.disagreement


def linearize_model(model: Model, all_couplings: bool = False) -> LinearModel:
    """Compile ``model`` into an integer program's rows (no array over the outcome space).

    ``all_couplings`` keeps the columns of every coupling rule, even one that changes no
    valuation at these parameter values, so that two parameter points of one model share their
    value columns (:mod:`negotiation.milp.whatif`)."""
    constraints = tuple(model.constraints())
    party_ids = tuple(p.id for p in model.parties)
    rows = LinearRows(model.shape)
    n_levels = rows.n_columns
    offsets = tuple(rows.offsets)
    indicator = np.array([rows.new_binary() for _ in constraints], dtype=int)

    binding = [(p, r) for p in model.parties for r in p.registers if r.binding]
    terms: list[tuple[tuple[float | None, np.ndarray], ...]] = []
    for party in model.parties:
        if party.registers:
            terms.append(tuple(
                (reg.weight.value, np.concatenate(issue_terms(reg.valuation, model)))
                for reg in party.registers))
        else:
            terms.append(((None, np.concatenate(issue_terms(party.valuation, model))),))
    register_row = {}
    row_party = [p.id for p in model.parties]
    for party, reg in binding:
        register_row[(party.id, reg.id)] = len(terms)
        terms.append(((None, np.concatenate(issue_terms(reg.valuation, model))),))
        row_party.append(party.id)
    values = np.array([sum(vec if w is None else w * vec for w, vec in t) for t in terms]) \
        if terms else np.zeros((0, n_levels))
    values, value_cols = coupling_products(model, rows, values, binding, keep_all=all_couplings)

    for rule in model.feasibility:          # always in force, never a constraint of C
        rows.require(rule.expr, guard=None)
    m = len(constraints)
    value_row = np.full(m, -1)
    floor = np.full(m, np.nan)
    for c, spec in enumerate(constraints):
        y = int(indicator[c])
        if spec.kind == "red_line":
            rows.require(spec.red_line.expr, guard=y)
            continue
        row = party_ids.index(spec.party) if spec.register is None \
            else register_row[(spec.party, spec.register)]
        d = model.ir_floor(spec)
        value_row[c], floor[c] = row, d
        lowest = sum(values[row, offsets[j]:offsets[j + 1]].min()
                     for j in range(len(model.issues)))
        lowest += np.minimum(values[row, n_levels:], 0).sum()     # coupling corrections
        big = max(0.0, d - model.epsilon - lowest)
        coefs = {int(value_cols[k]): float(v) for k, v in enumerate(values[row]) if v != 0}
        rows.add(coefs | {y: -big}, d - model.epsilon - big)

    n = rows.n_columns
    r_ids, c_ids, data, lower = [], [], [], []
    for j in range(len(model.issues)):
        for col in range(offsets[j], offsets[j + 1]):
            r_ids.append(j)
            c_ids.append(col)
            data.append(1.0)
        lower.append(1.0)
    upper = list(lower)
    for coefs, low in rows.rows:
        r = len(lower)
        for col, v in coefs.items():
            r_ids.append(r)
            c_ids.append(col)
            data.append(v)
        lower.append(low)
        upper.append(math.inf)
    matrix = sparse.csr_array((data, (r_ids, c_ids)), shape=(len(lower), n))
    binary = np.zeros(n, dtype=bool)
    binary[:n_levels] = True
    binary[rows.binaries] = True
    return LinearModel(
        model=model, constraints=constraints, party_ids=party_ids, offsets=offsets,
        indicator=indicator, binary=binary, matrix=matrix,
        lower=np.array(lower), upper=np.array(upper), values=values, value_cols=value_cols,
        terms=tuple(terms), row_party=tuple(row_party), value_row=value_row, floor=floor,
        constraint_party=np.array([party_ids.index(s.party) for s in constraints], dtype=int),
        red_line=np.array([s.kind == "red_line" for s in constraints], dtype=bool),
        revision_cost=np.array([s.revision_cost for s in constraints], dtype=float),
    )


def solve(lm: LinearModel, enforce: np.ndarray, *, x_cost: np.ndarray | None = None,
          y_cost: np.ndarray | None = None, extra: Sequence[tuple[float, float, float]] = (),
          rows: Sequence[Row] = (), y_rows: Sequence[tuple[np.ndarray, float]] = (),
          accept: Callable[[tuple[int, ...], np.ndarray], bool] | None = None) -> Point | None:
    """Minimise ``x_cost·x + y_cost·y + Σ extra costs`` and return a checked :class:`Point`,
    or ``None`` when the program is infeasible.

    ``enforce[c]`` is 1 (constraint ``c`` on), 0 (off) or -1 (free indicator). ``extra`` adds
    continuous columns ``(lower, upper, cost)``; ``rows`` adds rows over the one-hots and those
    columns; ``y_rows`` adds rows ``coef·y ≥ lower`` over the indicators (blocking clauses).
    ``accept(levels, extra)`` re-checks what the query's own rows claim (exactly, at the outcome
    found); an outcome it rejects is cut off like one failing an enforced constraint.
    """
    n, e = len(lm.binary), len(extra)
    cost = np.zeros(n + e)
    if x_cost is not None:
        cost[lm.value_cols] = x_cost
    if y_cost is not None:
        cost[lm.indicator] = y_cost
    cost[n:] = [c for _, _, c in extra]
    lb = np.concatenate([np.zeros(n), [lo for lo, _, _ in extra]])
    ub = np.concatenate([np.ones(n), [hi for _, hi, _ in extra]])
    lb[lm.indicator] = np.where(enforce == 1, 1.0, 0.0)
    ub[lm.indicator] = np.where(enforce == 0, 0.0, 1.0)
    dense, low, high = [], [], []
    for row in rows:
        vec = np.zeros(n + e)
        if row.x_coef is not None:
            vec[lm.value_cols] = row.x_coef
        for k, v in row.extra_coef.items():
            vec[n + k] = v
        dense.append(vec)
        low.append(row.lower)
        high.append(row.upper)
    for coef, bound in y_rows:
        vec = np.zeros(n + e)
        vec[lm.indicator] = coef
        dense.append(vec)
        low.append(bound)
        high.append(math.inf)
    base = sparse.hstack([lm.matrix, sparse.csr_array((lm.matrix.shape[0], e))]) if e \
        else lm.matrix
    integrality = np.concatenate([lm.binary, np.zeros(e, dtype=bool)]).astype(int)
    for _ in range(MAX_RETRIES):
        matrix = sparse.vstack([base, sparse.csr_array(np.array(dense))]) if dense else base
        lower = np.concatenate([lm.lower, low])
        upper = np.concatenate([lm.upper, high])
        with warnings.catch_warnings():
            # mip_abs_gap is not among scipy's named options; scipy passes it on to HiGHS.
            warnings.simplefilter("ignore", RuntimeWarning)
            res = milp(cost, integrality=integrality, bounds=Bounds(lb, ub),
                       constraints=LinearConstraint(matrix, lower, upper), options=OPTIONS)
        if res.status == 2:
            return None
        if res.status != 0 or res.x is None:
            raise SolverError(f"HiGHS did not solve the program: {res.message}")
        z = res.x
        levels = tuple(int(np.argmax(z[lm.offsets[j]:lm.offsets[j + 1]]))
                       for j in range(len(lm.shape)))
        holds = lm.check(levels)
        on = np.where(enforce == -1, z[lm.indicator] > 0.5, enforce == 1)
        if np.all(holds[on]) and lm.feasible(levels) and (accept is None
                                                          or accept(levels, z[n:])):
            return Point(levels, holds, z[n:], float(res.fun))
        # A tolerance effect: the outcome violates an enforced constraint. Cut it off.
        vec = np.zeros(n + e)
        vec[[lm.offsets[j] + lv for j, lv in enumerate(levels)]] = 1.0
        dense.append(vec)
        low.append(-math.inf)
        high.append(len(levels) - 1)
    raise SolverError(f"no outcome passed the exact re-check after {MAX_RETRIES} attempts")


def enforcing(lm: LinearModel, members: Iterable[int]) -> np.ndarray:
    """An ``enforce`` vector with exactly ``members`` on."""
    out = np.zeros(len(lm.constraints), dtype=np.int8)
    out[list(members)] = 1
    return out


def witness(lm: LinearModel, members: Iterable[int]) -> Point | None:
    """An outcome satisfying every constraint in ``members``; ``None`` if they are incompatible."""
    return solve(lm, enforcing(lm, members))


def deletion_mus(lm: LinearModel, members: Iterable[int]) -> tuple[list[int], dict[int, Point]]:
    """A minimal incompatible subset of the incompatible set ``members``, by deletion filtering.

    Each member is dropped in turn; if the rest stays incompatible it is left out for good,
    otherwise it is kept and the outcome satisfying the rest is its witness (it satisfies the
    final set minus that member, since the set only shrinks).
    """
    current = list(members)
    found: dict[int, Point] = {}
    for c in list(current):
        rest = [e for e in current if e != c]
        point = witness(lm, rest)
        if point is None:
            current = rest
        else:
            found[c] = point
    return current, found


def correction_sets(lm: LinearModel) -> list[tuple[frozenset[int], Point]]:
    """Every minimal correction set with a witness outcome, smallest first.

    Maximise the number of enforced constraints subject to one blocking clause
    ``Σ_{c ∈ T} y_c ≥ 1`` per correction set ``T`` found so far. The violated set ``V(x)`` of an
    optimal outcome is a correction set containing none found before; it is minimal, because a
    proper subset that were a correction set would be blocked by nothing and smaller. The loop
    ends when the program is infeasible: then every correction set contains a listed one
    (Liffiton and Sakallah 2008). Returns ``[]`` when ``C`` is compatible.
    """
    m = len(lm.constraints)
    found: list[tuple[frozenset[int], Point]] = []
    free = np.full(m, -1, dtype=np.int8)
    while True:
        blocking = [(np.isin(np.arange(m), list(t)).astype(float), 1.0) for t, _ in found]
        point = solve(lm, free, y_cost=-np.ones(m), y_rows=blocking)
        if point is None:
            return found
        violated = frozenset(np.flatnonzero(~point.holds).tolist())
        if not violated:
            return []
        found.append((violated, point))




def cheapest_correction_set(lm: LinearModel) -> tuple[frozenset[int], Point] | None:
    """A minimal correction set of least total ``revision_cost``, with its witness outcome
    (``None`` when ``C`` is compatible).

    Least cost first. When some cost is zero a least-cost set need not be inclusion-minimal, so
    a second program takes the smallest among the least-cost sets.
    """
    m = len(lm.constraints)
    free = np.full(m, -1, dtype=np.int8)
    cost = lm.revision_cost
    point = solve(lm, free, y_cost=-cost)
    if point is None:
        raise SolverError("with every constraint relaxed the program has no outcome")
    if np.any(cost <= 0):
        best = float(cost[~point.holds].sum())
        # Σ_c cost_c (1 − y_c) ≤ best  ⇔  cost·y ≥ Σ cost − best
        point = solve(lm, free, y_cost=-np.ones(m),
                      y_rows=[(cost, float(cost.sum()) - best - 1e-9)])
    if np.all(point.holds):
        return None
    return frozenset(np.flatnonzero(~point.holds).tolist()), point
