"""Game trees shared by the extensive-form tests: textbook games (sources in each docstring), a
small signalling game as .efg text, random perfect-information trees, and an independent oracle
for their subgame-perfect equilibria.

Every game here is written for the tests; none is copied from Gambit's distribution.
"""

from __future__ import annotations

import itertools

import numpy as np

from negotiation.games.extensive import (
    Chance,
    Decision,
    ExtensiveGame,
    Node,
    Terminal,
    chance,
    leaf,
    move,
)


def chain_store_stage() -> ExtensiveGame:
    """Selten (1978), "The chain store paradox", Theory and Decision 9:127-159: the stage game of
    one town. Competitor OUT: (1, 5); IN then COOPERATIVE: (2, 2); IN then AGGRESSIVE: (0, 0)
    (payoffs competitor, chain store)."""
    return ExtensiveGame(("competitor", "chain store"), move("competitor", "k", {
        "OUT": leaf(1, 5),
        "IN": move("chain store", "A", {"COOPERATIVE": leaf(2, 2), "AGGRESSIVE": leaf(0, 0)}),
    }), title="Chain-store stage game")


def centipede() -> ExtensiveGame:
    """McKelvey & Palfrey (1992), "An experimental study of the centipede game", Econometrica
    60(4):803-836, the four-move game: taking at moves 1-4 gives (0.40, 0.10), (0.20, 0.80),
    (1.60, 0.40), (0.80, 3.20); passing four times gives (6.40, 1.60)."""
    end = leaf(6.40, 1.60)
    m4 = move("2", "move 4", {"take": leaf(0.80, 3.20), "pass": end})
    m3 = move("1", "move 3", {"take": leaf(1.60, 0.40), "pass": m4})
    m2 = move("2", "move 2", {"take": leaf(0.20, 0.80), "pass": m3})
    return ExtensiveGame(("1", "2"), move("1", "move 1", {"take": leaf(0.40, 0.10),
                                                          "pass": m2}), title="Centipede")


def ultimatum(total: int = 3) -> ExtensiveGame:
    """A discrete ultimatum game (Güth, Schmittberger & Schwarze 1982; Osborne 2004, "An
    Introduction to Game Theory", §6.1.1 with whole units): the proposer offers x of ``total``
    units; the responder, seeing x, accepts (total - x, x) or rejects (0, 0)."""
    return ExtensiveGame(("proposer", "responder"), move("proposer", "offer", {
        str(x): move("responder", f"offered {x}", {"accept": leaf(total - x, x),
                                                    "reject": leaf(0, 0)})
        for x in range(total + 1)}), title="Ultimatum")


def entry_under_uncertainty() -> ExtensiveGame:
    """A chance node: an entrant decides before demand is known; demand is high with
    probability 0.3, low with 0.7; the incumbent observes demand and fights or accommodates.
    Entering costs the entrant 0.5 (an outcome on the chance node, added to every play)."""
    return ExtensiveGame(("entrant", "incumbent"), move("entrant", "E", {
        "stay out": leaf(1, 4),
        "enter": chance({
            "high": (0.3, move("incumbent", "high", {"fight": leaf(-1.5, 1),
                                                     "accommodate": leaf(3.5, 2)})),
            "low": (0.7, move("incumbent", "low", {"fight": leaf(-0.5, 0),
                                                   "accommodate": leaf(0, -1)})),
        }, outcome=(-0.5, 0)),
    }), title="Entry under uncertainty")


def pennies_with_exit(outside: float) -> ExtensiveGame:
    """Player A may exit (outside, 0.9) or play matching pennies with B, who does not see A's
    guess (one information set with two nodes): A wins 1 if the coins match, B wins 1 if not."""
    def pick(match: str) -> Node:
        return move("B", "pick", {"H": leaf(*((1, 0) if match == "H" else (0, 1))),
                                  "T": leaf(*((0, 1) if match == "H" else (1, 0)))})
    return ExtensiveGame(("A", "B"), move("A", "start", {
        "out": leaf(outside, 0.9),
        "in": move("A", "guess", {"H": pick("H"), "T": pick("T")}),
    }), title="Matching pennies after an exit")


SIGNAL = '''EFG 2 R "A signal after a chance move" { "Sender" "Receiver" }
"written for the tests"

c "nature" 1 "type" { "strong" 1/3 "weak" 2/3 } 0
p "" 1 1 "S strong" { "beer" "quiche" } 0
p "" 2 1 "after beer" { "duel" "yield" } 0
t "" 1 "o1" { 1, -1 }
t "" 2 "o2" { 3, 0 }
p "" 2 2 "after quiche" { "duel" "yield" } 0
t "" 3 "o3" { 0, -1 }
t "" 4 "o4" { 2, 0 }
p "" 1 2 "S weak" { "beer" "quiche" } 0
p "" 2 1 0
t "" 5 "o5" { 0 1 }
t "" 2
p "" 2 2 0
t "" 6 "o6" { 1, 1 }
t "" 4
'''


def random_tree(seed: int, players: int, with_chance: bool) -> ExtensiveGame:
    """A random game of perfect information with at most ~512 pure strategy profiles. Without
    chance, each player's terminal payoffs are a permutation (no ties possible); with chance,
    payoffs are continuous (ties have probability zero)."""
    rng = np.random.default_rng(seed)
    budget = [512]
    names: list[int] = []

    def build(depth: int) -> Node:
        k = int(rng.integers(1, 4))
        if depth >= 4 or budget[0] < k or (depth > 0 and rng.random() < 0.3):
            return Terminal(None)
        if with_chance and rng.random() < 0.25:
            weights = rng.integers(1, 5, size=k)
            probs = weights / weights.sum()
            return chance({f"c{j}": (float(probs[j]), build(depth + 1)) for j in range(k)})
        budget[0] //= k
        node_id = len(names)
        names.append(node_id)
        return move(str(int(rng.integers(players))), f"n{node_id}",
                    {f"a{j}": build(depth + 1) for j in range(k)})

    root = build(0)
    ends = leaves(root)
    if with_chance:
        pay = rng.normal(size=(len(ends), players))
    else:
        pay = np.stack([rng.permutation(len(ends)) for _ in range(players)], axis=1)
    for z, row in zip(ends, pay):
        z.outcome = leaf(*row).outcome
    return ExtensiveGame(tuple(str(i) for i in range(players)), root)


def leaves(node: Node) -> list[Terminal]:
    if isinstance(node, Terminal):
        return [node]
    return [z for c in node.children for z in leaves(c)]


def _deciders(node: Node) -> list[Decision]:
    if isinstance(node, Terminal):
        return []
    own = [node] if isinstance(node, Decision) else []
    return own + [d for c in node.children for d in _deciders(c)]


def _value(node: Node, profile: dict[int, int], n: int) -> np.ndarray:
    base = np.array(node.outcome.payoffs if node.outcome else (0.0,) * n)
    if isinstance(node, Terminal):
        return base
    if isinstance(node, Chance):
        return base + sum(p * _value(c, profile, n) for p, c in zip(node.probs, node.children))
    return base + _value(node.children[profile[id(node)]], profile, n)


def oracle(game: ExtensiveGame) -> list[dict[str, str]]:
    """Every pure SPE of a perfect-information game, as {information set: action}: all pure
    profiles, kept when no node has a profitable one-shot deviation (Osborne & Rubinstein 1994,
    Lemma 98.2), by plain recursion over the node objects — no code shared with the arrays."""
    n = len(game.players)
    deciders = _deciders(game.root)
    out = []
    for combo in itertools.product(*[range(len(d.actions)) for d in deciders]):
        profile = {id(d): a for d, a in zip(deciders, combo)}
        ok = True
        for d in deciders:
            i = game.players.index(d.player)
            here = _value(d.children[profile[id(d)]], profile, n)[i]
            if any(_value(c, profile, n)[i] > here + 1e-12 for c in d.children):
                ok = False
                break
        if ok:
            out.append({d.infoset: d.actions[a] for d, a in zip(deciders, combo)})
    return out


def flat(spe_json: dict) -> dict[str, str]:
    """An SPE's strategies as one {information set: action} mapping."""
    return {h: a for per in spe_json["strategies"].values() for h, a in per.items()}
