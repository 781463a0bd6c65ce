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

In option form the moves are bit flips of the states' codes: the compiled model keeps an
:class:`~negotiation.gmcr.space.OptionSpace` (``space``) and builds a decision maker's move list,
and a state's label, only when something asks for it, so a million states compile in a fraction
of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import numpy as np

from negotiation._util.words import join_words
from negotiation.errors import InputError, ModelError, did_you_mean
from negotiation.gmcr.section import Conflict, feasible_codes
from negotiation.gmcr.space import (
    OptionSpace,
    code_ids,
    dense_rank,
    holds_on_codes,
    sorted_moves,
)
from negotiation.model.core import Model

__all__ = ["GraphModel", "compile_conflict", "graph_model"]


class Lazy(Sequence):
    """A read-only sequence whose items are made on first use and kept (the move lists and
    state labels of a large option-form model)."""

    def __init__(self, length: int, make: Callable[[int], object]):
        self._length, self._make, self._made = length, make, {}

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(self._length)[i]]
        i = range(self._length)[i]
        if i not in self._made:
            self._made[i] = self._make(i)
        return self._made[i]

    def __iter__(self) -> Iterator:
        return (self[i] for i in range(self._length))


@dataclass(frozen=True, eq=False)
class GraphModel:
    """A compiled graph model (see the module docstring)."""

    states: tuple[str, ...]
    labels: Sequence[str]
    dms: tuple[str, ...]
    dm_labels: tuple[str, ...]
    moves: Sequence[np.ndarray]         # per DM: (E_i, 2) int64 [from, to], sorted, unique
    levels: np.ndarray                  # (m, n) int64: higher is more preferred
    names: dict[str, int] = field(default_factory=dict)   # extra names of states
    status_quo: int | None = None
    codes: np.ndarray | None = None     # option form: (n,) decimal code of each state
    conflict: Conflict | None = None
    file: str = ""
    space: OptionSpace | None = None    # option form: moves as bit flips (never listed)

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
        if self.space is not None and len(name) == self.space.k and set(name) <= {"Y", "N"}:
            s = int(self.space.lookup[sum(1 << j for j, c in enumerate(name) if c == "Y")])
            if s >= 0:     # a feasible code: no need to build the index of every state
                return s
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
        levels = np.asarray(levels, dtype=np.int64)
        space = None if self.space is None else replace(self.space, levels=levels)
        return replace(self, levels=levels, space=space)


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


def _compile_graph(conflict: Conflict) -> GraphModel:
    index = {s: k for k, s in enumerate(conflict.states)}
    n = len(index)
    moves, levels = [], []
    for dm in conflict.decision_makers:
        pairs = np.array([[index[a], index[b]] for a, b in dm.moves], dtype=np.int64)
        moves.append(sorted_moves(pairs[:, 0], pairs[:, 1], n) if len(pairs)
                     else np.zeros((0, 2), dtype=np.int64))
        levels.append(_levels_from_ranking(dm.ranking, index, n))
    return GraphModel(
        states=conflict.states, labels=conflict.state_labels,
        dms=tuple(d.id for d in conflict.decision_makers),
        dm_labels=tuple(d.label for d in conflict.decision_makers),
        moves=tuple(moves), levels=np.array(levels, dtype=np.int64).reshape(-1, n),
        status_quo=None if conflict.status_quo is None else index[conflict.status_quo],
        conflict=conflict, file=conflict.file)


def _label_of(conflict: Conflict, codes: np.ndarray, state: int) -> str:
    """The label of state ``state`` of an option-form model (a module-level function, so that a
    graph model pickles for a process pool)."""
    return _option_label(conflict, codes[state])


def _compile_options(conflict: Conflict) -> GraphModel:
    options = conflict.options
    k = len(options)
    codes = feasible_codes(k, conflict.infeasible)
    lookup = np.full(1 << k, -1, dtype=np.int64)
    lookup[codes] = np.arange(len(codes))
    states = code_ids(codes, k)

    def state_of(code: str) -> int:
        return int(lookup[sum(1 << j for j, c in enumerate(code) if c == "Y")])

    names = {name: state_of(code) for name, code in conflict.names.items()}
    owned, levels, start, index = [], [], 0, {}
    for dm in conflict.decision_makers:
        owned.append(sum(1 << j for j in range(start, start + len(dm.options))))
        start += len(dm.options)
        if dm.ranking is not None:
            index = index or {s: j for j, s in enumerate(states)} | names
            levels.append(_levels_from_ranking(dm.ranking, index, len(codes)))
            continue
        # Option prioritisation: the score Σ 2^(K-k)·[statement k holds] orders the states as
        # their truth table read lexicographically; the levels are its dense ranks.
        score = np.zeros(len(codes), dtype=np.int64)
        for st in dm.statements:
            score = score * 2 + holds_on_codes(st.expr, k, codes)
        levels.append(dense_rank(score, len(dm.statements)))
    levels = np.array(levels, dtype=np.int64)
    irreversible = sum(1 << j for j, o in enumerate(options) if o.irreversible)
    space = OptionSpace(k, codes, lookup, tuple(owned), irreversible, levels)
    sq = conflict.status_quo
    status_quo = None if sq is None else names[sq] if sq in names else state_of(sq)
    return GraphModel(
        states=states, labels=Lazy(len(codes), partial(_label_of, conflict, codes)),
        dms=tuple(d.id for d in conflict.decision_makers),
        dm_labels=tuple(d.label for d in conflict.decision_makers),
        moves=Lazy(len(owned), space.move_list), levels=levels, names=names,
        status_quo=status_quo, codes=codes, conflict=conflict, file=conflict.file, space=space)


def _option_label(conflict: Conflict, code: int) -> str:
    """``Russia: continue the offensive; Ukraine: none; …`` — the options taken, by owner."""
    parts, taken = [], (int(code) >> j & 1 for j in range(len(conflict.options)))
    for dm in conflict.decision_makers:
        chosen = [o.label for o in dm.options if next(taken)]
        parts.append(f"{dm.label}: {', '.join(chosen) if chosen else 'none'}")
    return "; ".join(parts)
