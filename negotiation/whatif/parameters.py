"""A model's numeric parameters as a vector, and valuations for many parameter vectors at once.

Every numeric parameter (each weight, score and disagreement value; register weights) has a
position in a vector ``θ`` (order of :func:`negotiation.model.parameters`). For a batch of ``n``
parameter vectors this module computes, for every *valued row* (each party's valuation, then each
binding register's, as in :class:`~negotiation.compiled.CompiledModel`), per-issue contribution
tables ``E_j`` (``n × |L_j|``) with ``v(x) = Σ_j E_j[x_j]``, and the floors of the
individual-rationality constraints; the *slack* ``v_c(x) − d_c + ε`` of every floor on a set of
outcomes follows by gathering.

**Weights stay a distribution.** When some weights of a table are set explicitly (a sweep or a
threshold), the other weights of the same table are rescaled proportionally so that the table
still sums to 1; when weights are sampled, the table is divided by its sum. A point whose explicit
weights already exceed 1 is invalid (its slack is NaN).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiation.errors import ModelError, did_you_mean
from negotiation.model.compiled import CompiledModel
from negotiation.model.core import Model, Valuation, parameters
from negotiation.model.coupling import effective_levels

__all__ = ["ParameterSpace", "SlackEvaluator", "ir_rows"]


@dataclass(frozen=True)
class _Component:
    """One weighted valuation inside a valued row: ``scale · Σ_j w_j s_j``."""

    scale: int | None               # index of a register weight, or None for weight 1
    weights: dict[int, int]         # issue number -> parameter index
    scores: dict[int, list[int]]    # issue number -> parameter index per level


class ParameterSpace:
    """The numeric parameters of ``model`` and a batch evaluator of valuations."""

    def __init__(self, model: Model) -> None:
        self.model = model
        params = parameters(model)
        self.paths = list(params)
        self.params = list(params.values())
        self.base = np.array([p.value for p in self.params])
        pos = {path: n for n, path in enumerate(self.paths)}
        issue_no = {i.id: n for n, i in enumerate(model.issues)}
        self.tables: list[list[int]] = []

        def component(prefix: str, valuation: Valuation, scale: int | None) -> _Component:
            weights = {issue_no[i]: pos[f"{prefix}.weights.{i}"] for i in valuation.weights}
            self.tables.append(sorted(weights.values()))
            scores = {issue_no[i]: [pos[f"{prefix}.scores.{i}.{lv}"]
                                    for lv in model.issue(i).level_ids]
                      for i in valuation.weights}
            return _Component(scale, weights, scores)

        self.rows: list[list[_Component]] = []
        self.row_party: list[str] = []      # whose levels each valued row reads (coupling)
        binding: list[list[_Component]] = []
        binding_party: list[str] = []
        self.floors: list[int] = []
        binding_floors: list[int] = []
        for party in model.parties:
            base = f"parties.{party.id}"
            if party.valuation is not None:
                self.rows.append([component(base, party.valuation, None)])
            else:
                parts = []
                for reg in party.registers:
                    rbase = f"{base}.registers.{reg.id}"
                    parts.append(component(rbase, reg.valuation, pos[f"{rbase}.weight"]))
                    if reg.binding:
                        binding.append([component(rbase, reg.valuation, None)])
                        binding_party.append(party.id)
                        self.tables.pop()   # the same weights table, counted once
                        key = f"{rbase}.disagreement"
                        binding_floors.append(pos[key] if key in pos else
                                              pos[f"{base}.disagreement"])
                self.tables.append([pos[f"{base}.registers.{r.id}.weight"]
                                    for r in party.registers])
                self.rows.append(parts)
            self.floors.append(pos[f"{base}.disagreement"])
            self.row_party.append(party.id)
        self.rows += binding
        self.row_party += binding_party
        self.floors += binding_floors

    def index(self, path: str, file: str | None = None) -> int:
        """The position of parameter ``path``; a clear error for an unknown path."""
        if path not in self.paths:
            raise ModelError(f"no numeric parameter '{path}'{did_you_mean(path, self.paths)}",
                             file=file, key=path,
                             fix="name a weight, score or disagreement value by its path, e.g. "
                                 "parties.russia.disagreement")
        return self.paths.index(path)

    def normalise(self, theta: np.ndarray, fixed: Sequence[int] = (),
                  copy: bool = True) -> np.ndarray:
        """Make every weights table of every row of ``theta`` (``n × P``) sum to 1 (see module)."""
        theta = np.array(theta, dtype=float) if copy else theta
        fixed_set = set(fixed)
        for table in self.tables:
            pinned = [i for i in table if i in fixed_set]
            free = [i for i in table if i not in fixed_set]
            room = 1.0 - theta[:, pinned].sum(axis=1) if pinned else np.ones(len(theta))
            if not free:
                theta[np.abs(room) > 1e-9] = np.nan   # pinned weights alone must sum to 1
                continue
            total = theta[:, free].sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                scale = np.where(total > 0, room / total,
                                 np.where(np.abs(room) <= 1e-12, 0.0, np.nan))
            theta[:, free] *= scale[:, None]
            theta[room < -1e-12] = np.nan
        return theta

    def contributions(self, theta: np.ndarray) -> list[list[np.ndarray]]:
        """``E[row][j]`` (``n × |L_j|``): what issue ``j``'s level adds to the row's value."""
        shape = self.model.shape
        out = []
        for parts in self.rows:
            tables = [np.zeros((len(theta), size)) for size in shape]
            for comp in parts:
                scale = theta[:, comp.scale] if comp.scale is not None else 1.0
                for j, w in comp.weights.items():
                    factor = theta[:, w] * scale
                    tables[j] += factor[:, None] * theta[:, comp.scores[j]]
            out.append(tables)
        return out

    def slack(self, theta: np.ndarray, levels: np.ndarray, compiled: CompiledModel
              ) -> np.ndarray:
        """``(n, q, |X|)``: ``v_c(x) − d_c + ε`` for every IR constraint ``c`` still in force
        (in the compiled model's constraint order) at the outcomes with level numbers
        ``levels`` (``|X| × k``)."""
        return SlackEvaluator(self, ir_rows(compiled), levels)(theta)

    def varying_rows(self, columns: Sequence[int]) -> set[int]:
        """Valued rows whose value or floor depends on any parameter in ``columns``."""
        cols = set(columns)
        touched = set()
        for r, parts in enumerate(self.rows):
            used = {self.floors[r]}
            for comp in parts:
                used |= set(comp.weights.values()) | {i for v in comp.scores.values() for i in v}
                if comp.scale is not None:
                    used.add(comp.scale)
            if used & cols:
                touched.add(r)
        return touched


def ir_rows(compiled: CompiledModel) -> np.ndarray:
    """The valued row read by each IR constraint still in force, in constraint order."""
    return compiled.value_row[compiled.value_row >= 0].astype(int)


class SlackEvaluator:
    """Slack of every IR floor on a fixed set of outcomes, for batches of parameter vectors.

    Components whose weights and scores do not vary (``varying`` lists the parameter columns
    that do) are evaluated once on the outcome set; per batch they cost one multiply-add.
    """

    def __init__(self, space: ParameterSpace, rows: np.ndarray, levels: np.ndarray,
                 varying: Sequence[int] | None = None,
                 reference: np.ndarray | None = None) -> None:
        self.space = space
        self.rows = [int(r) for r in rows]
        # With a reference settlement (level numbers), its value is carried as one extra column
        # so that concession decay can discount gains over it (see negotiation.dynamics).
        self.decays = reference is not None
        levels = np.vstack([levels, reference[None, :]]) if self.decays else levels
        self.levels = levels
        # Each row reads its party's effective levels when coupling rules apply to it.
        model = space.model
        self.row_levels = [effective_levels(model, pid, levels) if model.coupling else levels
                           for pid in space.row_party]
        vary = set(range(len(space.base))) if varying is None else set(varying)
        base = space.base[None, :]
        self.static: list[list[tuple[int | None, np.ndarray]]] = []
        self.dynamic: list[list[_Component]] = []
        for parts, levels in zip(space.rows, self.row_levels):
            static, dynamic = [], []
            for comp in parts:
                inner = set(comp.weights.values()) | {i for v in comp.scores.values() for i in v}
                if inner & vary:
                    dynamic.append(comp)
                else:
                    vec = np.zeros(len(levels))
                    for j, w in comp.weights.items():
                        vec += base[0, w] * base[0, comp.scores[j]][levels[:, j]]
                    static.append((comp.scale, vec))
            self.static.append(static)
            self.dynamic.append(dynamic)

    def value(self, theta: np.ndarray, row: int) -> np.ndarray:
        """``(n, |X|)``: the row's valuation at each outcome for each parameter vector."""
        out = np.zeros((len(theta), len(self.levels)))
        for scale, vec in self.static[row]:
            factor = theta[:, scale][:, None] if scale is not None else 1.0
            out += factor * vec[None, :]
        for comp in self.dynamic[row]:
            factor = theta[:, comp.scale] if comp.scale is not None else np.ones(len(theta))
            for j, w in comp.weights.items():
                table = (factor * theta[:, w])[:, None] * theta[:, comp.scores[j]]
                levels = self.row_levels[row]
                out += np.take_along_axis(
                    table, np.broadcast_to(levels[:, j], (len(theta), len(levels))), axis=1)
        return out

    @property
    def size(self) -> int:
        """Number of outcomes evaluated (the reference column excluded)."""
        return len(self.levels) - self.decays

    def __call__(self, theta: np.ndarray, kappa: np.ndarray | None = None) -> np.ndarray:
        out = np.empty((len(theta), len(self.rows), self.size))
        for k, met in enumerate(self._slacks(theta, kappa)):
            out[:, k, :] = met
        return out

    def values(self, theta: np.ndarray, row: int, kappa: np.ndarray | None = None
               ) -> np.ndarray:
        """``(n, |X|)``: the row's valuation, gains over the reference discounted by
        ``kappa`` (``n``) when given."""
        value = self.value(theta, row)
        if not self.decays:
            return value
        gain = np.maximum(value[:, :-1] - value[:, -1:], 0.0)
        out = value[:, :-1]
        if kappa is not None:
            out = out - kappa[:, None] * gain
        return out

    def _slacks(self, theta: np.ndarray, kappa: np.ndarray | None = None):
        """Each floor's slack in turn, ``(n, |X|)``, computing each valued row once."""
        cache: dict[int, np.ndarray] = {}
        for row in self.rows:
            if row not in cache:
                cache[row] = self.values(theta, row, kappa)
            floor = theta[:, self.space.floors[row]][:, None]
            yield cache[row] - (floor - self.space.model.epsilon)

    def accepted(self, theta: np.ndarray, kappa: np.ndarray | None = None) -> np.ndarray:
        """``(n, |X|)``: where every floor is met."""
        ok = np.ones((len(theta), self.size), dtype=bool)
        for slack in self._slacks(theta, kappa):
            ok &= slack >= 0
        return ok

    def met_keys(self, theta: np.ndarray) -> np.ndarray:
        """``(n, |X|)``: bit ``k`` set where floor ``k`` is met."""
        keys = np.zeros((len(theta), self.size), dtype=np.int64)
        for k, slack in enumerate(self._slacks(theta)):
            keys |= (slack >= 0).astype(np.int64) << k
        return keys
