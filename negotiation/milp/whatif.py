"""What would need to change, by integer programming: thresholds, sweeps and robustness for
spaces too large to enumerate.

The counterparts of :mod:`negotiation.whatif.thresholds` and :mod:`negotiation.whatif.uncertainty`
(which list the red-line set) on the program of :mod:`negotiation.milp.solver`. Parameter values
come in as paths and numbers (:func:`negotiation.model.core.parameters`); which points to ask
about — grids, draws, weights rescaled — is decided by the caller
(:mod:`negotiation.analysis`), so both backends answer the same questions.

- **Thresholds** of a numeric parameter: :mod:`negotiation.milp.parametric` (exact integer
  programs, to :data:`~negotiation.milp.parametric.TOLERANCE`). **Red-line toggles**: the
  verdict with one red line dropped, read off the complete list of minimal correction sets
  (below), without a program.
- **Verdict at a parameter point** (a sweep's grid point, a Monte Carlo draw): red lines do not
  depend on numeric parameters, so a structural trap stays one everywhere; otherwise one
  feasibility program at those values. Settlements found in ``B`` at earlier points are kept
  (a few dozen) and tried first by exact evaluation: one that is still acceptable to everyone
  decides the point without a program. The size of ``B`` is not counted.
- **MUS membership** per draw: a constraint is in some minimal incompatible set exactly when it
  is in some minimal correction set (Liffiton and Sakallah 2008), so each draw with an empty
  ``B`` enumerates its MCSes (:func:`negotiation.milp.solver.correction_sets`, one program per
  MCS and one more). The caller decides whether that is affordable (:data:`MUS_PROGRAMS`).

Independent programs are spread over an executor (``submit(fn, *args)`` returning futures, e.g.
a process pool or a Dask client) in fixed chunks, combined in order: the answers do not depend
on how the work is spread.

**Red-line toggles from the certificate.** Dropping red line ``r`` leaves ``C ∖ {r}``. ``B``
becomes non-empty exactly when ``{r}`` is a correction set, i.e. ``(r,)`` is an MCS (a single
constraint is minimal when ``C`` is incompatible). The red lines other than ``r`` are compatible
exactly when ``{r} ∪ IR`` (``IR``: every floor) is a correction set, i.e. contains an MCS. The
integer-programming certificate lists every MCS, so both questions are answered exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation._util.parallel import Runner
from negotiation.bargaining.certificate import Certificate
from negotiation.milp.parametric import Today, crossing, line, with_values
from negotiation.milp.solver import LinearModel, correction_sets, linearize_model, witness
from negotiation.model.core import Model

__all__ = ["CHUNK", "MUS_PROGRAMS", "POOL", "THRESHOLD_CHUNK", "bargaining_open", "mus_membership",
           "numeric_thresholds", "red_line_toggles", "run_jobs"]

CHUNK = 16           # parameter points per job handed to an executor
THRESHOLD_CHUNK = 4  # parameters per job (their cost varies a lot: small jobs balance better)
POOL = 32            # settlements of B kept to decide later points without a program
MUS_PROGRAMS = 5000  # programs the MUS membership of a robustness run may take


def run_jobs(fn, model: Model, jobs: list[tuple], executor=None, progress: bool = False,
             what: str = "") -> list:
    """``fn(model, *job)`` for each job, in order, on ``executor`` when given (a pool or a Dask
    client: the model goes to each Dask worker once), with a progress bar."""
    return Runner(executor, progress, what).map(fn, model, jobs)


# ------------------------------------------------------------------------------- thresholds

def _crossings(model: Model, jobs: list[tuple], today: Today) -> list[tuple]:
    """:func:`~negotiation.milp.parametric.crossing` for each job (module-level for pools)."""
    return [crossing(line(model, *job), today) for job in jobs]


def numeric_thresholds(model: Model, jobs: Sequence[tuple], today: Today, executor=None,
                       progress: bool = False) -> list[tuple]:
    """For each job ``(at, moved, t0, step, lo, hi)`` — the parameters at today's value and
    at ``t0 + step`` (its weights table rescaled) and the parameter's range —
    ``(lower, lower_verdict, upper, upper_verdict)``; ``today`` is what the analysis says at
    today's values."""
    jobs = list(jobs)
    chunks = [jobs[i:i + THRESHOLD_CHUNK] for i in range(0, len(jobs), THRESHOLD_CHUNK)]
    results = run_jobs(_crossings, model, [(c, today) for c in chunks], executor, progress,
                       "thresholds")
    return [r for chunk in results for r in chunk]


def red_line_toggles(lm: LinearModel, certificate: Certificate
                     ) -> list[tuple[str, str, str | None]]:
    """``(red line id, verdict today, verdict without it or None if unchanged)`` for each red
    line in force (see the module docstring)."""
    ids = lm.constraint_ids
    floors = {ids[c] for c in np.flatnonzero(~lm.red_line)}
    mcs = [frozenset(s) for s in certificate.mcs]
    today = ("agreement_possible" if certificate.bargaining_nonempty else
             "ripeness_gap" if certificate.red_lines_compatible else "structural_trap")
    out = []
    for c in np.flatnonzero(lm.red_line):
        r = ids[c]
        if certificate.bargaining_nonempty:
            after = today               # dropping a red line only enlarges B
        elif frozenset([r]) in mcs:
            after = "agreement_possible"
        elif any(s <= floors | {r} for s in mcs):
            after = "ripeness_gap"
        else:
            after = "structural_trap"
        out.append((r, today, after if after != today else None))
    return out


# ------------------------------------------------------------------ verdicts at many points

def _floors_hold(lm: LinearModel, levels: tuple[int, ...]) -> bool:
    eps = lm.model.epsilon
    return all(lm.value(lm.value_row[c], levels) >= lm.floor[c] - eps
               for c in np.flatnonzero(lm.value_row >= 0))


def _open_at(model: Model, paths: tuple[str, ...], values: np.ndarray) -> np.ndarray:
    """Whether ``B`` is non-empty at each row of ``values`` (module-level for pools)."""
    pool: list[tuple[int, ...]] = []
    out = np.zeros(len(values), dtype=bool)
    for n, row in enumerate(values):
        lm = linearize_model(with_values(model, dict(zip(paths, row.tolist()))))
        # Red lines and feasibility do not move: a settlement kept from an earlier point
        # needs only its floors re-evaluated.
        hit = next((k for k, levels in enumerate(pool) if _floors_hold(lm, levels)), None)
        if hit is not None:
            pool.insert(0, pool.pop(hit))
            out[n] = True
            continue
        point = witness(lm, range(len(lm.constraints)))
        if point is not None:
            pool = [point.levels, *pool][:POOL]
            out[n] = True
    return out


def bargaining_open(model: Model, paths: Sequence[str], values: np.ndarray, executor=None,
                    progress: bool = False, what: str = "points") -> np.ndarray:
    """Whether ``B`` is non-empty with the parameters ``paths`` set to each row of ``values``
    (one feasibility program per row at most; see the module docstring)."""
    values = np.asarray(values, dtype=float).reshape(len(values), len(paths))
    chunks = [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]
    results = run_jobs(_open_at, model, [(tuple(paths), c) for c in chunks], executor,
                       progress, what)
    return np.concatenate(results) if results else np.zeros(0, dtype=bool)


def _mus_union(model: Model, paths: tuple[str, ...], values: np.ndarray) -> np.ndarray:
    """``(n, m)``: whether each constraint is in some MUS at each row of ``values``."""
    out = []
    for row in values:
        lm = linearize_model(with_values(model, dict(zip(paths, row.tolist()))))
        hit = np.zeros(len(lm.constraints), dtype=bool)
        for members, _ in correction_sets(lm):
            hit[list(members)] = True
        out.append(hit)
    return np.array(out, dtype=bool).reshape(len(values), -1)


def mus_membership(model: Model, paths: Sequence[str], values: np.ndarray, executor=None,
                   progress: bool = False) -> dict[str, int]:
    """In how many rows of ``values`` each constraint belongs to some minimal incompatible set
    (constraint id → count)."""
    values = np.asarray(values, dtype=float).reshape(len(values), len(paths))
    ids = tuple(c.id for c in model.constraints())
    chunks = [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]
    results = run_jobs(_mus_union, model, [(tuple(paths), c) for c in chunks], executor,
                       progress, "MUS draws")
    counts = np.sum([r.sum(axis=0) for r in results], axis=0) if results \
        else np.zeros(len(ids), dtype=int)
    return {c: int(k) for c, k in zip(ids, counts)}
