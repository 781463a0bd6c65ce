"""The headline analysis by integer programming, in the same result objects as enumeration.

:func:`analyze_milp` answers every question :func:`negotiation.analysis.analyze` answers that
does not need the whole outcome space listed, with :mod:`negotiation.solver` and
:mod:`negotiation.milp_bargaining`:

- verdict: is ``C`` compatible, are the red lines compatible (two feasibility programs);
- certificate: every MCS (enumerated by increasing size with blocking clauses), every MUS (their
  minimal hitting sets), pairwise compatibility and each party's own consistency, all with
  witness outcomes (exactly re-checked); then each MUS is re-solved (incompatible) and each MCS
  too (restoring any member leaves no outcome);
- bargaining: utilitarian, egalitarian, Kalai–Smorodinsky and Nash points, the Pareto frontier
  of ``B`` (:mod:`negotiation.frontier`, exact, when it fits), and when ``B`` is empty the least
  largest concession ``δ*`` and least total concession.

Counts that need enumeration (the sizes of ``B``, of the red-line set, the blocking map) are
``None`` unless the verdict fixes them at 0; ``Analysis.notes`` says why each is missing.
"""

from __future__ import annotations

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.certificate import Certificate, mcs_rank
from negotiation.bargaining.solutions import DECIMALS, SOLUTIONS, Solution
from negotiation.bargaining.verdict import Analysis, verdict_of
from negotiation.bargaining.zone import Bargaining
from negotiation.milp.bargaining import (
    egalitarian,
    kalai_smorodinsky,
    least_concession,
    nash,
    utilitarian,
)
from negotiation.milp.frontier import FrontierTooLarge, count_feasible, pareto_frontier_additive
from negotiation.milp.solver import (
    LinearModel,
    Point,
    SolverError,
    correction_sets,
    linearize_model,
    witness,
)
from negotiation.model.core import Model

__all__ = ["NOT_COUNTED", "analyze_milp", "bargain_milp", "certify_milp"]

NOT_COUNTED = ("not counted: the integer-programming backend decides emptiness without listing "
               "the outcome space")


def _mus_witnesses(lm: LinearModel, mus: tuple[int, ...],
                   mcs: list[tuple[frozenset[int], Point]]) -> dict[int, Point]:
    """For each member ``c`` an outcome satisfying ``mus`` without ``c``.

    ``mus`` is a minimal hitting set of the MCS family, so for each member ``c`` some MCS ``T``
    meets it in ``c`` alone; ``T``'s witness satisfies ``C \\ T ⊇ mus \\ {c}``. The claim is
    re-checked on the witness's exact evaluation; a new program is solved only if it fails.
    """
    found = {}
    for c in mus:
        rest = [e for e in mus if e != c]
        point = next((p for t, p in mcs if t & set(mus) == {c} and np.all(p.holds[rest])), None)
        found[c] = point if point is not None else witness(lm, rest)
        if found[c] is None:
            raise SolverError(f"MUS {[lm.constraint_ids[e] for e in mus]} is not minimal")
    return found


def _check_mcs(lm: LinearModel, mcs: frozenset[int]) -> None:
    """Re-solve: restoring any member of ``mcs`` leaves no outcome."""
    rest = [c for c in range(len(lm.constraints)) if c not in mcs]
    for c in mcs:
        if witness(lm, rest + [c]) is not None:
            raise SolverError(f"MCS {[lm.constraint_ids[e] for e in mcs]} is not minimal")


def certify_milp(lm: LinearModel, check: bool = True) -> tuple[Certificate, Point | None]:
    """The certificate without a blocking map, and an outcome of ``B`` if it is non-empty."""
    ids, parties = lm.constraint_ids, lm.party_ids
    m = len(ids)
    full = witness(lm, range(m))
    red = full if full is not None else witness(lm, np.flatnonzero(lm.red_line).tolist())

    mcs_found = [] if full is not None else correction_sets(lm)
    cost = lm.revision_cost
    mcs_found.sort(key=lambda t: mcs_rank(tuple(t[0]), cost))
    mcs_sets = [tuple(sorted(t)) for t, _ in mcs_found]
    if mcs_sets:
        mus_rows = bitsets.minimal_hitting_sets(bitsets.from_sets(mcs_sets, m))
        mus_sets = sorted(bitsets.to_sets(mus_rows), key=lambda s: (len(s), s))
    else:
        mus_sets = []
    mus_points = [_mus_witnesses(lm, s, mcs_found) for s in mus_sets]
    if check:
        for t, _ in mcs_found:
            _check_mcs(lm, t)
        for s in mus_sets:
            if witness(lm, s) is not None:
                raise SolverError(f"MUS {[ids[c] for c in s]} is satisfiable")

    pairwise, pair_witness = {}, {}
    own = [lm.party_constraints(i) for i in range(len(parties))]
    for a in range(len(parties)):
        for b in range(a + 1, len(parties)):
            key = f"{parties[a]}+{parties[b]}"
            point = full or witness(lm, own[a] + own[b])
            pairwise[key] = point is not None
            pair_witness[key] = None if point is None else lm.index(point.levels)
    alone = {p: full or witness(lm, own[i]) for i, p in enumerate(parties)}

    owner = lm.constraint_party
    cert = Certificate(
        constraint_ids=ids,
        red_lines_compatible=red is not None,
        bargaining_nonempty=full is not None,
        blocking=None,
        mus=tuple(tuple(ids[c] for c in s) for s in mus_sets),
        mus_parties=tuple(tuple(dict.fromkeys(parties[owner[c]] for c in s)) for s in mus_sets),
        mus_witnesses=tuple({ids[c]: lm.index(p.levels) for c, p in ws.items()}
                            for ws in mus_points),
        mcs=tuple(tuple(ids[c] for c in s) for s in mcs_sets),
        mcs_costs=tuple(float(cost[list(s)].sum()) for s in mcs_sets),
        mcs_witnesses=tuple(lm.index(p.levels) for _, p in mcs_found),
        pairwise=pairwise,
        pairwise_witnesses=pair_witness,
        party_consistent={p: w is not None for p, w in alone.items()},
        party_witnesses={p: None if w is None else lm.index(w.levels) for p, w in alone.items()},
    )
    return cert, full


def _solution(lm: LinearModel, name: str, point: Point) -> Solution:
    index = lm.index(point.levels)
    return Solution(name, index, lm.outcome(index),
                    {p: lm.value(i, point.levels) for i, p in enumerate(lm.party_ids)})


def bargain_milp(lm: LinearModel, cert: Certificate,
                 frontier: bool = True) -> tuple[Bargaining, dict[str, str]]:
    """Bargaining results and notes on what could not be computed."""
    notes: dict[str, str] = {}
    parties = lm.party_ids
    solutions: dict[str, Solution | None] = dict.fromkeys(SOLUTIONS)
    distance = total = None
    closest: list[int] = []
    pareto: list[int] = []
    pareto_size: int | None = 0
    if cert.bargaining_nonempty:
        egal = egalitarian(lm)
        points = {"egalitarian": egal, "utilitarian": utilitarian(lm),
                  "kalai_smorodinsky": kalai_smorodinsky(lm)}
        points["nash"], gap = nash(lm, egal)
        for name in SOLUTIONS:
            solutions[name] = _solution(lm, name, points[name])
        notes["nash"] = ("outer approximation of the sum of log-gains by tangent cuts "
                         f"(certified gap in log-product {gap:.2g})")
        if frontier:
            try:
                front = pareto_frontier_additive(lm.model, within="bargaining_set")
                pareto = [lm.index(w) for w in front.witnesses]
                pareto_size = front.size
                notes["pareto_frontier"] = ("exact, by divide and conquer over issues; examples "
                                            "are one outcome per frontier value vector")
            except FrontierTooLarge as err:
                pareto_size = None
                notes["pareto_frontier"] = f"not computed: {err}"
        else:
            pareto_size = None
            notes["pareto_frontier"] = "not computed (switched off)"
        notes["bargaining_set_size"] = NOT_COUNTED
    elif cert.red_lines_compatible:
        found = least_concession(lm)
        distance, point = found
        distance = round(distance, DECIMALS)
        closest = [lm.index(point.levels)]
        total = round(least_concession(lm, total=True)[0], DECIMALS)
        notes["closest_outcomes"] = "one outcome attaining the distance to agreement"
    if cert.red_lines_compatible:
        notes["red_line_set_size"] = NOT_COUNTED
    if any(cert.party_consistent.values()):
        notes["acceptable_set_sizes"] = NOT_COUNTED + " (0 for a party whose own constraints " \
                                                      "are incompatible)"
    notes["blocking"] = "the exhaustive blocking map needs enumeration"
    n_outcomes = lm.n_outcomes
    if lm.model.feasibility:
        n_outcomes = count_feasible(lm.model)
        if n_outcomes is None:
            notes["outcomes"] = "not counted: the feasibility conditions link too many issues"
    if solutions.get("nash") is not None:
        notes["ties"] = ("among equally good settlements the solver's choice is kept; "
                         "enumeration takes the first in enumeration order (objective values "
                         "agree)")
    barg = Bargaining(
        n_outcomes=n_outcomes,
        red_line_set_size=None if cert.red_lines_compatible else 0,
        acceptable_sizes={p: None if cert.party_consistent[p] else 0 for p in parties},
        size=None if cert.bargaining_nonempty else 0,
        pareto=np.array(pareto, dtype=object),
        solutions=solutions,
        distance=distance,
        closest=np.array(closest, dtype=object),
        total_concession=total,
        pareto_size=pareto_size,
    )
    return barg, notes


def analyze_milp(model: Model, check: bool = True, frontier: bool = True) -> Analysis:
    """Verdict, certificate (no blocking map) and bargaining results by integer programming.

    ``check`` re-solves every MUS and MCS to confirm minimality; ``frontier`` computes the
    Pareto frontier of ``B`` by divide and conquer when it fits.
    """
    lm = linearize_model(model)
    cert, _ = certify_milp(lm, check=check)
    barg, notes = bargain_milp(lm, cert, frontier=frontier)
    notes["certificate"] = (
        "every witness outcome re-checked by direct evaluation"
        + ("; every MUS and MCS re-solved for incompatibility and minimality" if check else "")
        + "; claims that a set is incompatible rest on HiGHS")
    if model.sections.get("game") is not None and getattr(
            model.sections["game"], "postures", None) is not None and cert.bargaining_nonempty:
        notes["strategic"] = ("the posture game needs the enumerated bargaining set: verdict "
                              "left at agreement_possible; the enumeration backend decides open or "
                              "dilemma")
    return Analysis(model=model, verdict=verdict_of(cert), certificate=cert, bargaining=barg,
                    compiled=lm, backend="milp", notes=notes)
