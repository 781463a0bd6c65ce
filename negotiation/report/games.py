"""Games and their equilibria as words, tables and JSON (``negotiation equilibria``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.games.contingency import contingencies, is_dominant
from negotiation.games.equilibria import Equilibria, Equilibrium
from negotiation.games.game import Game
from negotiation.report.tables import Table, rounded

__all__ = ["METHOD_NAMES", "STRATEGIC_VERDICTS", "because_lines", "document", "explain",
           "game_document", "mixture_text", "payoff_lines", "probability_text", "profile_text",
           "tables"]

STRATEGIC_VERDICTS = {
    "dilemma": "a mutually acceptable outcome exists, but no equilibrium reaches it with "
               "certainty: it is not self-enforcing",
    "open": "some equilibrium reaches a mutually acceptable outcome with certainty",
    "no_zone": "no outcome is acceptable to every player: no equilibrium can reach one",
    "undecided": "no equilibrium found reaches a mutually acceptable outcome, but the search "
                 "was not exhaustive, so a dilemma is not proved",
}


def probability_text(p: float) -> str:
    """A probability as a small fraction when it is one (to 1e-9), else a decimal.

    >>> probability_text(0.4444444444444), probability_text(0.123456789)
    ('4/9', '0.1235')
    """
    frac = Fraction(p).limit_denominator(1000)
    if abs(float(frac) - p) <= 1e-9:
        return str(frac)
    return f"{p:.4f}"


def profile_text(game: Game, profile: tuple[int, ...]) -> str:
    return ", ".join(f"{game.player_label(i)}: {game.strategy_label(i, s)}"
                     for i, s in enumerate(profile))


def mixture_text(game: Game, eq: Equilibrium) -> str:
    if eq.is_pure:
        return profile_text(game, eq.profile())
    parts = []
    for i, s in enumerate(eq.sigma):
        support = [f"{game.strategy_label(i, k)} {probability_text(float(s[k]))}"
                   for k in np.flatnonzero(s)]
        parts.append(f"{game.player_label(i)}: " + (", ".join(support) if len(support) > 1
                                                    else game.strategy_label(
                                                        i, int(np.flatnonzero(s)[0]))))
    return "; ".join(parts)


def _payoff_text(values: np.ndarray) -> str:
    return ", ".join(f"{v:.4g}" for v in values)


def payoff_lines(game: Game) -> list[str]:
    """The payoff table in words: a matrix for two players, else one line per profile; with
    what each profile leads to when the game says so."""
    lines = [f"Payoffs ({', '.join(game.player_label(i) for i in range(game.n_players))}):"]
    if game.n_players == 2:
        rows = [game.strategy_label(0, r) for r in range(game.shape[0])]
        cols = [game.strategy_label(1, c) for c in range(game.shape[1])]
        cells = [[_payoff_text(game.payoffs[:, r, c]) + ("  *" if game.agreement is not None
                                                         and game.agreement[r, c] else "")
                  for c in range(len(cols))] for r in range(len(rows))]
        corner = game.player_label(0) + " ↓"
        left = max(len(corner), *(len(r) for r in rows)) + 2
        width = [max(len(cols[c]), *(len(cells[r][c]) for r in range(len(rows)))) + 2
                 for c in range(len(cols))]
        lines.append(" " * (left + 2) + f"{game.player_label(1)} →")
        lines.append((f"  {corner:<{left}}" +
                      "".join(f"{c:<{w}}" for c, w in zip(cols, width))).rstrip())
        for r, name in enumerate(rows):
            lines.append((f"  {name:<{left}}" + "".join(f"{cells[r][c]:<{w}}"
                                                        for c, w in enumerate(width))).rstrip())
        if game.agreement is not None:
            lines.append("  (* the profile leads to an agreement)")
    if game.n_players != 2 or game.outcome_text is not None:
        for profile in np.ndindex(*game.shape):
            lead = (f" → {game.outcome_text[profile]}" if game.outcome_text is not None else "")
            lines.append(f"  {profile_text(game, profile)}: "
                         f"{_payoff_text(game.payoffs[(slice(None), *profile)])}{lead}")
    return lines


def explain(result: Equilibria, zone_nonempty: bool | None = None, limit: int = 5) -> str:
    """``negotiation equilibria`` in words."""
    game = result.game
    lines = [game.title or "Game"]
    lines.append("  players: " + ", ".join(
        f"{game.player_label(i)} ({game.shape[i]} strategies)" for i in range(game.n_players))
        + f"; {game.n_profiles:,} profiles")
    if game.source:
        lines.append(f"  source: {game.source}")
    lines += ["", *payoff_lines(game), ""]
    pure = result.pure
    mixed = [e for e in result.mixed if not e.representative]
    extra = [e for e in result.mixed if e.representative]
    lines.append(f"Pure equilibria ({len(pure)}):" if pure else "Pure equilibria: none.")
    for n, e in enumerate(pure, 1):
        lines.append(f"  {n}. {_equilibrium_line(game, e)}")
        lines += [f"     {text}" for text in because_lines(game, e.profile())[:limit]]
    what = {"vertex": {True: "extreme points", False: "isolated", None: "extreme"}[
        result.degenerate], "support": "isolated"}.get(result.method, "found")
    lines.append(f"Mixed equilibria ({len(mixed)}, {what}):" if mixed
                 else "Mixed equilibria: none.")
    lines += [f"  {n}. {_equilibrium_line(game, e)}" for n, e in enumerate(mixed, 1)]
    if result.degenerate and result.nash_subsets:
        name = {id(e): f"{'pure' if e.is_pure else 'mixed'} {n}"
                for group in (pure, mixed) for n, e in enumerate(group, 1)}
        lines.append("Maximal Nash subsets (within one, any mixture of the first player's "
                     "strategies there with any mixture of the second's is an equilibrium, and "
                     "every equilibrium lies in one): " + "; ".join(
                         "{" + ", ".join(name[id(result.equilibria[k])] for k in subset) + "}"
                         for subset in result.nash_subsets))
    if extra:
        lines.append(f"Equilibria inside unresolved supports ({len(extra)}; one point each of "
                     "what may be a continuum):")
        lines += [f"  {n}. {_equilibrium_line(game, e)}" for n, e in enumerate(extra[:limit], 1)]
        if len(extra) > limit:
            lines.append(f"  ... and {len(extra) - limit} more (the JSON document lists all)")
    lines += ["", f"Method: {METHOD_NAMES.get(result.method, result.method)}; "
                  f"{'complete' if result.complete else 'NOT guaranteed complete'}; "
                  f"largest regret {result.max_regret:.2g}, relative to the payoff range "
                  f"{result.max_regret_relative:.2g} (every equilibrium verified)."]
    lines += [f"  note: {note}" for note in result.notes]
    if game.agreement is not None:
        zone = bool(game.agreement.any()) if zone_nonempty is None else zone_nonempty
        verdict = result.strategic_verdict(zone)
        reaching = result.reaching
        lines += ["", f"Profiles leading to an agreement: {int(game.agreement.sum())} of "
                      f"{game.n_profiles}. Equilibria reaching one with certainty: "
                      f"{len(reaching)}."]
        lines.append(f"Strategic verdict: {verdict.upper().replace('_', ' ')}: "
                     f"{STRATEGIC_VERDICTS[verdict]}.")
    return "\n".join(lines)


def because_lines(game: Game, profile: tuple[int, ...]) -> list[str]:
    """Why a pure equilibrium holds: each choice that is a best reply only because of another
    party's choice, in words (:mod:`negotiation.games.contingency`)."""
    out = []
    for c in contingencies(game, profile):
        replies = " or ".join(f"'{game.strategy_label(c.player, r)}'" for r in c.replies)
        out.append(f"{game.player_label(c.player)} plays "
                   f"'{game.strategy_label(c.player, c.strategy)}' because "
                   f"{game.player_label(c.other)} plays "
                   f"'{game.strategy_label(c.other, c.other_strategy)}': were it to "
                   f"'{game.strategy_label(c.other, c.alternative)}', "
                   f"{game.player_label(c.player)} would rather {replies}")
    return out


def _contingency_document(game: Game, e: Equilibrium) -> dict[str, Any] | None:
    if not e.is_pure:
        return None
    profile = e.profile()
    return {
        "dominant": {p: is_dominant(game, i, profile[i]) for i, p in enumerate(game.players)},
        "because_of": [{"player": game.players[c.player], "other": game.players[c.other],
                        "if_other_plays": game.strategies[c.other][c.alternative],
                        "best_replies": [game.strategies[c.player][r] for r in c.replies]}
                       for c in contingencies(game, profile)],
    }


METHOD_NAMES = {
    "vertex": "lexicographic walk over the best-response polytope (every extreme equilibrium, "
              "in exact arithmetic)",
    "support": "support enumeration, each support solved by certified subdivision",
    "lemke_howson": "Lemke–Howson from every label (nashpy)",
    "gnm": "global Newton method (Govindan & Wilson 2003)",
}


def _equilibrium_line(game: Game, e: Equilibrium) -> str:
    text = f"{mixture_text(game, e)} — payoffs {_payoff_text(e.payoffs)}"
    if e.agreement is not None:
        if e.is_pure and game.outcome_text is not None:
            text += f" — {game.outcome_text[e.profile()]}"
        elif e.is_pure:
            text += " — agreement" if e.reaches_agreement else " — no agreement"
        else:
            text += f" — agreement with probability {probability_text(e.agreement)}"
    return text


def game_document(game: Game) -> dict[str, Any]:
    """The game itself: players, strategies and payoff tensors (nested lists)."""
    return {
        "title": game.title,
        "source": game.source,
        "players": list(game.players),
        "labels": {p: game.player_label(i) for i, p in enumerate(game.players)},
        "strategies": {p: list(game.strategies[i]) for i, p in enumerate(game.players)},
        "payoffs": {p: np.vectorize(rounded)(game.payoffs[i]).tolist()
                    for i, p in enumerate(game.players)},
        "agreement": None if game.agreement is None else game.agreement.tolist(),
    }


def document(result: Equilibria, zone_nonempty: bool | None = None) -> dict[str, Any]:
    """The JSON document of ``negotiation equilibria --json`` (README, contract)."""
    game = result.game
    players = list(game.players)

    def mixture(e: Equilibrium) -> dict[str, dict[str, float]]:
        return {p: {game.strategies[i][k]: rounded(float(e.sigma[i][k]))
                    for k in range(game.shape[i])} for i, p in enumerate(players)}

    def exact(e: Equilibrium) -> dict[str, dict[str, str]] | None:
        if e.exact is None:
            return None
        return {p: {game.strategies[i][k]: str(e.exact[i][k]) for k in range(game.shape[i])}
                for i, p in enumerate(players)}

    def supports(profiles) -> list[dict[str, list[str]]]:
        return [{p: [game.strategies[i][s] for s in sup] for i, (p, sup) in
                 enumerate(zip(players, profile))} for profile in profiles]

    zone = None
    if game.agreement is not None:
        zone = bool(game.agreement.any()) if zone_nonempty is None else zone_nonempty
    return {
        "players": players,
        "pure": [{p: game.strategies[i][s] for i, (p, s) in enumerate(zip(players,
                                                                           e.profile()))}
                 for e in result.pure],
        "mixed": [mixture(e) for e in result.equilibria],
        "max_regret": rounded(result.max_regret),
        "max_regret_relative": rounded(result.max_regret_relative),
        "complete": result.complete,
        "method": result.method,
        "degenerate": result.degenerate,
        "notes": list(result.notes),
        "unresolved_supports": supports(result.unresolved),
        "unexamined_supports": supports(result.unexamined),
        "nash_subsets": (None if result.nash_subsets is None
                         else [list(s) for s in result.nash_subsets]),
        "agreement_search_complete": (None if game.agreement is None
                                      else result.reaching_settled),
        "equilibria": [{
            "pure": e.is_pure,
            "representative": e.representative,
            "strategies": mixture(e),
            "payoffs": {p: rounded(float(v)) for p, v in zip(players, e.payoffs)},
            "regret": rounded(e.regret),
            "regret_relative": rounded(e.regret_relative),
            "exact_strategies": exact(e),
            "agreement_probability": None if e.agreement is None else rounded(e.agreement),
            "reaches_agreement": None if e.agreement is None else e.reaches_agreement,
            "outcome": (str(game.outcome_text[e.profile()])
                        if e.is_pure and game.outcome_text is not None else None),
            "contingency": _contingency_document(game, e),
        } for e in result.equilibria],
        "strategic_verdict": None if zone is None else result.strategic_verdict(zone),
        "game": game_document(game),
    }


def tables(result: Equilibria) -> list[Table]:
    """Payoff table (one row per profile) and the equilibria, for papers."""
    game = result.game
    labels = [game.player_label(i) for i in range(game.n_players)]
    rows = []
    for profile in np.ndindex(*game.shape):
        row = [game.strategy_label(i, s) for i, s in enumerate(profile)]
        row += [rounded(float(v)) for v in game.payoffs[(slice(None), *profile)]]
        if game.outcome_text is not None:
            row.append(str(game.outcome_text[profile]))
        elif game.agreement is not None:
            row.append(bool(game.agreement[profile]))
        rows.append(tuple(row))
    extra = (("leads to",) if game.outcome_text is not None else
             ("agreement",) if game.agreement is not None else ())
    payoff_table = Table(
        "payoffs", f"Payoffs of {game.title or 'the game'}",
        (*(f"{lab} plays" for lab in labels), *(f"payoff to {lab}" for lab in labels), *extra),
        tuple(rows))
    eq_rows = tuple(
        (n, "pure" if e.is_pure else "mixed", mixture_text(game, e),
         *(rounded(float(v)) for v in e.payoffs),
         None if e.agreement is None else rounded(e.agreement), rounded(e.regret),
         rounded(e.regret_relative))
        for n, e in enumerate(result.equilibria, 1))
    eq_table = Table(
        "equilibria", f"Nash equilibria of {game.title or 'the game'} "
                      f"({'complete' if result.complete else 'not guaranteed complete'})",
        ("equilibrium", "kind", "strategies", *(f"payoff to {lab}" for lab in labels),
         "probability of agreement", "regret", "relative regret"), eq_rows)
    return [payoff_table, eq_table]
