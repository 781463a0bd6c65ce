"""Time: attrition, elections, erosion of red lines, and ripeness.

A model's ``[dynamics]`` section (see README, "Time and ripeness") makes the logics move period
by period ``t = 0, 1, …, T``:

- **Attrition.** Party ``i`` incurs cost ``c_i`` each period, multiplied by ``exhaustion_factor``
  once its accumulated cost ``C_i`` has reached ``exhaustion``; a battlefield ``trend`` moves what
  war is worth. Its disagreement value is ``d_i(t) = d_i(0) + trend_i · t − C_i(t)``; the floors of
  its binding registers move by the same amount.
- **Elections.** At an election (a first period and, optionally, a cycle) a register's weight
  shifts by ``shift`` (a number or a distribution, drawn afresh at each election), the party's
  other registers rescaled proportionally; the change persists.
- **Erosion.** A red line may erode: in period ``t`` it is given up with probability
  ``h(t) = base + per_cost · C_i(t) / revision_cost`` (clipped to [0, 1]); revision cost is the
  resistance. Monte Carlo paths draw the erosion; the deterministic path erodes a line at its
  median time (when the cumulative probability ``1 − Π_s (1 − h(s))`` first reaches one half).
- **Concession decay.** Concessions weigh less the later they come: each valuation's gain over
  the continued-war ``reference`` settlement is discounted, ``v(x, t) = v(x) − κ_t · (v(x) −
  v(ref))⁺`` with ``κ_t = 1 − (1 − decay)^t``.

Period ``t`` is **ripe** when the bargaining set is non-empty. A party is *hurting* when war is
worth less to it than in the previous period (``d_i(t) < d_i(t − 1)``); the stalemate is
*mutually hurting* when every party is (Zartman's first condition; ripeness in the engine's sense
is the second, a way out). Acceptability is the static engine's: red lines through the compiled
masks, floors through :class:`~negotiation.parametric.SlackEvaluator`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from negotiation.errors import ModelError, did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Model, Param
from negotiation.model.table import Table


@dataclass(frozen=True)
class PartyDynamics:
    party: str
    cost: Param
    trend: Param
    exhaustion: Param | None
    exhaustion_factor: Param


@dataclass(frozen=True)
class Election:
    id: str
    party: str
    register: str
    first: int
    every: int | None
    shift: Param
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Erosion:
    id: str
    constraint: str
    base: Param
    per_cost: Param
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Dynamics:
    period: str
    parties: dict[str, PartyDynamics]
    elections: tuple[Election, ...]
    erosion: tuple[Erosion, ...]
    decay: Param
    reference: dict[str, str] | None
    source: str = ""
    rationale: str = ""

    def parameters(self) -> dict[str, Param]:
        """Every numeric parameter of the dynamics by its ``--set`` path."""
        out: dict[str, Param] = {"dynamics.decay": self.decay}
        for pid, pd in self.parties.items():
            base = f"dynamics.parties.{pid}"
            out[f"{base}.cost"] = pd.cost
            out[f"{base}.trend"] = pd.trend
            if pd.exhaustion is not None:
                out[f"{base}.exhaustion"] = pd.exhaustion
                out[f"{base}.exhaustion_factor"] = pd.exhaustion_factor
        for e in self.elections:
            out[f"dynamics.elections.{e.id}.shift"] = e.shift
        for e in self.erosion:
            out[f"dynamics.erosion.{e.id}.base"] = e.base
            out[f"dynamics.erosion.{e.id}.per_cost"] = e.per_cost
        return out


def load_section(table: Table, model: Model) -> Dynamics:
    """Parse and validate ``[dynamics]`` (registered in ``loading.SECTION_PARSERS``)."""
    if not isinstance(table, Table):
        raise ModelError("[dynamics] must be a table", key="dynamics")
    party_ids = [p.id for p in model.parties]
    zero = Param(0.0, "default", "not declared")
    parties = {}
    pt = table.table("parties")
    for pid in (pt.data if pt is not None else {}):
        if pid not in party_ids:
            raise pt.error(pid, f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
        sub = pt.table(pid)
        exhaustion = sub.param("exhaustion", low=0.0, required=False)
        parties[pid] = PartyDynamics(
            pid, sub.param("cost", low=0.0, required=False) or zero,
            sub.param("trend", required=False) or zero, exhaustion,
            sub.param("exhaustion_factor", low=1.0, required=False) or Param(1.0),
        )
        for key in ("source", "rationale"):
            sub.string(key)
        sub.finish()
    for pid in party_ids:
        parties.setdefault(pid, PartyDynamics(pid, zero, zero, None, Param(1.0)))

    elections = []
    for et in table.tables("elections"):
        ident = et.ident()
        pid = et.string("party", required=True)
        if pid not in party_ids:
            raise et.error("party", f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
        regs = [r.id for r in model.party(pid).registers]
        reg = et.string("register", required=True)
        if reg not in regs:
            raise et.error("register", f"'{pid}' has no register '{reg}'"
                           f"{did_you_mean(reg, regs)}",
                           fix="elections shift the weight of one of the party's registers")
        first, every = et.number("first", low=1, required=True), et.number("every", default=0.0,
                                                                           low=0)
        for key, value in (("first", first), ("every", every)):
            if not float(value).is_integer():
                raise et.error(key, f"{value:g} is not a whole number of periods",
                               fix="count periods in whole numbers")
        first = int(first)
        elections.append(Election(ident, pid, reg, first, int(every) or None,
                                  et.param("shift", low=-1.0, high=1.0),
                                  et.string("source"), et.string("rationale")))
        et.finish()

    ids = [c.id for c in model.constraints() if c.kind == "red_line"]
    costs = {c.id: c.revision_cost for c in model.constraints()}
    erosion = []
    for rt in table.tables("erosion"):
        ident = rt.ident()
        cid = rt.string("red_line", required=True)
        if cid not in ids:
            raise rt.error("red_line", f"no red line '{cid}'{did_you_mean(cid, ids)}",
                           fix="name a red line as PARTY.RED_LINE")
        if costs[cid] <= 0:
            raise rt.error("red_line", f"'{cid}' has revision cost 0, so nothing resists its "
                           "erosion", fix="give the red line a positive revision_cost")
        if len(erosion) == 62:
            raise rt.error(None, "more than 62 erosion rules",
                           fix="let at most 62 red lines erode (the erosion state is a bitmask)")
        erosion.append(Erosion(ident, cid, rt.param("base", 0.0, 1.0, required=False) or zero,
                               rt.param("per_cost", low=0.0), rt.string("source"),
                               rt.string("rationale")))
        rt.finish()

    reference = None
    ref_t = table.table("reference")
    if ref_t is not None:
        reference = {}
        for issue in model.issues:
            level = ref_t.string(issue.id, required=True)
            if level not in issue.level_ids:
                raise ref_t.error(issue.id, f"unknown level '{level}'"
                                  f"{did_you_mean(level, issue.level_ids)}")
            reference[issue.id] = level
        for key in ("source", "rationale"):
            ref_t.string(key)
        ref_t.finish()
        levels = [i.level_ids.index(reference[i.id]) for i in model.issues]
        for rule in model.feasibility:
            if not expressions.holds(rule.expr, levels):
                raise ref_t.error(None, f"the reference settlement breaks the feasibility "
                                  f"condition '{rule.id}'",
                                  fix="choose a reference settlement that can exist")
    decay = table.param("decay", 0.0, 1.0, required=False) or zero
    if decay.value > 0 or decay.dist is not None:
        if reference is None:
            raise table.error("reference", "concession decay needs a reference settlement",
                              fix="add [dynamics.reference] with a level for every issue")
    out = Dynamics(table.string("period", "period"), parties, tuple(elections),
                   tuple(erosion), decay, reference, table.string("source"),
                   table.string("rationale"))
    table.finish()
    return out


def _scale(p: Param, factor: float) -> Param:
    dist = p.dist
    if factor == 0:
        return replace(p, value=0.0, dist=None)
    if dist is not None:
        dist = replace(dist, **{k: getattr(dist, k) * factor for k in ("low", "high", "mean",
                                                                       "sd", "mode")
                                if getattr(dist, k) is not None})
    return replace(p, value=p.value * factor, dist=dist)


def scaled(dyn: Dynamics, erosion: float = 1.0, cost: float = 1.0) -> Dynamics:
    """The dynamics with every erosion rate and every cost of war multiplied (for sensitivity)."""
    parties = {pid: replace(pd, cost=_scale(pd.cost, cost)) for pid, pd in dyn.parties.items()}
    rules = tuple(replace(r, base=_scale(r.base, erosion), per_cost=_scale(r.per_cost, erosion))
                  for r in dyn.erosion)
    return replace(dyn, parties=parties, erosion=rules)
