"""Nash equilibria of a game: every method, every result verified.

:func:`solve` combines

- **pure equilibria** (:mod:`negotiation.pure`): exact, complete, any number of players;
- **two players**: all extreme equilibria by vertex enumeration (:mod:`negotiation.bimatrix`),
  complete for degenerate games too (equilibria in continua are described by their extreme
  points); beyond ``VERTEX_LIMIT`` Lemke–Howson from every label (nashpy), which is not complete;
- **three or more players**: support enumeration with certified subdivision
  (:mod:`negotiation.supports`), complete when every support profile is resolved.

Every equilibrium is verified before it is reported: its strategies are probability vectors and
every player's regret is at most :data:`negotiation.games.REGRET_TOLERANCE` (1e-9). A candidate
that fails is dropped and, if it came from a method that claims completeness, ``complete`` is set
to false. ``complete`` is true only when the method guarantees every equilibrium (every extreme
equilibrium, for two players) was found.

When the game says which profiles lead to an agreement (a derived game, or a raw game with a
``disagreement`` profile), each equilibrium carries the probability that its play leads to one;
an equilibrium *reaches* the zone of agreement when that probability is 1 (to 1e-9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.bargaining.verdict import Verdict, reaches_zone
from negotiation.games import bimatrix, supports
from negotiation.games.game import (
    REGRET_TOLERANCE,
    Game,
    agreement_probability,
    expected_payoffs,
    is_distribution,
    regrets,
)
from negotiation.games.pure import pure_equilibria

METHODS = ("auto", "vertex", "support", "lemke_howson")
VERTEX_LIMIT = 40_000_000      # C(m + n, m): square games up to 13 × 13


@dataclass(frozen=True)
class Equilibrium:
    """One verified equilibrium: a mixture per player, payoffs, regret, chance of agreement."""

    sigma: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: float
    agreement: float | None
    representative: bool = False     # found inside a support the method could not resolve

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
    """All equilibria found for ``game`` and the guarantees that come with them."""

    game: Game
    equilibria: tuple[Equilibrium, ...]       # pure ones first, in enumeration order
    complete: bool
    method: str
    degenerate: bool | None
    notes: tuple[str, ...] = ()
    agreement_complete: bool | None = None

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


def solve(game: Game, method: str = "auto") -> Equilibria:
    """Every equilibrium the chosen method finds, verified; see the module docstring."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    n = game.n_players
    candidates = [_pure_sigma(game, p) for p in pure_equilibria(game.payoffs)]
    representatives: list[tuple[np.ndarray, ...]] = []
    notes: list[str] = list(game.notes)
    degenerate = None
    agreement_complete = None
    if n == 2 and method == "auto":
        m, k = game.shape
        method = "vertex" if bimatrix.basis_count(m, k) <= VERTEX_LIMIT else "lemke_howson"
    elif method == "auto":
        method = "support"
    if method == "vertex":
        if n != 2:
            raise ValueError("vertex enumeration is for two-player games")
        found, degenerate = bimatrix.extreme_equilibria(game.payoffs[0], game.payoffs[1])
        candidates += [tuple(pair) for pair in found]
        complete = True
        if degenerate:
            notes.append("the game is degenerate: some mixed strategy has more pure best "
                         "responses than the size of its support; equilibria may form continua, "
                         "listed by their extreme points")
    elif method == "support":
        keep = distinct_strategies(game)
        reduced = game.payoffs[np.ix_(range(n), *keep)]
        first = None
        if game.agreement is not None:
            zone = game.agreement[np.ix_(*keep)]
            first = lambda sup: bool(zone[np.ix_(*sup)].all())   # noqa: E731
        result = supports.support_enumeration(reduced, first)
        candidates += [tuple(_expand(s, k, size) for s, k, size in zip(sigma, keep, game.shape))
                       for sigma in result.equilibria]
        representatives = [tuple(_expand(s, k, size)
                                 for s, k, size in zip(sigma, keep, game.shape))
                           for sigma in result.representatives]
        complete = result.complete
        if game.agreement is not None:
            agreement_complete = result.first_complete
        notes += _duplicate_notes(game, keep)
        if result.unresolved:
            notes.append(f"{len(result.unresolved)} support profile(s) unresolved within the "
                         "subdivision budget (singular or non-isolated solutions, e.g. a "
                         "continuum of equilibria): equilibria with those supports may be "
                         "missing; equilibria found inside them are listed as representatives")
        if agreement_complete and not complete:
            notes.append("every support whose profiles all lead to an agreement was resolved: "
                         "the equilibria reaching an agreement with certainty are all listed")
        if result.profiles_checked < result.profiles_total:
            notes.append(f"only {result.profiles_checked:,} of {result.profiles_total:,} "
                         "support profiles examined")
    else:
        if n != 2:
            raise ValueError("Lemke–Howson is for two-player games")
        candidates += _lemke_howson(game)
        complete = False
        notes.append("Lemke–Howson from every label finds some equilibria, not necessarily all")
    equilibria, rejected = _verified(game, candidates)
    extra, rejected_extra = _verified(game, representatives, representative=True)
    known = {_key(e.sigma) for e in equilibria}
    equilibria += tuple(e for e in extra if _key(e.sigma) not in known)
    if rejected or rejected_extra:
        notes.append(f"{rejected + rejected_extra} candidate(s) failed verification (regret "
                     f"above {REGRET_TOLERANCE:g}) and were dropped")
        complete = False
        agreement_complete = False if agreement_complete else agreement_complete
    return Equilibria(game, equilibria, complete, method, degenerate, tuple(notes),
                      agreement_complete)


def distinct_strategies(game: Game) -> list[np.ndarray]:
    """Per player, its strategies that are not *duplicates* of an earlier one: two strategies
    are duplicates when every player's payoff (and whether the profile leads to an agreement)
    is the same in every profile whichever of the two is played. Equilibria of the game are
    exactly the equilibria of the game without duplicates with each strategy's probability
    split among its duplicates in any proportion, so removing them loses nothing and removes
    the continua they would create."""
    keep = []
    for i in range(game.n_players):
        slabs = np.moveaxis(game.payoffs, i + 1, 0).reshape(game.shape[i], -1)
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


def _key(sigma: tuple[np.ndarray, ...]) -> tuple:
    return tuple(np.round(np.concatenate(sigma), 8).tolist())


def _verified(game: Game, candidates: list[tuple[np.ndarray, ...]],
              representative: bool = False) -> tuple[tuple[Equilibrium, ...], int]:
    """Verified, deduplicated equilibria (pure first, then by support size) and the number of
    candidates rejected."""
    kept: dict[tuple, Equilibrium] = {}
    rejected = 0
    for sigma in candidates:
        sigma = tuple(np.where(np.abs(s) < 1e-13, 0.0, s) for s in sigma)
        if not is_distribution(sigma):
            rejected += 1
            continue
        regret = float(regrets(game, sigma).max())
        if regret > REGRET_TOLERANCE:
            rejected += 1
            continue
        key = _key(sigma)
        if key not in kept:
            kept[key] = Equilibrium(sigma, expected_payoffs(game, sigma), regret,
                                    agreement_probability(game, sigma), representative)
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
