"""Nash equilibria of a game: every method, every result verified.

:func:`solve` combines

- **pure equilibria** (:mod:`negotiation.games.pure`): exact, complete, any number of players;
- **two players** (``method="vertex"``, the default): every extreme equilibrium, in exact
  rational arithmetic, by a lexicographic walk over the bases of a best-response polytope
  (:mod:`negotiation.games.extreme`, the structure of Avis's ``lrsnash``), complete for
  degenerate games too (equilibria in continua are described by their extreme points and the
  maximal Nash subsets they form); a walk stopped by its budget (``VERTEX_BASES``) is reported
  incomplete. Lemke–Howson from every label (nashpy, ``method="lemke_howson"``) finds some;
- **three or more players**: support enumeration with pruning by conditional dominance and
  certified subdivision (:mod:`negotiation.games.supports`), complete when every support profile
  is resolved; the profiles it could not resolve are listed (``unresolved``, ``unexamined``);
- **any number of players**, ``method="gnm"``: the global Newton method of Govindan & Wilson
  (:mod:`negotiation.games.gnm`), which finds some equilibria and never claims completeness; with
  ``supplement=True`` it also runs after an incomplete support enumeration.

Every equilibrium is verified before it is reported: its strategies are probability vectors and
every player's *relative* regret (regret divided by the range ``max − min`` of that player's
payoffs, :func:`negotiation.games.game.relative_regrets`) is at most :data:`REGRET_TOLERANCE`
(1e-9), so the check is the same at every payoff scale; each equilibrium carries its absolute
and relative regret (two-player equilibria are also checked exactly, and carry their exact
strategies). A candidate that fails is dropped and, if it came from a method that claims
completeness, ``complete`` is set to false. ``complete`` is true only when the method guarantees
every equilibrium (every extreme equilibrium, for two players) was found.

When the game says which profiles lead to an agreement (a derived game, or a raw game with a
``disagreement`` profile), each equilibrium carries the probability that its play leads to one;
an equilibrium *reaches* the zone of agreement when that probability is 1 (to 1e-9).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiation._util.words import counted
from negotiation.bargaining.verdict import Verdict, reaches_zone
from negotiation.errors import InputError, did_you_mean
from negotiation.games import supports
from negotiation.games.extreme import extreme_equilibria, nash_subsets
from negotiation.games.game import (
    REGRET_TOLERANCE,
    Game,
    agreement_probability,
    expected_payoffs,
    is_distribution,
    normalized_payoffs,
    regrets,
    relative_regrets,
)
from negotiation.games.gnm import gnm
from negotiation.games.pure import pure_equilibria

__all__ = ["METHODS", "VERTEX_BASES", "Equilibria", "Equilibrium", "distinct_strategies",
           "solve"]

METHODS = ("auto", "vertex", "support", "lemke_howson", "gnm")
TWO_PLAYER_METHODS = ("vertex", "lemke_howson")
VERTEX_BASES = 5_000_000       # bases per walk (generic 20 × 20: 1.3–3.2 million)

Profile = tuple[tuple[int, ...], ...]
Exact = tuple[tuple[Fraction, ...], ...]


@dataclass(frozen=True)
class Equilibrium:
    """One verified equilibrium: a mixture per player, payoffs, regret (the largest over the
    players; ``regret_relative``: the largest of each player's regret divided by its payoff
    range), chance of agreement, and for two-player games the exact rational strategies."""

    sigma: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: float
    agreement: float | None
    representative: bool = False     # found inside a support the method could not resolve
    regret_relative: float = 0.0
    exact: Exact | None = None

    @property
    def is_pure(self) -> bool:
        return all(np.count_nonzero(s) == 1 for s in self.sigma)

    @property
    def reaches_agreement(self) -> bool:
        return self.agreement is not None and self.agreement >= 1 - REGRET_TOLERANCE

    def profile(self) -> tuple[int, ...]:
        """The pure profile (for a pure equilibrium)."""
        return tuple(int(np.argmax(s)) for s in self.sigma)


@dataclass(frozen=True)
class Equilibria:
    """All equilibria found for ``game`` and the guarantees that come with them.

    ``unresolved`` and ``unexamined`` are the support profiles (strategy indices per player)
    the support enumeration left open; ``nash_subsets`` (two-player games) lists the maximal
    Nash subsets as indices into ``equilibria``: every pair of strategies in one subset is an
    equilibrium, and every equilibrium of the game is a convex combination within one."""

    game: Game
    equilibria: tuple[Equilibrium, ...]       # pure ones first, in enumeration order
    complete: bool
    method: str
    degenerate: bool | None
    notes: tuple[str, ...] = ()
    agreement_complete: bool | None = None
    unresolved: tuple[Profile, ...] = ()
    unexamined: tuple[Profile, ...] = ()
    nash_subsets: tuple[tuple[int, ...], ...] | None = None

    @property
    def pure(self) -> tuple[Equilibrium, ...]:
        return tuple(e for e in self.equilibria if e.is_pure)

    @property
    def mixed(self) -> tuple[Equilibrium, ...]:
        return tuple(e for e in self.equilibria if not e.is_pure)

    @property
    def max_regret(self) -> float:
        return max((e.regret for e in self.equilibria), default=0.0)

    @property
    def max_regret_relative(self) -> float:
        return max((e.regret_relative for e in self.equilibria), default=0.0)

    @property
    def reaching(self) -> tuple[Equilibrium, ...]:
        """Equilibria whose play leads to an agreement with probability one."""
        return tuple(e for e in self.equilibria if e.reaches_agreement)

    @property
    def reaching_settled(self) -> bool:
        """Whether the search for equilibria reaching an agreement with certainty was exhaustive
        (so "none reaches it" is proved), or one was found."""
        return bool(self.reaching) or bool(self.complete or self.agreement_complete)

    @property
    def reaches(self) -> bool | None:
        """Whether some equilibrium reaches an agreement: ``None`` when the game says nothing
        about agreement, or when none was found and the search was not exhaustive."""
        if self.game.agreement is None:
            return None
        return reaches_zone(bool(self.reaching), self.reaching_settled)

    def strategic_verdict(self, zone_nonempty: bool) -> str | None:
        """``open`` or ``dilemma`` (:class:`~negotiation.bargaining.verdict.Verdict`),
        ``no_zone`` when no outcome is acceptable to every player, ``undecided`` when no
        equilibrium found reaches an agreement but the search was not exhaustive, ``None`` when
        the game says nothing about agreement."""
        if self.game.agreement is None:
            return None
        if not zone_nonempty:
            return "no_zone"
        return {True: Verdict.OPEN.value, False: Verdict.DILEMMA.value,
                None: "undecided"}[self.reaches]


def solve(game: Game, method: str = "auto", supplement: bool = False) -> Equilibria:
    """Every equilibrium the chosen method finds, verified; see the module docstring."""
    n = game.n_players
    if method not in METHODS:
        raise InputError(f"unknown method '{method}'{did_you_mean(str(method), METHODS)}",
                         argument="method", value=method)
    if method in TWO_PLAYER_METHODS and n != 2:
        raise InputError(f"'{method}' is for two-player games; this game has {n} players",
                         argument="method", value=method,
                         fix="use method 'auto' (support enumeration) or 'gnm'")
    if method == "auto":
        method = "vertex" if n == 2 else "support"
    candidates: list[tuple[np.ndarray, ...]] = []
    exact: list[Exact | None] = []
    representatives: list[tuple[np.ndarray, ...]] = []
    notes: list[str] = list(game.notes)
    degenerate = agreement_complete = None
    open_profiles: dict[str, tuple] = {}
    if method == "vertex":        # exact extreme equilibria; pure ones are among them
        result = extreme_equilibria(game.payoffs[0], game.payoffs[1], max_bases=VERTEX_BASES)
        candidates = [(e.x, e.y) for e in result.equilibria]
        exact = [(e.x_exact, e.y_exact) for e in result.equilibria]
        complete, degenerate = result.complete, result.degenerate
        notes += result.notes
    else:
        candidates = [_pure_sigma(game, p) for p in pure_equilibria(game.payoffs)]
    if method == "support":
        found, representatives, complete, agreement_complete, open_profiles = _supports(
            game, notes)
        candidates += found
        if supplement and not complete:
            candidates += _gnm(game, notes)
    elif method == "gnm":
        candidates += _gnm(game, notes)
        complete = False
    elif method == "lemke_howson":
        candidates += _lemke_howson(game)
        complete = False
        notes.append("Lemke–Howson from every label finds some equilibria, not necessarily all")
    equilibria, rejected = _verified(game, candidates, exact=exact)
    extra, rejected_extra = _verified(game, representatives, representative=True)
    known = {_key(e.sigma, e.exact) for e in equilibria}
    equilibria += tuple(e for e in extra if _key(e.sigma) not in known)
    if rejected or rejected_extra:
        notes.append(f"{counted(rejected + rejected_extra, 'candidate')} failed verification "
                     f"(relative regret above {REGRET_TOLERANCE:g} of the payoff range) and "
                     "were dropped")
        complete = False
        agreement_complete = False if agreement_complete else agreement_complete
    subsets = _nash_subsets(equilibria) if method == "vertex" else None
    return Equilibria(game, equilibria, complete, method, degenerate, tuple(notes),
                      agreement_complete, open_profiles.get("unresolved", ()),
                      open_profiles.get("unexamined", ()), subsets)


def _supports(game: Game, notes: list[str]):
    """Support enumeration on the game without duplicate strategies (n players): candidates,
    representatives, completeness, completeness of the agreement search, and the support
    profiles left open (in the game's strategy indices); notes are appended to ``notes``."""
    n = game.n_players
    keep = distinct_strategies(game)
    reduced = game.payoffs[np.ix_(range(n), *keep)]
    first = None
    if game.agreement is not None:
        zone = game.agreement[np.ix_(*keep)]
        first = lambda sup: bool(zone[np.ix_(*sup)].all())   # noqa: E731
    result = supports.support_enumeration(reduced, first)

    def expand(sigmas):
        return [tuple(_expand(s, k, size) for s, k, size in zip(sigma, keep, game.shape))
                for sigma in sigmas]

    def original(profiles):
        return tuple(tuple(tuple(int(k[s]) for s in sup) for sup, k in zip(p, keep))
                     for p in profiles)

    open_profiles = {"unresolved": original(result.unresolved),
                     "unexamined": original(result.unexamined)}
    agreement_complete = result.first_complete if game.agreement is not None else None
    notes += _duplicate_notes(game, keep)
    if result.pruned:
        notes.append(f"{result.pruned:,} of {result.profiles_total:,} support profiles ruled "
                     "out by conditional dominance (Porter, Nudelman & Shoham 2008)")
    for kind, what in (("unresolved", "unresolved within the subdivision budget (singular or "
                        "non-isolated solutions, e.g. a continuum of equilibria): equilibria "
                        "with those supports may be missing; equilibria found inside them are "
                        "listed as representatives"),
                       ("unexamined", "not examined (total budget spent)")):
        if open_profiles[kind]:
            shown = "; ".join(_profile_text(game, p) for p in open_profiles[kind][:5])
            more = len(open_profiles[kind]) - 5
            notes.append(f"{counted(len(open_profiles[kind]), 'support profile')} {what}: {shown}"
                         + (f"; and {more} more" if more > 0 else "")
                         + ". The global Newton method (method 'gnm') looks for equilibria "
                         "without claiming completeness")
    if agreement_complete and not result.complete:
        notes.append("every support whose profiles all lead to an agreement was resolved: "
                     "the equilibria reaching an agreement with certainty are all listed")
    return (expand(result.equilibria), expand(result.representatives), result.complete,
            agreement_complete, open_profiles)


def _profile_text(game: Game, profile: Profile) -> str:
    return ", ".join(f"{game.player_label(i)} {{" + ", ".join(
        game.strategy_label(i, s) for s in sup) + "}" for i, sup in enumerate(profile))


def _gnm(game: Game, notes: list[str]) -> list[tuple[np.ndarray, ...]]:
    """Candidates from the global Newton method (Govindan & Wilson 2003), with a note."""
    result = gnm(game.payoffs)
    notes.append(f"global Newton method (Govindan & Wilson 2003): {result.paths} random rays, "
                 f"{result.finished} paths followed to their end, {len(result.equilibria)} "
                 "equilibria on them; it finds some equilibria, not necessarily all")
    return list(result.equilibria)


def _nash_subsets(equilibria: tuple[Equilibrium, ...]) -> tuple[tuple[int, ...], ...]:
    """The maximal Nash subsets (:func:`~negotiation.games.extreme.nash_subsets`) as indices
    into ``equilibria``."""
    pairs = [e.exact for e in equilibria]
    if any(p is None for p in pairs):
        return ()
    xs = list(dict.fromkeys(p[0] for p in pairs))
    ys = list(dict.fromkeys(p[1] for p in pairs))
    out = []
    for rows, cols in nash_subsets(pairs):
        inside = {(xs[i], ys[j]) for i in rows for j in cols}
        out.append(tuple(k for k, p in enumerate(pairs) if p in inside))
    return tuple(sorted(out))


def distinct_strategies(game: Game) -> list[np.ndarray]:
    """Per player, its strategies that are not *duplicates* of an earlier one: two strategies
    are duplicates when every player's payoff (and whether the profile leads to an agreement)
    is the same in every profile whichever of the two is played. Equilibria of the game are
    exactly the equilibria of the game without duplicates with each strategy's probability
    split among its duplicates in any proportion, so removing them loses nothing and removes
    the continua they would create. Payoffs are compared normalised per player (scale-free)."""
    keep = []
    unit = normalized_payoffs(game.payoffs)
    for i in range(game.n_players):
        slabs = np.moveaxis(unit, i + 1, 0).reshape(game.shape[i], -1)
        if game.agreement is not None:
            slabs = np.hstack([slabs, np.moveaxis(game.agreement, i, 0).reshape(
                game.shape[i], -1)])
        _, first = np.unique(np.round(slabs, 12), axis=0, return_index=True)
        keep.append(np.sort(first))
    return keep


def _expand(sigma: np.ndarray, keep: np.ndarray, size: int) -> np.ndarray:
    full = np.zeros(size)
    full[keep] = sigma
    return full


def _duplicate_notes(game: Game, keep: list[np.ndarray]) -> list[str]:
    notes = []
    for i, kept in enumerate(keep):
        dropped = [s for s in range(game.shape[i]) if s not in set(kept.tolist())]
        if dropped:
            names = ", ".join(f"'{game.strategy_label(i, s)}'" for s in dropped)
            notes.append(f"{game.player_label(i)}: {names} duplicate(s) an earlier strategy "
                         "(the same payoffs for everyone in every profile); mixed equilibria "
                         "put the probability of duplicates on the first of them, and any split "
                         "among them is an equilibrium too")
    return notes


def _pure_sigma(game: Game, profile: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(np.eye(size)[int(s)] for size, s in zip(game.shape, profile))


def _key(sigma: tuple[np.ndarray, ...], exact: Exact | None = None) -> tuple:
    """Identity of an equilibrium: its exact strategies when known (extreme equilibria closer
    than any rounding are distinct), else its probabilities to 8 decimals (floating-point
    methods find the same equilibrium with different rounding)."""
    if exact is not None:
        return tuple(v for s in exact for v in s)
    return tuple(np.round(np.concatenate(sigma), 8).tolist())


def _verified(game: Game, candidates: list[tuple[np.ndarray, ...]],
              representative: bool = False, exact: list[Exact | None] | None = None
              ) -> tuple[tuple[Equilibrium, ...], int]:
    """Verified, deduplicated equilibria (pure first, then by support size) and the number of
    candidates rejected: each must be a profile of distributions with every player's regret at
    most ``REGRET_TOLERANCE`` times its payoff range. ``exact`` gives, per candidate, its exact
    strategies (kept as they are) or ``None`` (probabilities below 1e-13 are rounding: zeroed)."""
    kept: dict[tuple, Equilibrium] = {}
    rejected = 0
    for sigma, rational in zip(candidates, exact or [None] * len(candidates)):
        if rational is None:
            sigma = tuple(np.where(np.abs(s) < 1e-13, 0.0, s) for s in sigma)
        if not is_distribution(sigma):
            rejected += 1
            continue
        relative = float(relative_regrets(game, sigma).max())
        if relative > REGRET_TOLERANCE:
            rejected += 1
            continue
        key = _key(sigma, rational)
        if key not in kept:
            kept[key] = Equilibrium(sigma, expected_payoffs(game, sigma),
                                    float(regrets(game, sigma).max()),
                                    agreement_probability(game, sigma), representative,
                                    relative, rational)
    ordered = sorted(kept.items(), key=lambda item: (
        not item[1].is_pure, sum(np.count_nonzero(s) for s in item[1].sigma),
        [-v for v in item[0]]))
    return tuple(e for _, e in ordered), rejected


def _lemke_howson(game: Game) -> list[tuple[np.ndarray, ...]]:
    import warnings

    import nashpy

    g = nashpy.Game(game.payoffs[0], game.payoffs[1])
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for label in range(sum(game.shape)):
            try:
                x, y = g.lemke_howson(initial_dropped_label=label)
            except Exception:       # nashpy signals numerical breakdown in several ways
                continue
            if np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and len(x) == game.shape[0]:
                out.append((np.asarray(x, float), np.asarray(y, float)))
    return out
