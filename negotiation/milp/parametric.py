"""One numeric parameter moving, by integer programming: where the bargaining set opens or closes.

Fix every parameter but one, ``t`` (a weight, with the rest of its table rescaled
proportionally; a score; a disagreement value). Every valuation is affine in ``t`` on each
outcome, so the integer program's value rows and floors are affine in ``t`` too:
``v_c(x; t) = (A_c + (t − t0) B_c)·x`` over the value columns ``x`` (one-hots and coupling
products, all binary) and ``d_c(t) = F_c + (t − t0) G_c``. Both coefficient sets come from
linearising the model at two values of ``t`` (:func:`line`).

Each outcome ``x`` is then acceptable to all exactly on an interval ``I(x)`` of ``t`` (the
intersection of its floors' half-lines), and ``B(t) ≠ ∅`` on the union of these intervals; the
thresholds are that union's boundaries nearest ``t0`` (as :mod:`negotiation.whatif.thresholds`
computes them by listing every outcome). Here each boundary is the optimum of integer programs
over ``(x, t)``:

- the floors at a variable ``t`` contain the products ``t·x_k`` (a weight or a score multiplies
  the level variables). With ``x_k`` binary and ``t`` in a bounded range ``[a, b]``, the four
  McCormick rows ``z ≥ a x``, ``z ≤ b x``, ``z ≥ t − b (1 − x)``, ``z ≤ t − a (1 − x)`` force
  ``z_k = t·x_k`` exactly, so the programs are exact integer programs, not relaxations. A
  disagreement value only moves a floor (no product), and its range is unbounded: a box wider
  than every crossing stands in for it, and reaching the box means "no threshold";
- "the least ``t ≥ t0`` at which some settlement is acceptable" is ``min t`` over those rows
  (``max t`` below ``t0``): one program for each side when the zone is closed at ``t0``;
- when it is open at ``t0``, the zone's edge is the end of the connected piece of the union
  that contains ``t0``. ``T ← max { end I(x) : x acceptable at T }`` (one program with the
  floors at ``T`` and at ``t``: an interval containing both contains what lies between)
  climbs from ``t0`` through overlapping intervals and stops at the edge. When every floor's
  slack moves the same way in ``t`` on every outcome (a disagreement value, a score), the union
  is one half-line and the first program ends the climb.

Every outcome HiGHS returns is re-evaluated exactly, its interval computed from its values at
the two linearisation points, and the threshold reported is that interval's end: a value
attained by a real settlement. HiGHS's tolerances (absolute gap 1e-9, feasibility 1e-7) bound
how far it can be from the optimum; the tests require agreement with enumeration to
:data:`TOLERANCE`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from negotiation.milp.solver import LinearModel, Row, linearize_model, solve
from negotiation.model.core import Model, Param, Valuation

__all__ = ["METHOD", "TOLERANCE", "Line", "Today", "crossing", "line", "with_values"]

TOLERANCE = 1e-6
TINY = 1e-12        # slopes and coefficients below this are rounding noise
MAX_CLIMB = 64      # overlapping intervals climbed before giving up on one side
METHOD = ("each threshold is the end of the range of values over which some settlement stays "
          "acceptable to all, optimised over every settlement by an integer program in which "
          "the parameter's products with the level variables are linearised exactly "
          "(McCormick); exact up to HiGHS's tolerances, checked against enumeration to "
          f"{TOLERANCE:g}")


def with_values(model: Model, values: Mapping[str, float]) -> Model:
    """``model`` with the numeric parameters at the paths of ``values`` (as in
    :func:`negotiation.model.core.parameters`) set to those values."""
    used: set[str] = set()

    def put(param: Param, path: str) -> Param:
        if path not in values:
            return param
        used.add(path)
        return replace(param, value=float(values[path]))

    def valuation(prefix: str, val: Valuation) -> Valuation:
        return Valuation(
            weights={i: put(w, f"{prefix}.weights.{i}") for i, w in val.weights.items()},
            scores={i: {lv: put(s, f"{prefix}.scores.{i}.{lv}") for lv, s in table.items()}
                    for i, table in val.scores.items()})

    parties = []
    for party in model.parties:
        base = f"parties.{party.id}"
        registers = tuple(replace(
            reg, weight=put(reg.weight, f"{base}.registers.{reg.id}.weight"),
            disagreement=None if reg.disagreement is None
            else put(reg.disagreement, f"{base}.registers.{reg.id}.disagreement"),
            valuation=valuation(f"{base}.registers.{reg.id}", reg.valuation))
            for reg in party.registers)
        parties.append(replace(
            party, disagreement=put(party.disagreement, f"{base}.disagreement"),
            valuation=None if party.valuation is None else valuation(base, party.valuation),
            registers=registers))
    unknown = set(values) - used
    if unknown:
        raise ValueError(f"no numeric parameter {sorted(unknown)[0]!r}")
    return replace(model, parties=tuple(parties))


@dataclass(frozen=True)
class Line:
    """The program along one parameter: at ``t0`` (``lm``) and at ``t0 + step`` (``far``)."""

    lm: LinearModel
    far: LinearModel
    t0: float
    step: float
    lo: float
    hi: float
    affected: np.ndarray          # floors whose value or floor moves with t
    slope_values: np.ndarray      # (rows, V): d v / dt
    slope_floor: np.ndarray       # (m,): d d_c / dt


def line(model: Model, at: Mapping[str, float], moved: Mapping[str, float], t0: float,
         step: float, lo: float, hi: float) -> Line:
    """The program of ``model`` with parameters ``at`` (the parameter at ``t0``), and with
    ``moved`` (the parameter at ``t0 + step``, its table rescaled)."""
    lm = linearize_model(with_values(model, at), all_couplings=True)
    far = linearize_model(with_values(model, moved), all_couplings=True)
    slope_values = (far.values - lm.values) / step
    slope_floor = np.nan_to_num((far.floor - lm.floor) / step)
    floors = np.flatnonzero(lm.value_row >= 0)
    moving = [c for c in floors if abs(slope_floor[c]) > TINY
              or np.abs(slope_values[lm.value_row[c]]).max(initial=0.0) > TINY]
    return Line(lm, far, t0, step, lo, hi, np.array(moving, dtype=int), slope_values,
                slope_floor)


def _slacks(ln: Line, levels) -> tuple[np.ndarray, np.ndarray]:
    """``(α, β)`` over the affected floors at one outcome: slack ``α + β (t − t0)``."""
    eps = ln.lm.model.epsilon
    rows = ln.lm.value_row[ln.affected]
    alpha = np.array([ln.lm.value(r, levels) for r in rows]) - ln.lm.floor[ln.affected] + eps
    far = np.array([ln.far.value(r, levels) for r in rows]) - ln.far.floor[ln.affected] + eps
    return alpha, (far - alpha) / ln.step


def interval(ln: Line, levels) -> tuple[float, float]:
    """The values of ``t`` at which every affected floor holds at ``levels`` (clipped to the
    parameter's range; empty when start > end)."""
    alpha, beta = _slacks(ln, levels)
    start, end = ln.lo, ln.hi
    for a, b in zip(alpha, beta):
        if b > 1e-13:
            start = max(start, ln.t0 - a / b)
        elif b < -1e-13:
            end = min(end, ln.t0 - a / b)
        elif a < 0:
            return math.inf, -math.inf
    return start, end


def _slope_range(ln: Line) -> tuple[float, float]:
    """Least and greatest slope ``dslack/dt`` of any affected floor over all outcomes."""
    lm = ln.lm
    least, most = math.inf, -math.inf
    for c in ln.affected:
        b = ln.slope_values[lm.value_row[c]]
        parts = [b[lm.offsets[j]:lm.offsets[j + 1]] for j in range(len(lm.shape))]
        extra = b[lm.offsets[-1]:]
        low = sum(p.min() for p in parts) + np.minimum(extra, 0).sum() - ln.slope_floor[c]
        high = sum(p.max() for p in parts) + np.maximum(extra, 0).sum() - ln.slope_floor[c]
        least, most = min(least, low), max(most, high)
    return least, most


def _box(ln: Line) -> tuple[float, float]:
    """A finite range for ``t`` containing every crossing (for unbounded parameters, whose
    floors alone move: ``t = t0 + α/G``)."""
    lm = ln.lm
    lo, hi = ln.lo, ln.hi
    if math.isfinite(lo) and math.isfinite(hi):
        return lo, hi
    reach = 1.0
    for c in ln.affected:
        g = ln.slope_floor[c]
        row = lm.value_row[c]
        span = max(abs(lm.bound(row) - lm.floor[c]), abs(lm.bound(row, upper=False) - lm.floor[c]))
        reach = max(reach, (span + 1.0) / max(abs(g), TINY))
    return (lo if math.isfinite(lo) else ln.t0 - 2 * reach,
            hi if math.isfinite(hi) else ln.t0 + 2 * reach)


def _extreme(ln: Line, maximise: bool, a: float, b: float, at: float | None
             ) -> tuple[float, float] | None:
    """Among settlements acceptable for some ``t ∈ [a, b]`` (and at ``at``, when given), the
    interval reaching furthest up (``maximise``) or down; ``None`` when there is none."""
    lm, t0 = ln.lm, ln.t0
    eps = lm.model.epsilon
    slope = ln.slope_values
    moving = sorted({int(k) for c in ln.affected
                     for k in np.flatnonzero(np.abs(slope[lm.value_row[c]]) > TINY)})
    if moving and not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError("a parameter multiplying valuations must have a bounded range")
    zpos = {k: 1 + n for n, k in enumerate(moving)}
    extra = [(a, b, -1.0 if maximise else 1.0)]
    extra += [(min(0.0, a), max(0.0, b), 0.0)] * len(moving)
    rows: list[Row] = []
    for c in ln.affected:
        A, B = lm.values[lm.value_row[c]], slope[lm.value_row[c]]
        F, G = float(lm.floor[c]), float(ln.slope_floor[c])
        coef = {0: -G} | {zpos[k]: float(B[k]) for k in moving if abs(B[k]) > TINY}
        rows.append(Row(A - t0 * B, coef, F - G * t0 - eps))
        if at is not None:
            rows.append(Row(A + (at - t0) * B, {}, F + (at - t0) * G - eps))
    V = len(lm.value_cols)
    for k in moving:
        unit = np.zeros(V)
        unit[k] = 1.0
        z = zpos[k]
        rows += [Row(-a * unit, {z: 1.0}, 0.0), Row(b * unit, {z: -1.0}, 0.0),
                 Row(-b * unit, {z: 1.0, 0: -1.0}, -b), Row(a * unit, {z: -1.0, 0: 1.0}, a)]
    # One level of each issue is taken, so the products of an issue's levels sum to t: valid
    # for every outcome, and it keeps the relaxation tight (McCormick alone is weak there).
    for j in range(len(lm.shape)):
        cols = range(lm.offsets[j], lm.offsets[j + 1])
        if all(k in zpos for k in cols):
            rows.append(Row(None, {zpos[k]: 1.0 for k in cols} | {0: -1.0}, 0.0, 0.0))
    enforce = np.ones(len(lm.constraints), dtype=np.int8)
    enforce[ln.affected] = 0
    slack = 1e-9 * max(1.0, abs(a), abs(b))

    def accept(levels, _extra) -> bool:
        start, end = interval(ln, levels)
        if start > end + slack or end < a - slack or start > b + slack:
            return False
        return at is None or start - slack <= at <= end + slack

    point = solve(lm, enforce, extra=extra, rows=rows, accept=accept)
    return None if point is None else interval(ln, point.levels)


@dataclass(frozen=True)
class Today:
    """What the analysis at today's values says, for screening parameters without a program:
    whether ``B`` is non-empty, the least largest concession ``δ*`` when it is empty, and some
    settlements of ``B`` (level numbers) when it is not."""

    agreement: bool
    distance: float | None = None
    inside: tuple[tuple[int, ...], ...] = ()


def _cannot_move(ln: Line, today: Today, most_slope: float) -> bool:
    """Whether no value in the parameter's range can change the verdict, by a bound.

    Within the range a floor's slack moves by at most ``S·R`` (``S`` the largest slope of an
    affected floor over all outcomes, ``R`` the farthest end of the range from ``t0``). When
    ``B`` is empty every settlement of the red-line set falls short of some floor by at least
    ``δ*``, so none can become acceptable if ``δ* > S·R + ε``. When it is not, a settlement of
    ``B`` whose every slack exceeds ``S·R`` stays in ``B`` over the whole range. The margin
    covers the solver's tolerance on ``δ*``.
    """
    reach = most_slope * max(ln.t0 - ln.lo, ln.hi - ln.t0)
    if not math.isfinite(reach):
        return False
    margin = reach + ln.lm.model.epsilon + 1e-6
    if not today.agreement:
        return today.distance is not None and today.distance > margin
    floors = np.flatnonzero(ln.lm.value_row >= 0)
    for levels in today.inside:
        alpha = [ln.lm.value(ln.lm.value_row[c], levels) - ln.lm.floor[c] for c in floors]
        if min(alpha, default=math.inf) > margin:
            return True
    return False


def crossing(ln: Line, today: Today
             ) -> tuple[float | None, str | None, float | None, str | None]:
    """``(lower, lower_verdict, upper, upper_verdict)``: the values of the parameter nearest
    ``t0`` below and above which the verdict changes (see the module docstring)."""
    if not len(ln.affected):
        return None, None, None, None
    least, most = _slope_range(ln)
    if _cannot_move(ln, today, max(abs(least), abs(most))):
        return None, None, None, None
    rising, falling = least >= -TINY, most <= TINY     # slacks only grow / only shrink in t
    lo, hi = _box(ln)
    if not today.agreement:
        lower = upper = None
        if not rising:
            found = _extreme(ln, True, lo, ln.t0, None)
            lower = None if found is None or found[1] <= lo + TINY and not math.isfinite(
                ln.lo) else found[1]
        if not falling:
            found = _extreme(ln, False, ln.t0, hi, None)
            upper = None if found is None or found[0] >= hi - TINY and not math.isfinite(
                ln.hi) else found[0]
        opens = "agreement_possible"
        return lower, opens if lower is not None else None, upper, opens if upper is not None \
            else None
    upper = None if rising else _edge(ln, +1, falling, lo, hi)
    lower = None if falling else _edge(ln, -1, rising, lo, hi)
    gap = "ripeness_gap"
    return lower, gap if lower is not None else None, upper, gap if upper is not None else None


def _edge(ln: Line, direction: int, one_step: bool, lo: float, hi: float) -> float | None:
    """The edge of the zone's piece containing ``t0`` going up (``direction`` 1) or down;
    ``None`` when it reaches the end of the parameter's range."""
    at = ln.t0
    for _ in range(MAX_CLIMB):
        found = _extreme(ln, direction > 0, at if direction > 0 else lo,
                         hi if direction > 0 else at, at)
        if found is None:
            return at
        reach = found[1] if direction > 0 else found[0]
        if (direction > 0 and reach >= hi - TINY) or (direction < 0 and reach <= lo + TINY):
            return None
        if one_step or (reach - at) * direction <= TINY:
            return reach
        at = reach
    raise RuntimeError(f"the zone's edge was not reached after {MAX_CLIMB} overlapping "
                       "intervals")
