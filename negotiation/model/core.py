"""The model: plain, immutable data mirroring a model file.

A model has issues (each with ordered levels), and parties. A party's *security logic*
``Λ_i = (R_i, v_i, d_i)`` is its red lines ``R_i``, its valuation ``v_i`` and its disagreement
value ``d_i`` (what no agreement is worth to it). A valuation is additive,
``v_i(x) = Σ_j w_ij · s_ij(x_j)``; a party may instead have several *registers* (the West:
normative, strategic, systemic), each with its own weights, scores and red lines, whose valuations
are combined with register weights. A register marked ``binding`` must itself be no worse off than
without agreement (its own individual-rationality constraint), so it cannot be traded away by the
others.

Every numeric parameter is a :class:`Param`: a value with its provenance (``source``,
``rationale``) and, optionally, a distribution describing its uncertainty.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from negotiation.model.expressions import Expr

__all__ = ["ConstraintSpec", "Coupling", "Distribution", "Feasibility", "Issue", "Level", "Model",
           "Param", "Party", "RedLine", "Register", "Supplier", "Valuation", "parameters"]


@dataclass(frozen=True)
class Distribution:
    """An uncertain parameter: ``kind`` is uniform, normal, triangular or beta.

    ``low``/``high`` bound the support (for ``normal`` they truncate it; for ``beta`` they scale
    the unit interval). ``mean``/``sd`` parametrise ``normal``, ``mode`` ``triangular``, and
    ``a``/``b`` ``beta``.
    """

    kind: str
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    mode: float | None = None
    a: float | None = None
    b: float | None = None

    def central(self) -> float:
        """The value used when the model is analysed without sampling."""
        if self.kind == "uniform":
            return (self.low + self.high) / 2
        if self.kind == "normal":
            return self.mean
        if self.kind == "triangular":
            return self.mode
        return self.low + (self.high - self.low) * self.a / (self.a + self.b)


@dataclass(frozen=True)
class Param:
    """A numeric parameter with its provenance.

    >>> Param(0.4, source="seed 000").value
    0.4
    """

    value: float
    source: str = ""
    rationale: str = ""
    dist: Distribution | None = None


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Issue:
    """One dimension of a settlement, with its levels in the order written in the file."""

    id: str
    label: str
    levels: tuple[Level, ...]
    description: str = ""
    source: str = ""
    rationale: str = ""

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.levels)


@dataclass(frozen=True)
class RedLine:
    """A minimum condition: a boolean expression over the issues that must hold."""

    id: str
    requires: str
    expr: Expr
    description: str
    revision_cost: float = 1.0
    source: str = ""
    rationale: str = ""
    register: str | None = None
    label: str = ""    # a few words for figures; defaults to the id in words
    binds: str = "final"          # "interim": also binds at the interim stages of a framework
    valid_from: str = ""          # first day the position held (ISO date; "" = always)
    valid_until: str = ""         # last day it held ("" = still holds)
    in_force: bool = True         # False: not held at the model's date (not a constraint)
    as_written: Expr | None = None  # the condition as written, when coupling rules rewrote
    #                                 `expr` to read effective levels (see model.coupling)


@dataclass(frozen=True)
class Feasibility:
    """A condition every settlement satisfies by construction (combinations that cannot exist,
    such as recognising Russian control of territory under a return to the 1991 borders).
    Not a party's constraint: it shapes the outcome space and is never revised."""

    id: str
    requires: str
    expr: Expr
    description: str
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Coupling:
    """A coupling rule: a level is only real when something else backs it.

    For the parties in ``parties``, wherever issue ``issue`` takes one of ``levels`` and the
    condition ``unless`` does not hold, the issue's *effective* level is ``counts_as``: their red
    lines and valuations read the effective level (e.g. a binding guarantee nobody would act on
    counts as a political assurance). Other parties read the level as written. ``unless`` reads
    the levels as written and never mentions ``issue``.
    """

    id: str
    issue: str
    levels: tuple[str, ...]
    counts_as: str
    unless: str
    unless_expr: Expr
    parties: tuple[str, ...]
    description: str = ""
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Supplier:
    """Who must act (``acts``) or refrain (``refrains``) for issue ``issue`` to take one of
    ``levels`` in a settlement: the parties supplying those levels."""

    issue: str
    levels: tuple[str, ...]
    acts: tuple[str, ...] = ()
    refrains: tuple[str, ...] = ()
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Valuation:
    """Additive valuation ``Σ_j weights[j] · scores[j][level]``; issues absent weigh nothing."""

    weights: Mapping[str, Param]
    scores: Mapping[str, Mapping[str, Param]]


@dataclass(frozen=True)
class Register:
    """One register of a party's logic (e.g. the West's normative, strategic, systemic)."""

    id: str
    label: str
    weight: Param
    binding: bool
    valuation: Valuation
    red_lines: tuple[RedLine, ...] = ()
    disagreement: Param | None = None
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Party:
    """A party and its security logic."""

    id: str
    label: str
    disagreement: Param
    valuation: Valuation | None
    red_lines: tuple[RedLine, ...] = ()
    registers: tuple[Register, ...] = ()
    ir_revision_cost: float = 1.0
    description: str = ""
    source: str = ""
    rationale: str = ""

    def register_floor(self, register: Register) -> Param:
        """A binding register's disagreement value: its own, else the party's."""
        return register.disagreement or self.disagreement

    def all_red_lines(self) -> tuple[RedLine, ...]:
        """The party's own red lines followed by each register's, in file order."""
        return self.red_lines + tuple(r for reg in self.registers for r in reg.red_lines)


@dataclass(frozen=True)
class ConstraintSpec:
    """One member of the constraint set ``C``: a red line or an individual-rationality floor.

    ``kind`` is ``"red_line"`` or ``"ir"``. For an IR constraint, ``register`` names the binding
    register whose floor it is, or is ``None`` for the party's own ``v_i ≥ d_i``.
    """

    id: str
    party: str
    kind: str
    description: str
    revision_cost: float
    register: str | None = None
    red_line: RedLine | None = None
    label: str = ""


@dataclass(frozen=True)
class Model:
    """A whole model file, validated. ``dropped`` lists constraint ids removed by ``--drop``."""

    name: str
    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    description: str = ""
    as_of: str = ""
    epsilon: float = 1e-9
    path: str = ""
    sha256: str = ""
    overrides: tuple[str, ...] = ()
    dropped: frozenset[str] = field(default_factory=frozenset)
    sections: Mapping[str, object] = field(default_factory=dict)
    feasibility: tuple[Feasibility, ...] = ()
    coupling: tuple[Coupling, ...] = ()
    suppliers: tuple[Supplier, ...] = ()
    status_quo: Mapping[str, str] | None = None   # issue -> level at the model's date
    date: str = ""                 # the date whose positions the model holds ("" = as_of)
    bases: tuple[tuple[str, str], ...] = ()       # (path, sha256) of variant base files
    # The parsed file (after --set), kept to rebuild the model at another date.
    document: Mapping | None = field(default=None, compare=False, repr=False)

    @property
    def positions_date(self) -> str:
        """The date whose positions the model holds: ``date``, else ``as_of``."""
        return self.date or self.as_of

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(issue.levels) for issue in self.issues)

    @property
    def n_outcomes(self) -> int:
        """Size of the product space (before feasibility conditions)."""
        n = 1
        for size in self.shape:
            n *= size
        return n

    def issue(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def constraints(self) -> Iterator[ConstraintSpec]:
        """The constraint set ``C`` in a fixed order: per party, its red lines then its IR floors.

        Constraint ids are ``<party>.<red_line>``, ``<party>.ir`` and, for a binding register,
        ``<party>.<register>.ir``. Constraints named in ``dropped`` are left out, and so are red
        lines not in force at the model's date (dated positions).
        """
        for party in self.parties:
            specs = [
                ConstraintSpec(
                    id=f"{party.id}.{rl.id}", party=party.id, kind="red_line",
                    description=rl.description, revision_cost=rl.revision_cost,
                    register=rl.register, red_line=rl, label=rl.label,
                )
                for rl in party.all_red_lines()
            ]
            specs.append(ConstraintSpec(
                id=f"{party.id}.ir", party=party.id, kind="ir",
                description=f"{party.label} prefers this settlement to no agreement",
                revision_cost=party.ir_revision_cost, label="no-deal value",
            ))
            for reg in party.registers:
                if reg.binding:
                    specs.append(ConstraintSpec(
                        id=f"{party.id}.{reg.id}.ir", party=party.id, kind="ir",
                        description=f"{party.label}'s binding {reg.label} register prefers this "
                                    "settlement to no agreement",
                        revision_cost=party.ir_revision_cost, register=reg.id,
                        label=f"{reg.label} no-deal value",
                    ))
            out = (s for s in specs if s.id not in self.dropped)
            yield from (s for s in out if s.red_line is None or s.red_line.in_force)

    def ir_floor(self, spec: ConstraintSpec) -> float:
        """The disagreement value an individual-rationality constraint compares with."""
        party = self.party(spec.party)
        if spec.register is None:
            return party.disagreement.value
        reg = next(r for r in party.registers if r.id == spec.register)
        return party.register_floor(reg).value

    def constraint_ids(self) -> tuple[str, ...]:
        """Every constraint id the model defines, including dropped ones and red lines not in
        force at the model's date."""
        ids = [c.id for c in replace(self, dropped=frozenset()).constraints()]
        ids += [f"{p.id}.{rl.id}" for p in self.parties for rl in p.all_red_lines()
                if not rl.in_force]
        return tuple(ids)


def _valuation_parameters(prefix: str, valuation: Valuation) -> Iterator[tuple[str, Param]]:
    for issue, weight in valuation.weights.items():
        yield f"{prefix}.weights.{issue}", weight
    for issue, scores in valuation.scores.items():
        for level, score in scores.items():
            yield f"{prefix}.scores.{issue}.{level}", score


def parameters(model: Model) -> dict[str, Param]:
    """Every numeric parameter by its ``--set`` path, in file order.

    Paths look like ``parties.russia.disagreement``, ``parties.russia.weights.alignment``,
    ``parties.russia.scores.alignment.neutral`` and
    ``parties.west.registers.systemic.weight``.
    """
    out: dict[str, Param] = {}
    for party in model.parties:
        base = f"parties.{party.id}"
        out[f"{base}.disagreement"] = party.disagreement
        if party.valuation is not None:
            out.update(_valuation_parameters(base, party.valuation))
        for reg in party.registers:
            rbase = f"{base}.registers.{reg.id}"
            out[f"{rbase}.weight"] = reg.weight
            if reg.disagreement is not None:
                out[f"{rbase}.disagreement"] = reg.disagreement
            out.update(_valuation_parameters(rbase, reg.valuation))
    return out
