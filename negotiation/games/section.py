"""The ``[game]`` section of a model file, and reading a game from a file (model or ``.nfg``).

Two forms (README, "Strategic games and equilibria"; ``docs/games.md``):

- **raw** (textbook games): ``players``, ``[game.strategies]`` and ``[game.payoffs]``, one nested
  list per player indexed ``[s_1][s_2]…`` in ``players`` order. An optional ``disagreement``
  profile (``{row = "defect", col = "defect"}``) names the profile that means *no agreement*; the
  zone of agreement is then every other profile that leaves each player at least as well off.
- **derived** (postures): ``efforts``, ``[[game.postures.<party>]]`` (``id``, ``label``,
  ``terms``: a condition in the red-line language, ``effort``) and ``[[game.war]]`` rows that
  adjust the war payoffs by effort — a row's ``when`` gives each named party one effort level or
  a list of them, so a row naming several parties makes one party's war payoff depend on the
  others' efforts; payoffs are computed by :mod:`negotiation.postures`.

The section is registered in :data:`negotiation.loading.SECTION_PARSERS`; :func:`parse` returns a
:class:`RawGameSpec` or a :class:`PostureGameSpec`, stored as ``model.sections["game"]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.bargaining.solutions import SOLUTIONS
from negotiation.errors import ModelError, did_you_mean
from negotiation.games.game import Game
from negotiation.model.core import Model, Param
from negotiation.model.expressions import Expr
from negotiation.model.table import Table, check_ident, check_number, unique_ids

__all__ = ["GameSpec", "MAX_PROFILES", "Posture", "PostureGameSpec", "RawGameSpec", "WarRule",
           "WarTable", "parse", "require_game", "zone_of"]

MAX_PROFILES = 1_000_000
_PROVENANCE = ("source", "rationale", "description")


@dataclass(frozen=True)
class RawGameSpec:
    """A game whose payoffs are written in the file."""

    game: Game
    disagreement: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Posture:
    """What a party insists on at the table (``terms``) and how hard it fights meanwhile."""

    id: str
    label: str
    terms: str
    expr: Expr
    effort: str
    description: str = ""
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class WarRule:
    """Adjustments to the war payoffs, applied to every profile whose efforts match ``when``:
    each party named in ``when`` plays one of the listed efforts. A row that names several
    parties is an *interaction*: what one party's effort is worth depends on the others'."""

    id: str
    when: Mapping[str, tuple[str, ...]]
    adjust: Mapping[str, Param]
    description: str = ""
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class WarTable:
    """The war table over effort profiles: ``values[i][e_1, …, e_n]`` is what party ``i``'s
    war payoff gains (or loses) at that profile of efforts, summed over matching rows;
    ``status_quo`` is each party's effort in its first posture."""

    efforts: tuple[str, ...]
    values: np.ndarray              # (n, K, …, K)
    status_quo: tuple[int, ...]


@dataclass(frozen=True)
class PostureGameSpec:
    """A game derived from the model's logics (see :mod:`negotiation.postures`)."""

    rule: str
    efforts: tuple[str, ...]
    postures: Mapping[str, tuple[Posture, ...]]
    war: tuple[WarRule, ...]
    title: str = ""
    description: str = ""
    source: str = ""
    rationale: str = ""


    def war_table(self, party_ids: Sequence[str]) -> WarTable:
        """The war table as an array over every profile of efforts (central values).

        >>> spec = PostureGameSpec("nash", ("low", "high"), {}, (WarRule("w", {"a": ("high",),
        ...     "b": ("high",)}, {"a": Param(-1.0)}),))
        >>> spec.war_table(["a", "b"]).values[0].tolist()
        [[0.0, 0.0], [0.0, -1.0]]
        """
        n, k = len(party_ids), len(self.efforts)
        values = np.zeros((n,) + (k,) * n)
        for rule in self.war:
            match = np.ones((k,) * n, dtype=bool)
            for i, pid in enumerate(party_ids):
                if pid in rule.when:
                    hit = np.isin(np.array(self.efforts), rule.when[pid])
                    match &= hit.reshape(tuple(k if j == i else 1 for j in range(n)))
            for i, pid in enumerate(party_ids):
                if pid in rule.adjust:
                    values[i] += match * rule.adjust[pid].value
        first = tuple(self.efforts.index(self.postures[p][0].effort) if p in self.postures
                      else 0 for p in party_ids)
        return WarTable(self.efforts, values, first)


GameSpec = RawGameSpec | PostureGameSpec


def parse(value: Any, model: Model) -> GameSpec:
    """Parse the ``[game]`` table of ``model``'s file (registered in ``SECTION_PARSERS``)."""
    if not isinstance(value, Table):
        raise ModelError("expected a [game] table", file=None, key="game",
                         fix="write the game as a [game] table (see README.md)")
    t = value
    raw, derived = t.has("payoffs"), t.has("postures")
    if raw and derived:
        raise t.error("payoffs", "a game is either raw (payoffs) or derived (postures), not both",
                      fix="remove [game.payoffs] to derive payoffs from the model, or "
                          "[game.postures] to keep the typed-in payoffs")
    if not raw and not derived:
        raise t.error(None, "a [game] needs either [game.payoffs] (a textbook game) or "
                            "[[game.postures.<party>]] (a game derived from the model)",
                      fix="see README.md, 'Strategic games and equilibria'")
    return _raw(t, model) if raw else _derived(t, model)


# ---------------------------------------------------------------------------------------- raw


def _names(t: Table, key: str, what: str) -> list[str]:
    value = t.raw(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise t.error(key, f"expected a non-empty list of {what} names",
                      fix=f'write {key} = ["first", "second", ...]')
    for n, name in enumerate(value):
        check_ident(name, t, f"{key}[{n}]")
        if value.count(name) > 1:
            raise t.error(key, f"'{name}' appears twice", fix=f"give every {what} its own name")
    return list(value)


def _per_player(t: Table, key: str, players: Sequence[str]) -> Table:
    sub = t.table(key, required=True)
    for name in sub.data:
        if name not in players:
            raise sub.error(name, f"unknown player '{name}'{did_you_mean(name, players)}",
                            fix="key this table by the names in game.players")
    for name in players:
        if name not in sub.data:
            raise sub.error(name, f"no entry for player '{name}'",
                            fix=f"add {name} = ... to [{sub.where()}]")
    return sub


def _tensor(value: Any, shape: tuple[int, ...], t: Table, key: str) -> np.ndarray:
    """Check a nested list against ``shape`` and return it as an array."""
    def walk(node: Any, depth: int, where: str) -> None:
        if depth == len(shape):
            check_number(node, t, where, -np.inf, np.inf)
            return
        if not isinstance(node, list) or len(node) != shape[depth]:
            got = f"{len(node)} entries" if isinstance(node, list) else "a single value"
            raise t.error(where, f"expected a list of {shape[depth]} entries (one per strategy "
                                 f"of player {depth + 1}), got {got}",
                          fix="write one nested list per player, indexed [row][col]... in the "
                              "order of game.players")
        for n, item in enumerate(node):
            walk(item, depth + 1, f"{where}[{n}]")

    walk(value, 0, key)
    return np.asarray(value, dtype=float)


def _raw(t: Table, model: Model) -> RawGameSpec:
    players = _names(t, "players", "player")
    party_ids = [p.id for p in model.parties]
    if party_ids:
        for n, name in enumerate(players):
            if name not in party_ids:
                raise t.error(f"players[{n}]", f"'{name}' is not a party of this model"
                                               f"{did_you_mean(name, party_ids)}",
                              fix="in a model with [[parties]], players are party ids")
    if len(players) < 2:
        raise t.error("players", "a game needs at least two players",
                      fix='list every player: players = ["row", "col"]')
    st = _per_player(t, "strategies", players)
    strategies = [_names(st, p, "strategy") for p in players]
    shape = tuple(len(s) for s in strategies)
    pt = _per_player(t, "payoffs", players)
    payoffs = np.stack([_tensor(pt.raw(p), shape, pt, p) for p in players])
    st.finish()
    pt.finish()
    labels_table = t.table("labels")
    labels = {p.id: p.label for p in model.parties}
    if labels_table is not None:
        for name in labels_table.data:
            if name not in players:
                raise labels_table.error(name, f"unknown player '{name}'"
                                               f"{did_you_mean(name, players)}")
            labels[name] = labels_table.string(name)
        labels_table.finish()
    disagreement = None
    dt = t.table("disagreement")
    if dt is not None:
        dt = _per_player(t, "disagreement", players)
        profile = []
        for p, names in zip(players, strategies):
            choice = dt.string(p)
            if choice not in names:
                raise dt.error(p, f"unknown strategy '{choice}' of player '{p}'"
                                  f"{did_you_mean(choice, names)}")
            profile.append(names.index(choice))
        dt.finish()
        disagreement = tuple(profile)
    title = t.string("title", model.name)
    source = t.string("source")
    t.string("rationale")
    t.string("description")
    t.finish()
    agreement = None if disagreement is None else zone_of(payoffs, disagreement, model.epsilon)
    game = Game.from_payoffs(
        players, strategies, payoffs, title=title,
        labels=tuple(labels.get(p, p.replace("_", " ")) for p in players),
        strategy_labels=tuple(tuple(s.replace("_", " ") for s in names) for names in strategies),
        agreement=agreement, source=source,
    )
    return RawGameSpec(game=game, disagreement=disagreement)


def zone_of(payoffs: np.ndarray, disagreement: tuple[int, ...], epsilon: float) -> np.ndarray:
    """Profiles other than ``disagreement`` at which every player gets at least its payoff there
    (to ``epsilon``): the zone of agreement of a raw game.

    >>> zone_of(np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]]), (1, 1), 0.0).tolist()
    [[True, False], [False, False]]
    """
    d = payoffs[(slice(None), *disagreement)]
    zone = np.all(payoffs >= (d - epsilon).reshape((-1,) + (1,) * (payoffs.ndim - 1)), axis=0)
    zone[disagreement] = False
    return zone


# ------------------------------------------------------------------------------------ derived


def _derived(t: Table, model: Model) -> PostureGameSpec:
    if not model.parties:
        raise t.error("postures", "a derived game needs the model's [[parties]]",
                      fix="add parties, or write a raw game with [game.payoffs]")
    party_ids = [p.id for p in model.parties]
    issue_levels = {i.id: i.level_ids for i in model.issues}
    rule = t.string("rule", "nash")
    if rule not in SOLUTIONS:
        raise t.error("rule", f"unknown settlement rule '{rule}'{did_you_mean(rule, SOLUTIONS)}",
                      fix="use one of " + ", ".join(SOLUTIONS))
    efforts = tuple(_names(t, "efforts", "effort level")) if t.has("efforts") else None
    if efforts is None:
        raise t.missing("efforts", fix='add efforts = ["sustain", "escalate"] (the war-effort '
                                       "levels postures may choose)")
    pt = t.table("postures", required=True)
    for key in pt.data:
        if key not in party_ids:
            raise pt.error(key, f"unknown party '{key}'{did_you_mean(key, party_ids)}",
                           fix="key postures by party id: [[game.postures.<party>]]")
    postures = {}
    for pid in party_ids:
        if not pt.has(pid):
            raise pt.error(pid, f"party '{pid}' has no postures",
                           fix=f"add at least one [[game.postures.{pid}]] with id, terms and "
                               "effort (every party is a player)")
        tables = pt.tables(pid)
        if not tables:
            raise pt.error(pid, f"party '{pid}' has no postures",
                           fix=f"add at least one [[game.postures.{pid}]]")
        postures[pid] = tuple(_posture(p, issue_levels, efforts) for p in tables)
        unique_ids([p.id for p in postures[pid]], tables, "posture")
    pt.finish()
    n_profiles = int(np.prod([len(v) for v in postures.values()]))
    if n_profiles > MAX_PROFILES:
        raise pt.error(None, f"{n_profiles:,} posture profiles is more than {MAX_PROFILES:,}",
                       fix="use fewer postures per party")
    war_tables = t.tables("war")
    war = tuple(_war_rule(w, party_ids, efforts) for w in war_tables)
    unique_ids([w.id for w in war], war_tables, "war rule")
    spec = PostureGameSpec(
        rule=rule, efforts=efforts, postures=postures, war=war,
        title=t.string("title", model.name), description=t.string("description"),
        source=t.string("source"), rationale=t.string("rationale"),
    )
    t.finish()
    return spec


def _posture(p: Table, issue_levels: Mapping[str, Sequence[str]],
             efforts: tuple[str, ...]) -> Posture:
    ident = p.ident()
    terms, expr = p.expression("terms", issue_levels)
    effort = p.string("effort", required=True)
    if effort not in efforts:
        raise p.error("effort", f"unknown effort level '{effort}'{did_you_mean(effort, efforts)}",
                      fix="use one of game.efforts: " + ", ".join(efforts))
    posture = Posture(
        id=ident, label=p.string("label", ident.replace("_", " ")), terms=terms, expr=expr,
        effort=effort, description=p.string("description"), source=p.string("source"),
        rationale=p.string("rationale"),
    )
    p.finish()
    return posture


def _war_rule(w: Table, party_ids: Sequence[str], efforts: tuple[str, ...]) -> WarRule:
    ident = w.ident()
    when: dict[str, str] = {}
    wt = w.table("when")
    if wt is not None:
        for pid in wt.data:
            if pid not in party_ids:
                raise wt.error(pid, f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
            value = wt.raw(pid)
            levels = value if isinstance(value, list) else [wt.string(pid)]
            if not levels or not all(isinstance(v, str) for v in levels):
                raise wt.error(pid, "expected an effort level or a list of them",
                               fix='write west = "sustain" or west = ["sustain", "escalate"]')
            for level in levels:
                if level not in efforts:
                    raise wt.error(pid, f"unknown effort level '{level}'"
                                        f"{did_you_mean(level, efforts)}",
                                   fix="use one of game.efforts: " + ", ".join(efforts))
            when[pid] = tuple(dict.fromkeys(levels))
        wt.finish()
    source, rationale = w.string("source"), w.string("rationale")
    at = w.table("adjust", required=True)
    adjust = {}
    for pid in at.data:
        if pid not in party_ids:
            raise at.error(pid, f"unknown party '{pid}'{did_you_mean(pid, party_ids)}",
                           fix="key adjustments by party id")
        adjust[pid] = at.param(pid, inherit=(source, rationale))
    at.finish()
    rule = WarRule(id=ident, when=when, adjust=adjust, description=w.string("description"),
                   source=source, rationale=rationale)
    w.finish()
    return rule


def require_game(model: Model) -> GameSpec:
    """The model's game section, or a clear error naming the fix."""
    spec = model.sections.get("game")
    if spec is None:
        raise ModelError("the model has no [game] section", file=model.path or None, key="game",
                         fix="add a raw [game] (players, strategies, payoffs), postures for "
                             "each party (README.md, 'Strategic games and equilibria') or a game "
                             "tree in a [tree] section")
    return spec
