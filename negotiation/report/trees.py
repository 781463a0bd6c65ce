"""Game trees and their equilibria as words, tables and JSON (``negotiation equilibria`` on a
``.efg`` file or a ``[tree]`` section).

Each subgame-perfect equilibrium is ``{"strategies": {player: {information_set: action}},
"path": [...], "play": [...], "payoffs": {player: value}, "pure": bool}`` where

- an information set's entry is the action's label when the player takes it with probability
  one; a ``{action: probability}`` object for a mixed (behaviour) choice; ``null`` when the
  player's own earlier choice excludes the information set and subgame perfection leaves it free;
- ``path`` lists the actions taken from the root while play is deterministic (it stops at the
  first chance node or mixed choice); ``play`` lists every terminal history reached with
  positive probability, with its probability, so chance and mixing are shown in full.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiation._util.words import counted
from negotiation.games.credibility import NashCheck, Threat
from negotiation.games.reduced import realisation
from negotiation.games.subgame_perfect import SPEResult
from negotiation.games.tree import DECISION, Tree
from negotiation.games.tree_equilibria import TreeEquilibria
from negotiation.report import games as game_report
from negotiation.report.tables import Table, rounded

__all__ = ["describe", "path_of", "spe_document", "strategies_of", "threat_text",
           "tree_document", "tree_tables", "tree_text"]

EPS = 1e-12
SCOPES = {
    "all": "the only one (no mover is ever indifferent)",
    "pure": "every pure one (mixtures of a mover's tied actions are subgame perfect too and "
            "are not listed)",
    "mixed": "every one built from the subgames' equilibria as the normal-form solver lists "
             "them (isolated equilibria and the extreme points of continua); a mover's tied "
             "actions as pure choices only",
}


def _clean(x: float) -> float:
    return rounded(float(x)) + 0.0


def strategies_of(tree: Tree, behaviour: np.ndarray) -> dict[str, dict[str, object]]:
    """``{player: {information set: action | {action: p} | None}}``."""
    out: dict[str, dict[str, object]] = {p: {} for p in tree.players}
    for h, key in enumerate(tree.infoset_key):
        probs = behaviour[tree.action_base[h]:tree.action_base[h + 1]]
        actions = tree.infoset_actions[h]
        if np.isnan(probs).any():
            value: object = None
        elif probs.max() >= 1 - EPS:
            value = actions[int(np.argmax(probs))]
        else:
            value = {a: _clean(p) for a, p in zip(actions, probs) if p > EPS}
        out[tree.players[tree.infoset_player[h]]][key] = value
    return out


def path_of(tree: Tree, behaviour: np.ndarray) -> list[str]:
    """Actions from the root while play is deterministic."""
    out, k = [], 0
    while tree.kind[k] == DECISION:
        h = tree.infoset[k]
        probs = behaviour[tree.action_base[h]:tree.action_base[h + 1]]
        if np.isnan(probs).any() or probs.max() < 1 - EPS:
            break
        a = int(np.argmax(probs))
        out.append(tree.infoset_actions[h][a])
        k = int(tree.children(k)[a])
    return out


def describe(tree: Tree, behaviour: np.ndarray, payoffs: np.ndarray) -> dict[str, Any]:
    """One equilibrium in the JSON shape of the module docstring."""
    real = realisation(tree, behaviour)
    leaves = tree.terminals
    reached = leaves[real[leaves] > EPS]
    b = behaviour[~np.isnan(behaviour)]
    return {
        "strategies": strategies_of(tree, behaviour),
        "path": path_of(tree, behaviour),
        "play": [{"actions": tree.path(int(z)), "probability": _clean(real[z])}
                 for z in reached],
        "payoffs": {p: _clean(v) for p, v in zip(tree.players, payoffs)},
        "pure": bool(np.all((np.abs(b) < EPS) | (np.abs(b - 1) < EPS))),
    }


def spe_document(spe: SPEResult) -> dict[str, Any]:
    """The subgame-perfect part of the JSON document."""
    return {
        "subgame_perfect": [describe(spe.tree, e.behaviour, e.payoffs) for e in spe.equilibria],
        "subgame_perfect_complete": spe.complete,
        "subgame_perfect_scope": spe.scope,
        "subgame_perfect_method": spe.method,
        "proper_subgames": spe.proper_subgames,
        "subgame_perfect_notes": list(spe.notes),
    }


def _threat_document(threat: Threat | None) -> dict[str, Any] | None:
    if threat is None:
        return None
    return {"player": threat.player, "subgame": list(threat.subgame), "at": threat.at,
            "prescribed": threat.prescribed, "prescribed_payoff": _clean(threat.prescribed_payoff),
            "better": threat.better, "better_payoff": _clean(threat.better_payoff),
            "text": threat_text(threat)}


def threat_text(threat: Threat) -> str:
    """Why a Nash equilibrium is not subgame perfect, in words."""
    after = " → ".join(threat.subgame) or "the root"
    return (f"not credible: in the subgame after {after}, {threat.player}'s strategy prescribes "
            f"{threat.prescribed} (payoff {threat.prescribed_payoff:.6g}) but {threat.better} "
            f"gives {threat.better_payoff:.6g}; the threat is never carried out because that "
            "subgame is off the equilibrium path")


def _check_document(result: TreeEquilibria, check: NashCheck) -> dict[str, Any]:
    tree, game = result.tree, result.normal.game
    return {
        "strategies": strategies_of(tree, check.behaviour),
        "plans": {p: {game.strategies[i][k]: _clean(check.sigma[i][k])
                      for k in np.flatnonzero(check.sigma[i] > EPS)}
                  for i, p in enumerate(tree.players)},
        "payoffs": {p: _clean(v) for p, v in zip(tree.players, check.payoffs)},
        "why": (_threat_document(check.threat) if check.threat is not None else
                {"text": "it matches none of the subgame-perfect equilibria found, and its "
                         "plans leave a proper subgame unspecified"}),
    }


def tree_document(result: TreeEquilibria) -> dict[str, Any]:
    """The JSON document of ``negotiation equilibria`` for a game tree: the normal-form keys
    (on the reduced normal form, where it was built) plus the subgame-perfect equilibria and the
    Nash equilibria that are not subgame perfect."""
    tree = result.tree
    doc: dict[str, Any] = {"players": list(tree.players)}
    if result.normal is not None:
        doc = game_report.document(result.normal)
        for entry, check in zip(doc["equilibria"], result.credibility.nash):
            entry["subgame_perfect"] = check.subgame_perfect
    doc.update(spe_document(result.spe))
    doc["nash_not_subgame_perfect"] = (
        None if result.credibility is None else
        [_check_document(result, c) for c in result.credibility.not_subgame_perfect])
    doc["nash_subgame_perfection_undecided"] = (
        None if result.credibility is None else
        [_check_document(result, c) for c in result.credibility.undecided])
    doc["notes"] = list(doc.get("notes", [])) + list(result.notes) + (
        list(result.credibility.notes) if result.credibility is not None else [])
    doc["tree"] = {
        "title": result.game.title, "players": list(tree.players), "nodes": tree.n_nodes,
        "terminal_nodes": len(tree.terminals), "information_sets": len(tree.infoset_key),
        "perfect_information": tree.perfect_information,
        "reduced_strategies": (None if result.form is None
                               else {p: len(pl.table) for p, pl in zip(tree.players,
                                                                       result.form.plans)}),
    }
    return doc


def _strategy_line(tree: Tree, behaviour: np.ndarray) -> str:
    parts = []
    for player, choices in strategies_of(tree, behaviour).items():
        shown = []
        for h, a in choices.items():
            if a is None:
                text = "any"
            elif isinstance(a, dict):
                text = ", ".join(f"{k} {game_report.probability_text(v)}" for k, v in a.items())
            else:
                text = str(a)
            shown.append(f"{h}: {text}")
        parts.append(f"{player} ({'; '.join(shown) or 'no move'})")
    return "; ".join(parts)


def _payoffs(values: np.ndarray) -> str:
    return ", ".join(f"{v:.4g}" for v in values)


def tree_text(result: TreeEquilibria, limit: int = 8) -> str:
    """``negotiation equilibria`` on a game tree, in words."""
    tree, spe = result.tree, result.spe
    lines = [f"{result.game.title or 'Game tree'} (extensive form)",
             f"  players: {', '.join(tree.players)}; {tree.n_nodes} nodes "
             f"({len(tree.terminals)} terminal), {len(tree.infoset_key)} information sets, "
             + ("perfect information" if tree.perfect_information else "imperfect information")
             + f"; {counted(spe.proper_subgames, 'proper subgame')}", ""]
    found = spe.equilibria
    lines.append(f"Subgame-perfect equilibria ({len(found)}):" if found
                 else "Subgame-perfect equilibria: none found.")
    for n, e in enumerate(found[:limit], 1):
        d = describe(tree, e.behaviour, e.payoffs)
        lines.append(f"  {n}. {_strategy_line(tree, e.behaviour)}")
        lines.append(f"     path: {' → '.join(d['path']) or '(starts with chance)'}"
                     f"; payoffs {_payoffs(e.payoffs)}")
    if len(found) > limit:
        lines.append(f"  ... and {len(found) - limit} more (the JSON document lists all)")
    lines.append(f"  Method: {spe.method}; {'complete' if spe.complete else 'NOT complete'}: "
                 f"{SCOPES.get(spe.scope, spe.scope)}.")
    lines += [f"  note: {note}" for note in spe.notes]
    lines.append("")
    if result.normal is None:
        lines += [f"note: {note}" for note in result.notes]
        return "\n".join(lines)
    normal, checks = result.normal, result.credibility
    game = normal.game
    lines.append(f"Reduced normal form: {' × '.join(str(s) for s in game.shape)} plans; "
                 f"{len(normal.pure)} pure and {len(normal.mixed)} mixed Nash equilibria "
                 f"({'complete' if normal.complete else 'NOT guaranteed complete'}; "
                 f"{game_report.METHOD_NAMES.get(normal.method, normal.method)}).")
    bad = [(e, c) for e, c in zip(normal.equilibria, checks.nash) if c.subgame_perfect is False]
    perfect = sum(c.subgame_perfect is True for c in checks.nash)
    if bad:
        lines.append(f"Nash equilibria that are not subgame perfect ({len(bad)}):")
    elif not checks.undecided:
        lines.append("Every Nash equilibrium found is subgame perfect.")
    else:
        lines.append(f"Subgame perfect: {perfect} of the {len(checks.nash)} Nash equilibria "
                     "found; none is shown not to be.")
    for n, (eq, c) in enumerate(bad[:limit], 1):
        why = threat_text(c.threat)
        lines.append(f"  {n}. {game_report.mixture_text(game, eq)} — payoffs "
                     f"{_payoffs(c.payoffs)} — {why}")
    if len(bad) > limit:
        lines.append(f"  ... and {len(bad) - limit} more (the JSON document lists all)")
    if checks.undecided:
        lines.append(f"  {len(checks.undecided)}{' more' if bad else ''} match no "
                     "subgame-perfect equilibrium "
                     "found but leave a proper subgame unspecified: subgame perfection "
                     "undecided for them.")
    lines += [f"  note: {note}" for note in (*normal.notes, *checks.notes, *result.notes)]
    return "\n".join(lines)


def tree_tables(result: TreeEquilibria) -> list[Table]:
    """The subgame-perfect equilibria, and (where built) the reduced normal form's payoffs and
    equilibria with whether each is subgame perfect."""
    tree = result.tree
    rows = tuple((n, _strategy_line(tree, e.behaviour),
                  " → ".join(path_of(tree, e.behaviour)),
                  *(rounded(float(v)) for v in e.payoffs))
                 for n, e in enumerate(result.spe.equilibria, 1))
    title = result.game.title or "the game tree"
    out = [Table("subgame_perfect",
                 f"Subgame-perfect equilibria of {title} "
                 f"({'complete' if result.spe.complete else 'not complete'}, "
                 f"{result.spe.scope})",
                 ("equilibrium", "strategies", "path", *(f"payoff to {p}" for p in tree.players)),
                 rows)]
    if result.normal is None:
        return out
    payoffs, equilibria = game_report.tables(result.normal)
    flags = [c.subgame_perfect for c in result.credibility.nash]
    equilibria = Table(equilibria.name, equilibria.caption,
                       (*equilibria.columns, "subgame perfect"),
                       tuple((*row, flag) for row, flag in zip(equilibria.rows, flags)))
    return out + [payoffs, equilibria]
