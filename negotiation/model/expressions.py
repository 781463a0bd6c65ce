"""The red-line expression language: parse, check, print, and compile to masks.

Grammar (a whitelist over Python's expression syntax, read with :mod:`ast`; nothing is ever
evaluated by Python)::

    expr    := expr 'or' expr | expr 'and' expr | 'not' expr | '(' expr ')' | 'true' | 'false'
             | issue OP level | level OP issue | issue 'in' '(' level, ... ')'
             | issue 'not in' '(' level, ... ')'
    OP      := '==' | '!=' | '<' | '<=' | '>' | '>='

Ordinal comparisons use the order in which an issue's levels are written in the model file:
an earlier level is *less than* a later one. Every comparison reduces to "issue ``j`` takes one of
the levels in a set ``S``" (:class:`In`), so a parsed expression is a tree of :class:`In`,
:class:`And`, :class:`Or`, :class:`Not` and :class:`Const` nodes.

>>> issues = {"alignment": ("nato_member", "open_door", "neutral")}
>>> e = parse("alignment > nato_member and not alignment == neutral", issues)
>>> to_text(e, issues)
'alignment != nato_member and not alignment == neutral'
>>> mask(e, (3,)).tolist()
[False, True, False]
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from negotiation.errors import ModelError, did_you_mean

__all__ = ["And", "Const", "Expr", "In", "MAX_LENGTH", "Not", "Or", "RESERVED", "holds",
           "issues_used", "mask", "parse", "to_text"]


@dataclass(frozen=True)
class In:
    """Issue number ``issue`` takes one of the level numbers in ``levels``."""

    issue: int
    levels: frozenset[int]


@dataclass(frozen=True)
class And:
    terms: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    terms: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    term: Expr


@dataclass(frozen=True)
class Const:
    value: bool


Expr = In | And | Or | Not | Const

_ORDINAL = {
    ast.Eq: lambda i, n: {i},
    ast.NotEq: lambda i, n: set(range(n)) - {i},
    ast.Lt: lambda i, n: set(range(i)),
    ast.LtE: lambda i, n: set(range(i + 1)),
    ast.Gt: lambda i, n: set(range(i + 1, n)),
    ast.GtE: lambda i, n: set(range(i, n)),
}
# Reading `level OP issue` as `issue OP' level`.
_FLIP = {ast.Eq: ast.Eq, ast.NotEq: ast.NotEq, ast.Lt: ast.Gt, ast.LtE: ast.GtE,
         ast.Gt: ast.Lt, ast.GtE: ast.LtE}
RESERVED = frozenset({"true", "false", "and", "or", "not", "in"})
MAX_LENGTH = 20_000


def parse(text: str, issues: Mapping[str, Sequence[str]]) -> Expr:
    """Parse ``text`` against ``issues`` (issue id → level ids in order).

    Raises :class:`ModelError` (without file or key; the caller adds them) naming the problem
    and the fix.

    >>> parse("alignment in (neutral)", {"alignment": ("nato", "neutral")})
    In(issue=0, levels=frozenset({1}))
    >>> parse("alignment == natoo", {"alignment": ("nato", "neutral")})
    Traceback (most recent call last):
    ...
    negotiation.errors.ModelError: unknown level 'natoo' of issue 'alignment'; did you mean 'nato'?
      fix: write one of the issue's levels: 'nato', 'neutral'
    """
    if not isinstance(text, str) or not text.strip():
        raise ModelError("empty condition", fix="write a condition such as 'alignment == neutral'")
    if len(text) > MAX_LENGTH:
        raise ModelError(f"condition of {len(text):,} characters (at most {MAX_LENGTH:,})",
                         fix="split it into several red lines")
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return _Parser(issues).node(tree.body)
    except SyntaxError as err:
        hint = "compare with '==' (not '='), combine with 'and', 'or', 'not' and parentheses"
        raise ModelError(f"cannot read condition {text.strip()[:80]!r}: {err.msg}",
                         fix=hint) from None
    except (RecursionError, MemoryError):
        raise ModelError("the condition is nested too deeply",
                         fix="flatten it, or split it into several red lines") from None


class _Parser:
    def __init__(self, issues: Mapping[str, Sequence[str]]) -> None:
        self.issues = {k: tuple(v) for k, v in issues.items()}
        self.index = {k: n for n, k in enumerate(self.issues)}

    def node(self, node: ast.AST) -> Expr:
        if isinstance(node, ast.BoolOp):
            terms = tuple(self.node(v) for v in node.values)
            return And(terms) if isinstance(node.op, ast.And) else Or(terms)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Not(self.node(node.operand))
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            parts = [self.compare(a, op, b) for a, op, b in zip(operands, node.ops, operands[1:])]
            return parts[0] if len(parts) == 1 else And(tuple(parts))
        if isinstance(node, ast.Name) and node.id in ("true", "false"):
            return Const(node.id == "true")
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return Const(node.value)
        if isinstance(node, ast.Name) and node.id in self.issues:
            raise ModelError(
                f"issue '{node.id}' on its own is not a condition",
                fix=f"compare it with a level, e.g. '{node.id} == {self.issues[node.id][0]}'",
            )
        raise ModelError(
            f"'{ast.unparse(node)}' is not allowed in a condition",
            fix="use comparisons of an issue with a level (==, !=, <, <=, >, >=, in, not in), "
                "'and', 'or', 'not', parentheses, true and false",
        )

    def name(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return None

    def compare(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> Expr:
        op_type = type(op)
        for side in (left, right):
            if not (self.name(side) is not None or (
                    op_type in (ast.In, ast.NotIn) and side is right
                    and isinstance(side, (ast.Tuple, ast.List, ast.Set)))):
                raise ModelError(
                    f"'{ast.unparse(side)}' is not allowed in a comparison",
                    fix="compare an issue with one of its levels, e.g. 'alignment == neutral', "
                        "or list levels: 'alignment in (a, b)'",
                )
        if op_type in (ast.In, ast.NotIn):
            issue = self.issue_name(left, right)
            elements = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
            levels = frozenset(self.level(issue, e) for e in elements)
            if op_type is ast.NotIn:
                levels = frozenset(range(len(self.issues[issue]))) - levels
            return In(self.index[issue], levels)
        if op_type not in _ORDINAL:
            word = "is not" if op_type is ast.IsNot else "is"
            raise ModelError(f"operator '{word}' is not allowed",
                             fix="use ==, !=, <, <=, >, >=, in or not in")
        a, b = self.name(left), self.name(right)
        if a in self.issues and b in self.issues and b not in self.issues[a] \
                and a not in self.issues[b]:
            raise ModelError(f"compares issue '{a}' with issue '{b}'",
                             fix="each comparison needs an issue on one side and one of its "
                                 "levels on the other")
        if a in self.issues and (b not in self.issues or b in self.issues[a]):
            issue, level_node = a, right
        elif b in self.issues:
            issue, level_node, op_type = b, left, _FLIP[op_type]
        else:
            shown = a if a is not None else ast.unparse(left)
            raise ModelError(
                f"'{shown}' is not an issue{did_you_mean(shown, self.issues)}",
                fix="each comparison needs an issue on one side and one of its levels on the other",
            )
        level = self.level(issue, level_node)
        n = len(self.issues[issue])
        return In(self.index[issue], frozenset(_ORDINAL[op_type](level, n)))

    def issue_name(self, left: ast.AST, right: ast.AST) -> str:
        name = self.name(left)
        if name in self.issues:
            return name
        shown = name if name is not None else ast.unparse(left)
        raise ModelError(
            f"'{shown}' is not an issue{did_you_mean(shown, self.issues)}",
            fix=f"write 'ISSUE in (LEVEL, ...)', e.g. '{next(iter(self.issues))} in (...)'",
        )

    def level(self, issue: str, node: ast.AST) -> int:
        name = self.name(node)
        levels = self.issues[issue]
        if name in levels:
            return levels.index(name)
        shown = name if name is not None else ast.unparse(node)
        raise ModelError(
            f"unknown level '{shown}' of issue '{issue}'{did_you_mean(shown, levels)}",
            fix="write one of the issue's levels: " + ", ".join(f"'{lv}'" for lv in levels),
        )


def mask(expr: Expr, shape: Sequence[int]) -> np.ndarray:
    """Where ``expr`` holds, as a boolean array *broadcastable* to the outcome space ``shape``.

    Axis ``j`` of the result has length 1 unless the expression depends on issue ``j``, so a
    condition on one issue costs an array of that issue's levels, not of the whole space.

    >>> mask(In(1, frozenset({0})), (2, 3)).shape
    (1, 3)
    """
    k = len(shape)

    def go(e: Expr) -> np.ndarray:
        if isinstance(e, In):
            vec = np.zeros(shape[e.issue], dtype=bool)
            vec[sorted(e.levels)] = True
            target = [1] * k
            target[e.issue] = shape[e.issue]
            return vec.reshape(target)
        if isinstance(e, Const):
            return np.full((1,) * k, e.value, dtype=bool)
        if isinstance(e, Not):
            return ~go(e.term)
        combine = np.logical_and if isinstance(e, And) else np.logical_or
        result = go(e.terms[0])
        for term in e.terms[1:]:
            result = combine(result, go(term))
        return result

    return go(expr)


def holds(expr: Expr, levels: Sequence[int]) -> bool:
    """Whether ``expr`` holds at one outcome, given as level numbers per issue.

    A plain tree walk, independent of :func:`mask`; certificate verification uses it.

    >>> holds(Or((In(0, frozenset({1})), Const(False))), (1, 0))
    True
    """
    if isinstance(expr, In):
        return levels[expr.issue] in expr.levels
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Not):
        return not holds(expr.term, levels)
    if isinstance(expr, And):
        return all(holds(t, levels) for t in expr.terms)
    return any(holds(t, levels) for t in expr.terms)


def issues_used(expr: Expr) -> frozenset[int]:
    """The issue numbers an expression depends on."""
    if isinstance(expr, In):
        return frozenset({expr.issue})
    if isinstance(expr, Const):
        return frozenset()
    if isinstance(expr, Not):
        return issues_used(expr.term)
    return frozenset().union(*(issues_used(t) for t in expr.terms))


def _leaf_text(e: In, issue: str, levels: Sequence[str]) -> str:
    chosen = sorted(e.levels)
    n = len(levels)
    if len(chosen) == 1:
        return f"{issue} == {levels[chosen[0]]}"
    if len(chosen) == n - 1:
        (missing,) = set(range(n)) - set(chosen)
        return f"{issue} != {levels[missing]}"
    if chosen and chosen == list(range(chosen[-1] + 1)):
        return f"{issue} <= {levels[chosen[-1]]}"
    if chosen and chosen == list(range(chosen[0], n)):
        return f"{issue} >= {levels[chosen[0]]}"
    if not chosen:
        return "false"
    return f"{issue} in ({', '.join(levels[i] for i in chosen)})"


def to_text(expr: Expr, issues: Mapping[str, Sequence[str]]) -> str:
    """A canonical text form of ``expr`` that :func:`parse` reads back to the same sets."""
    names = list(issues)

    def go(e: Expr, parent: int) -> str:
        if isinstance(e, In):
            return _leaf_text(e, names[e.issue], issues[names[e.issue]])
        if isinstance(e, Const):
            return "true" if e.value else "false"
        if isinstance(e, Not):
            return "not " + go(e.term, 3)
        prec, word = (2, " and ") if isinstance(e, And) else (1, " or ")
        text = word.join(go(t, prec) for t in e.terms)
        return f"({text})" if prec < parent else text

    return go(expr, 0)
