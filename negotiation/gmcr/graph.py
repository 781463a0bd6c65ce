"""The compiled graph model: states, each decision maker's unilateral moves as ``(E_i, 2)`` arrays
of ``[from, to]`` state numbers, and preferences as integer *levels* (``t ≻_i s`` exactly when
``levels[i, t] > levels[i, s]``), built from a ``[conflict]`` section
(:mod:`negotiation.gmcr.section`).

>>> from negotiation.gmcr.section import parse_section
>>> from negotiation.model.table import Table
>>> conflict = parse_section(Table({"states": ["a", "b"], "decision_makers": [
...     {"id": "p", "moves": [["a", "b"]], "ranking": ["b", "a"]},
...     {"id": "q", "moves": [], "ranking": [["a", "b"]]}]}, "conflict", "demo.toml"), None)
>>> graph = compile_conflict(conflict)
>>> graph.states, graph.levels.tolist(), graph.moves[0].tolist()
(('a', 'b'), [[0, 1], [0, 0]], [[0, 1]])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from negotiation._util.words import join_words
from negotiation.errors import InputError, ModelError, did_you_mean
from negotiation.gmcr.section import Conflict, _code_text, feasible_codes
from negotiation.model import expressions
from negotiation.model.core import Model


@dataclass(frozen=True, eq=False)
class GraphModel:
    """A compiled graph model (see the module docstring)."""

    states: tuple[str, ...]
    labels: tuple[str, ...]
    dms: tuple[str, ...]
    dm_labels: tuple[str, ...]
    moves: tuple[np.ndarray, ...]       # per DM: (E_i, 2) int64 [from, to], sorted, unique
    levels: np.ndarray                  # (m, n) int64: higher is more preferred
    names: dict[str, int] = field(default_factory=dict)   # extra names of states
    status_quo: int | None = None
    codes: np.ndarray | None = None     # option form: (n,) decimal code of each state
    conflict: Conflict | None = None
    file: str = ""

    @property
    def n(self) -> int:
        return len(self.states)

    @property
    def m(self) -> int:
        return len(self.dms)

    @cached_property
    def index(self) -> dict[str, int]:
        return {s: k for k, s in enumerate(self.states)} | self.names

    def state(self, name: str, argument: str = "state") -> int:
        """The number of a state given by id (or, in option form, by name); ``argument`` names
        the parameter that gave it, for the error message."""
        if name in self.index:
            return self.index[name]
        raise InputError(f"no state '{name}'{did_you_mean(name, list(self.index))}",
                         argument=argument, value=name, file=self.file or None,
                         fix="name a state by its id" + (" (its Y/N code) or a name from "
                                                          "[conflict.names]" if self.codes
                                                          is not None else ""))

    def dm(self, name: str, argument: str = "decision_maker") -> int:
        """The number of a decision maker given by id."""
        if name in self.dms:
            return self.dms.index(name)
        raise InputError(f"no decision maker '{name}'{did_you_mean(name, self.dms)}",
                         argument=argument, value=name, file=self.file or None,
                         fix="use a decision-maker id: " + ", ".join(self.dms))

    def display(self, s: int) -> str:
        """A state's name for people: its name if it has one, else its id."""
        names = [k for k, v in self.names.items() if v == s]
        return names[0] if names else self.states[s]

    def change(self, a: int, b: int) -> str:
        """The step from state ``a`` to state ``b`` in words: in option form which options each
        decision maker takes up or withdraws (``Russia chooses to continue the offensive``), in
        graph form the state reached."""
        if self.codes is None or self.conflict is None:
            return f"to {self.display(b)}"
        parts, j = [], 0
        flipped = int(self.codes[a] ^ self.codes[b])
        for dm in self.conflict.decision_makers:
            up = [o.label for k, o in enumerate(dm.options, j)
                  if flipped >> k & 1 and self.codes[b] >> k & 1]
            down = [o.label for k, o in enumerate(dm.options, j)
                    if flipped >> k & 1 and not self.codes[b] >> k & 1]
            j += len(dm.options)
            # Option labels are verb phrases ("drop the demand for recognition"), so taking one
            # up reads "chooses to …" and withdrawing it "goes back on '…'" (no double negative).
            up_words = join_words(up)
            down_words = join_words([f"'{x}'" for x in down])
            words = ([f"chooses to {up_words}"] if up else []) + (
                [f"goes back on {down_words}"] if down else [])
            if words:
                parts.append(f"{dm.label} {' and '.join(words)}")
        return "; ".join(parts) if parts else "no change"

    def with_levels(self, levels: np.ndarray) -> GraphModel:
        """The same graph with other preferences (used by inverse analysis)."""
        return GraphModel(self.states, self.labels, self.dms, self.dm_labels, self.moves,
                          np.asarray(levels, dtype=np.int64), self.names, self.status_quo,
                          self.codes, self.conflict, self.file)


def graph_model(model: Model) -> GraphModel:
    """The compiled graph model of a loaded model file's ``[conflict]`` section."""
    conflict = model.sections.get("conflict")
    if conflict is None:
        raise ModelError("the model has no [conflict] section", file=model.path or None,
                         fix="write the conflict in graph form or option form (see "
                             "docs/gmcr.md)")
    return compile_conflict(conflict)


def compile_conflict(conflict: Conflict) -> GraphModel:
    """Turn a validated conflict (either form) into a :class:`GraphModel`."""
    if conflict.form == "graph":
        return _compile_graph(conflict)
    return _compile_options(conflict)


def _levels_from_ranking(ranking: tuple[tuple[str, ...], ...], index: dict[str, int],
                         n: int) -> np.ndarray:
    levels = np.empty(n, dtype=np.int64)
    for k, group in enumerate(ranking):
        levels[[index[s] for s in group]] = len(ranking) - 1 - k
    return levels


def _sorted_moves(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """``(E, 2)`` distinct moves ordered by (from, to)."""
    key = np.sort(np.asarray(src, dtype=np.int64) * n + np.asarray(dst, dtype=np.int64))
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key  # distinct
    return np.stack([key // n, key % n], axis=1)


def _compile_graph(conflict: Conflict) -> GraphModel:
    index = {s: k for k, s in enumerate(conflict.states)}
    n = len(index)
    moves, levels = [], []
    for dm in conflict.decision_makers:
        pairs = np.array([[index[a], index[b]] for a, b in dm.moves], dtype=np.int64)
        moves.append(_sorted_moves(pairs[:, 0], pairs[:, 1], n) if len(pairs)
                     else np.zeros((0, 2), dtype=np.int64))
        levels.append(_levels_from_ranking(dm.ranking, index, n))
    return GraphModel(
        states=conflict.states, labels=conflict.state_labels,
        dms=tuple(d.id for d in conflict.decision_makers),
        dm_labels=tuple(d.label for d in conflict.decision_makers),
        moves=tuple(moves), levels=np.array(levels, dtype=np.int64).reshape(-1, n),
        status_quo=None if conflict.status_quo is None else index[conflict.status_quo],
        conflict=conflict, file=conflict.file)


def _bits(codes: np.ndarray, k: int) -> np.ndarray:
    """``(n, k)`` option values (0 = N, 1 = Y) of each code."""
    return ((codes[:, None] >> np.arange(k)) & 1).astype(np.intp)


def _holds(expr: expressions.Expr, bits: np.ndarray) -> np.ndarray:
    """Where a condition over options holds, for each row of option values."""
    k = bits.shape[1]
    mask = np.broadcast_to(expressions.mask(expr, (2,) * k), (2,) * k)
    return mask[tuple(bits.T)]


def _compile_options(conflict: Conflict) -> GraphModel:
    options = conflict.options
    k = len(options)
    codes = feasible_codes(k, conflict.infeasible)
    lookup = np.full(1 << k, -1, dtype=np.int64)
    lookup[codes] = np.arange(len(codes))
    bits = _bits(codes, k)
    states = tuple(_code_text(int(c), k) for c in codes)
    index = {s: j for j, s in enumerate(states)}
    names = {name: index[code] for name, code in conflict.names.items()}
    index |= names
    irreversible = sum(1 << j for j, o in enumerate(options) if o.irreversible)
    moves, levels, start = [], [], 0
    for dm in conflict.decision_makers:
        own = sum(1 << j for j in range(start, start + len(dm.options)))
        start += len(dm.options)
        src_all, dst_all = [], []
        sub = own
        while sub:                        # every non-empty subset of the DM's options
            target = lookup[codes ^ sub]
            ok = (target >= 0) & ((codes & sub & irreversible) == 0)
            src_all.append(np.flatnonzero(ok))
            dst_all.append(target[ok])
            sub = (sub - 1) & own
        moves.append(_sorted_moves(np.concatenate(src_all), np.concatenate(dst_all),
                                   len(codes)))
        if dm.ranking is not None:
            levels.append(_levels_from_ranking(dm.ranking, index, len(codes)))
        else:
            truth = np.stack([_holds(s.expr, bits) for s in dm.statements], axis=1)
            levels.append(np.unique(truth, axis=0, return_inverse=True)[1].reshape(-1))
    labels = tuple(_option_label(conflict, row) for row in bits)
    status_quo = None if conflict.status_quo is None else index[conflict.status_quo]
    return GraphModel(
        states=states, labels=labels, dms=tuple(d.id for d in conflict.decision_makers),
        dm_labels=tuple(d.label for d in conflict.decision_makers), moves=tuple(moves),
        levels=np.array(levels, dtype=np.int64), names=names, status_quo=status_quo,
        codes=codes, conflict=conflict, file=conflict.file)


def _option_label(conflict: Conflict, row: np.ndarray) -> str:
    """``Russia: continue the offensive; Ukraine: none; …`` — the options taken, by owner."""
    parts, taken = [], iter(row)
    for dm in conflict.decision_makers:
        chosen = [o.label for o in dm.options if next(taken)]
        parts.append(f"{dm.label}: {', '.join(chosen) if chosen else 'none'}")
    return "; ".join(parts)
