"""Two independent formulations of the four GMCR stability notions, for cross-checking
``negotiation.stability`` on small graph models. Neither shares code with it.

1. ``logical``: the definitions read literally (Fang, Hipel & Kilgour 1993), with Python sets.
   Coalition reachability ``R_H(s)`` is a breadth-first search over (state, last mover) pairs:
   a member may move again, just not twice in a row. With ``no_repeat=True`` it instead forbids
   any decision maker from moving twice in a sanction sequence — the rule one open
   implementation uses, kept here only to show that the tests can tell the two apart.
2. ``matrix``: the matrix representation of Xu, Hipel & Kilgour (2009), "Matrix representation
   of solution concepts in multiple-decision-maker graph models", IEEE Trans. SMC-A 39(1):
   96–108. ``J_i`` is ``i``'s reachability matrix, ``J_i⁺ = J_i ∘ P_i⁺`` its improvement matrix,
   ``P_i⁺(s, q) = 1`` iff ``q ≻_i s`` and ``P_i^{-,=}(s, q) = 1`` iff ``q ≾_i s``. Coalition
   reachability is built by the recursion ``M_k^(1) = J_k``,
   ``M_k^(t) = sign((Σ_{j∈H−k} M_j^(t−1)) · J_k)`` (``M_k^(t)(s, q) = 1`` iff ``q`` is reached
   from ``s`` by a legal sequence of ``t`` moves whose last mover is ``k``), ``M_H = sign(Σ_t Σ_k
   M_k^(t))``, and ``s`` is stable for ``i`` when the diagonal entry of

   - GMR: ``J_i⁺ · [E − sign(M_{N−i} · (P_i^{-,=})ᵀ)]``
   - SMR: ``J_i⁺ · [E − sign(M_{N−i} · ((P_i^{-,=})ᵀ ∘ [E − sign(J_i · (P_i⁺)ᵀ)]))]``
   - SEQ: ``J_i⁺ · [E − sign(M⁺_{N−i} · (P_i^{-,=})ᵀ)]``

   is zero (Nash: the row of ``J_i⁺`` is zero).

3. Coalition stability and status-quo analysis (docs/gmcr.md §3–4), read literally with the same
   breadth-first search: ``cnash``, ``cgmr``, ``cseq`` for one coalition and state,
   ``class_equilibria`` under a class of coalitions, and ``evolution``, the fewest steps to every
   state reachable from a start when nobody moves twice in a row.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from negotiation.gmcr.graph import GraphModel


def _successors(graph: GraphModel, k: int, improving: bool) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {s: set() for s in range(graph.n)}
    lv = graph.levels[k]
    for a, b in graph.moves[k].tolist():
        if not improving or lv[b] > lv[a]:
            out[a].add(b)
    return out


def _coalition_reach(graph, members, start, improving, no_repeat):
    succ = {k: _successors(graph, k, improving) for k in members}
    reached = set()
    if no_repeat:
        queue = deque([(start, frozenset())])
        seen = {(start, frozenset())}
        while queue:
            state, used = queue.popleft()
            for k in members:
                if k in used:
                    continue
                for nxt in succ[k][state]:
                    reached.add(nxt)
                    item = (nxt, used | {k})
                    if item not in seen:
                        seen.add(item)
                        queue.append(item)
        return reached
    queue = deque([(start, None)])
    seen = {(start, None)}
    while queue:
        state, last = queue.popleft()
        for k in members:
            if k == last:
                continue
            for nxt in succ[k][state]:
                reached.add(nxt)
                if (nxt, k) not in seen:
                    seen.add((nxt, k))
                    queue.append((nxt, k))
    return reached


def logical(graph: GraphModel, no_repeat: bool = False) -> np.ndarray:
    """``(4, m, n)`` stability by the logical definitions."""
    out = np.zeros((4, graph.m, graph.n), dtype=bool)
    for i in range(graph.m):
        lv = graph.levels[i]
        own = _successors(graph, i, improving=False)
        others = [k for k in range(graph.m) if k != i]
        for s in range(graph.n):
            uis = [s1 for s1 in own[s] if lv[s1] > lv[s]]
            gmr = smr = seq = True
            for s1 in uis:
                reach = _coalition_reach(graph, others, s1, False, no_repeat)
                credible = _coalition_reach(graph, others, s1, True, no_repeat)
                gmr &= any(lv[w] <= lv[s] for w in reach)
                smr &= any(lv[w] <= lv[s] and all(lv[x] <= lv[s] for x in own[w])
                           for w in reach)
                seq &= any(lv[w] <= lv[s] for w in credible)
            out[:, i, s] = (not uis, gmr, smr, seq)
    return out


def _sign(a: np.ndarray) -> np.ndarray:
    return (a > 0).astype(np.int64)


def _coalition_matrix(js: list[np.ndarray]) -> np.ndarray:
    """``M_H`` by the recursion of Xu, Hipel & Kilgour (2009), iterated until no new (state,
    last mover) pair appears (then none ever will)."""
    current = [j.copy() for j in js]
    union = [j.copy() for j in js]
    n = js[0].shape[0]
    for _ in range(n * len(js) + 1):
        nxt = []
        for k in range(len(js)):
            others = sum((current[j] for j in range(len(js)) if j != k),
                         np.zeros((n, n), dtype=np.int64))
            nxt.append(_sign(others @ js[k]))
        grown = [_sign(u + x) for u, x in zip(union, nxt)]
        if all((g == u).all() for g, u in zip(grown, union)):
            break
        current, union = nxt, grown
    return _sign(sum(union))


def matrix(graph: GraphModel) -> np.ndarray:
    """``(4, m, n)`` stability by the matrix representation."""
    n = graph.n
    e = np.ones((n, n), dtype=np.int64)
    j, jp, pp, pme = [], [], [], []
    for i in range(graph.m):
        a = np.zeros((n, n), dtype=np.int64)
        if len(graph.moves[i]):
            a[graph.moves[i][:, 0], graph.moves[i][:, 1]] = 1
        lv = graph.levels[i]
        plus = (lv[None, :] > lv[:, None]).astype(np.int64)
        j.append(a)
        pp.append(plus)
        pme.append((lv[None, :] <= lv[:, None]).astype(np.int64))
        jp.append(a * plus)
    out = np.zeros((4, graph.m, n), dtype=bool)
    for i in range(graph.m):
        others = [k for k in range(graph.m) if k != i]
        mh = _coalition_matrix([j[k] for k in others])
        mhp = _coalition_matrix([jp[k] for k in others])
        gmr = jp[i] @ (e - _sign(mh @ pme[i].T))
        escape_free = pme[i].T * (e - _sign(j[i] @ pp[i].T))
        smr = jp[i] @ (e - _sign(mh @ escape_free))
        seq = jp[i] @ (e - _sign(mhp @ pme[i].T))
        out[0, i] = jp[i].sum(axis=1) == 0
        out[1, i] = np.diag(gmr) == 0
        out[2, i] = np.diag(smr) == 0
        out[3, i] = np.diag(seq) == 0
    return out


def random_graph(rng: np.random.Generator, n: int, m: int) -> GraphModel:
    """A random graph model: each DM's moves an Erdős–Rényi digraph of random density,
    preferences random levels with ties."""
    moves, levels = [], []
    for _ in range(m):
        density = rng.uniform(0.05, 0.5)
        pick = (rng.random((n, n)) < density) & ~np.eye(n, dtype=bool)
        moves.append(np.argwhere(pick).astype(np.int64))
        levels.append(rng.integers(0, max(2, n // 2 + 1), size=n))
    return GraphModel(tuple(f"s{k}" for k in range(n)), tuple(f"s{k}" for k in range(n)),
                      tuple(f"dm{k}" for k in range(m)), tuple(f"DM {k}" for k in range(m)),
                      tuple(moves), np.array(levels, dtype=np.int64))


# ------------------------------------------------------------- coalitions and status quo


def coalition_improvements(graph: GraphModel, members, s: int) -> set[int]:
    """``R_H^{++}(s)``: reachable by the members' legal sequences, better for every member."""
    lv = graph.levels
    return {t for t in _coalition_reach(graph, list(members), s, False, False)
            if all(lv[i][t] > lv[i][s] for i in members)}


def _sanctioned(graph, members, s, t, credible):
    """Some ``u`` in ``{t} ∪ R_{N−H}(t)`` leaves some member no better off than at ``s``."""
    others = [k for k in range(graph.m) if k not in members]
    answers = {t} | (_coalition_reach(graph, others, t, credible, False) if others else set())
    return any(graph.levels[i][u] <= graph.levels[i][s] for u in answers for i in members)


def cnash(graph, members, s) -> bool:
    return not coalition_improvements(graph, members, s)


def cgmr(graph, members, s) -> bool:
    return all(_sanctioned(graph, members, s, t, False)
               for t in coalition_improvements(graph, members, s))


def cseq(graph, members, s) -> bool:
    return all(_sanctioned(graph, members, s, t, True)
               for t in coalition_improvements(graph, members, s))


COALITION_RULES = {"cnash": cnash, "cgmr": cgmr, "cseq": cseq}


def class_equilibria(graph, coalitions, notion) -> list[bool]:
    """Stable for every coalition of the class (give singletons to include individuals)."""
    rule = COALITION_RULES[notion]
    return [all(rule(graph, list(h), s) for h in coalitions) for s in range(graph.n)]


def evolution(graph: GraphModel, start: int, improving: bool) -> dict[int, int]:
    """``{state: fewest steps}`` over evolution paths from ``start`` (unilateral moves, or
    improvements for their mover, nobody twice in a row); the start at 0."""
    lv = graph.levels
    succ = [{s: [b for a, b in graph.moves[k].tolist() if a == s
                 and (not improving or lv[k][b] > lv[k][a])] for s in range(graph.n)}
            for k in range(graph.m)]
    best, seen = {start: 0}, {(start, None)}
    queue = deque([(start, None, 0)])
    while queue:
        state, last, d = queue.popleft()
        for k in range(graph.m):
            if k == last:
                continue
            for nxt in succ[k][state]:
                if (nxt, k) not in seen:
                    seen.add((nxt, k))
                    best.setdefault(nxt, d + 1)
                    queue.append((nxt, k, d + 1))
    return best
