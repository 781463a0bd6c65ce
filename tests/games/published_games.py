"""Published games with known equilibrium sets, typed in by hand from their sources (data only,
with citations; no file of another project is copied).

Gambit's ``.nfg`` format lists payoffs profile by profile with the *first* player's strategy
varying fastest, one payoff per player in each profile. :func:`bimatrix` turns such a list into
the matrices ``A`` (row player) and ``B`` (column player), :func:`tensor` into the package's
``(n, |S_1|, …, |S_n|)`` payoff tensor.

The Gambit game collection: McKelvey, McLennan & Turocy, *Gambit: Software Tools for Game
Theory*, folder ``contrib/games`` of https://github.com/gambitproject/gambit (files named below;
each file's title states the equilibrium count quoted). The numbers were transcribed by hand.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def bimatrix(values: list, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(A, B)`` (``m × n``, object arrays keeping Fractions) from a payoff list in ``.nfg``
    order."""
    v = np.array(values, dtype=object).reshape(n, m, 2)      # [column][row][player]
    return v[:, :, 0].T.copy(), v[:, :, 1].T.copy()


def tensor(profiles, shape):
    """``(n, *shape)`` payoffs from per-profile payoff tuples listed first player fastest."""
    flat = np.array(profiles, dtype=float)
    n = flat.shape[1]
    return np.transpose(flat.reshape(tuple(shape[::-1]) + (n,)),
                        (n,) + tuple(range(len(shape) - 1, -1, -1)))


# ----------------------------------------------------------------------------- two players

# Winkels, H.-M. (1979), "An algorithm to determine all equilibrium points of a bimatrix game",
# in O. Moeschlin & D. Pallaschke (eds.), Game Theory and Related Topics, North-Holland,
# 137–148. Payoffs as in Gambit's contrib/games/winkels.nfg ("Winkels, 1979 degenerate game with
# 12 extreme equilibria"), a 6 × 2 game.
WINKELS = bimatrix([1, 1, 1, 0, 3, -2, 3, 4, Fraction(5, 2), -1, Fraction(5, 2), 6,
                          3, 2, 3, -1, 1, 2, 1, -1, Fraction(5, 2), 6, Fraction(5, 2), -1], 6, 2)

# von Stengel, B. (1999), "New maximal numbers of equilibria in bimatrix games", Discrete &
# Computational Geometry 21, 557–568: a nondegenerate 6 × 6 game with 75 equilibria (more than
# the 3·2^6/2 − 1 = 63 conjectured by Quint & Shubik). Payoffs as in Gambit's
# contrib/games/stengel.nfg ("von Stengel's two person 6 x 6 game with 75 equilibria").
STENGEL_75 = bimatrix([int(v) for v in """
    9504 72336 -111771 -461736 397584 1227336 171204 -1718376 1303104 1303104 737154 -453420
    -660 48081 31680 -300036 -113850 774576 -45936 -1039236 -453420 737154 -227040 -227040
    19976 29216 -130944 -178761 451176 451176 208626 -586476 1227336 397584 774576 -113850
    -20526 14124 168124 -84436 -586476 208626 -263076 -263076 -1718376 171204 -1039236 -45936
    1776 1776 -8514 -8976 29216 19976 14124 -20526 72336 9504 48081 -660
    -8976 -8514 52764 52764 -178761 -130944 -84436 168124 -461736 -111771 -300036 31680
    """.split()], 6, 6)

# von Stengel, B. (2007), "Equilibrium computation for two-player games in strategic and
# extensive form", in Nisan, Roughgarden, Tardos & Vazirani (eds.), Algorithmic Game Theory,
# ch. 3: game (3.3), nondegenerate, and game (3.18), the same with b_15 = 3, degenerate.
AGT_33 = ([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
AGT_318 = ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])

# Gambit's collection (contrib/games): degenerate 3 × 3 games without published answers, used
# against the brute-force reference. deg1.nfg and deg2.nfg are in Gambit's outcome format
# (outcomes listed, then one outcome per profile in order 1..9); wink3.nfg is in payoff format.
GAMBIT_DEG1 = bimatrix([1, 1, 2, 3, 3, 2, 3, 2, 2, 2, 1, 2, 2, 3, 2, 1, 2, 2], 3, 3)
GAMBIT_DEG2 = bimatrix([1, 2, 2, 1, 3, 3, 3, 2, 2, 2, 1, 2, 2, 2, 2, 3, 2, 1], 3, 3)
GAMBIT_WINK3 = bimatrix([1, 3, 1, 2, 0, 4, 3, 4, 3, 1, 2, 3, 4, 2, 2, 1, 3, 3], 3, 3)


# ------------------------------------------------------------------------ three or more players

# contrib/games/2x2x2.nfg: "2x2x2 Example from McKelvey-McLennan, with 9 Nash equilibria, 2
# totally mixed" (McKelvey & McLennan 1997, "The maximal number of regular totally mixed Nash
# equilibria", J. Econ. Theory 72, 411-425: 2 is the maximum for 2x2x2 games).
MCKELVEY_MCLENNAN_222 = tensor([
    (9, 8, 12), (0, 0, 0), (0, 0, 0), (9, 8, 2),
    (0, 0, 0), (3, 4, 6), (3, 4, 6), (0, 0, 0)], (2, 2, 2))

# contrib/games/2x2x2-nau.nfg: "2x2x2 example with 3 pure, 2 incompletely mixed, and a continuum
# of completely mixed NE" (Nau, Gomez Canovas & Hansen 2004, "On the geometry of Nash equilibria
# and correlated equilibria", Int. J. Game Theory 32, 443-453).
NAU_222 = tensor([
    (0, 0, 2), (3, 0, 0), (0, 3, 0), (0, 0, 0),
    (1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 3)], (2, 2, 2))

# contrib/games/3x3x3.nfg: "Three person 3x3x3 game with five equilibria (two pure)".
GAMBIT_333 = tensor([
    (1.131, 1.210, 2.426), (1.358, 2.234, 2.238), (1.655, 1.347, 2.747),
    (1.576, 5.634, 5.675), (1.478, 2.544, 1.973), (1.436, 4.864, 5.267),
    (1.735, 4.043, 7.247), (3.830, 1.335, 1.734), (1.428, 1.521, 4.248),
    (2.429, 2.326, 2.422), (5.255, 5.334, 2.643), (2.243, 3.518, 3.062),
    (2.455, 6.523, 4.225), (7.486, 4.483, 5.764), (7.566, 4.655, 7.076),
    (4.943, 7.362, 4.382), (4.434, 4.271, 4.120), (4.533, 5.231, 5.458),
    (3.222, 3.024, 1.223), (2.873, 4.452, 4.549), (4.564, 4.326, 1.762),
    (5.277, 4.837, 5.645), (4.995, 5.754, 4.383), (4.423, 1.759, 2.705),
    (4.642, 1.897, 4.042), (4.976, 7.324, 7.723), (4.486, 4.882, 2.537),
], (3, 3, 3))

# contrib/games/2x2x2x2.nfg: "Four person, 2x2x2x2 game with 3 Nash equilibria".
GAMBIT_2222 = tensor([
    (1.131, 1.210, 2.426, 2.429), (4.225, 5.277, 4.837, 5.645),
    (4.452, 4.549, 1.655, 1.347), (7.566, 4.655, 7.076, 4.423),
    (1.223, 1.358, 2.234, 2.238), (4.483, 5.764, 4.995, 5.754),
    (4.564, 4.326, 1.762, 1.576), (7.247, 4.943, 7.362, 4.382),
    (2.326, 2.422, 3.222, 3.024), (1.478, 2.544, 1.973, 7.486),
    (2.747, 2.243, 3.518, 3.062), (1.759, 2.705, 1.735, 4.043),
    (5.255, 5.334, 2.643, 2.873), (4.383, 1.436, 4.864, 5.267),
    (5.634, 5.675, 2.455, 6.523), (4.642, 1.897, 4.042, 3.830),
], (2, 2, 2, 2))

# contrib/games/5x4x3.nfg: "Three person random 5x4x3 game" (outcomes 1-60 in profile order).
GAMBIT_543 = tensor([
    (1.131, 1.210, 2.426), (1.358, 2.234, 2.238), (1.655, 1.347, 2.747),
    (1.576, 5.634, 5.675), (1.478, 2.544, 1.973), (1.436, 4.864, 5.267),
    (1.735, 4.043, 7.247), (3.830, 1.335, 1.734), (1.428, 1.521, 4.248),
    (2.417, 1.427, 1.624), (1.132, 1.985, 5.369), (5.056, 1.473, 4.580),
    (2.798, 1.403, 2.832), (4.792, 1.214, 4.462), (2.342, 1.640, 1.131),
    (3.024, 1.223, 1.358), (4.452, 4.549, 1.655), (4.326, 1.762, 1.576),
    (4.837, 5.645, 1.478), (5.754, 4.383, 1.436), (2.429, 2.326, 2.422),
    (5.255, 5.334, 2.643), (2.243, 3.518, 3.062), (2.455, 6.523, 4.225),
    (7.486, 4.483, 5.764), (7.566, 4.655, 7.076), (4.943, 7.362, 4.382),
    (4.434, 4.271, 4.120), (4.533, 5.231, 5.458), (4.542, 4.572, 7.577),
    (5.395, 4.669, 4.274), (1.740, 4.192, 2.236), (1.380, 3.803, 2.685),
    (3.974, 2.793, 3.575), (1.210, 2.426, 2.429), (2.234, 2.238, 5.255),
    (1.347, 2.747, 2.243), (5.634, 5.675, 2.455), (2.544, 1.973, 7.486),
    (4.864, 5.267, 7.566), (3.222, 3.024, 1.223), (2.873, 4.452, 4.549),
    (4.564, 4.326, 1.762), (5.277, 4.837, 5.645), (4.995, 5.754, 4.383),
    (4.423, 1.759, 2.705), (4.642, 1.897, 4.042), (4.976, 7.324, 7.723),
    (4.486, 4.882, 2.537), (7.969, 2.675, 2.238), (2.164, 5.349, 2.243),
    (5.174, 2.355, 5.347), (3.464, 2.678, 1.323), (2.269, 2.778, 1.646),
    (2.326, 2.422, 3.222), (5.334, 2.643, 2.873), (3.518, 3.062, 4.564),
    (6.523, 4.225, 5.277), (4.483, 5.764, 4.995), (4.655, 7.076, 4.423),
], (5, 4, 3))

# contrib/games/8x2x2.nfg: "Three person random 8x2x2 game" (outcomes 1-32 in profile order).
GAMBIT_822 = tensor([
    (1.131, 1.210, 2.426), (3.222, 3.024, 1.223), (5.255, 5.334, 2.643),
    (1.655, 1.347, 2.747), (4.564, 4.326, 1.762), (2.455, 6.523, 4.225),
    (1.478, 2.544, 1.973), (4.995, 5.754, 4.383), (7.566, 4.655, 7.076),
    (1.735, 4.043, 7.247), (4.642, 1.897, 4.042), (4.434, 4.271, 4.120),
    (1.428, 1.521, 4.248), (4.486, 4.882, 2.537), (4.542, 4.572, 7.577),
    (1.132, 1.985, 5.369), (2.429, 2.326, 2.422), (1.358, 2.234, 2.238),
    (2.873, 4.452, 4.549), (2.243, 3.518, 3.062), (1.576, 5.634, 5.675),
    (5.277, 4.837, 5.645), (7.486, 4.483, 5.764), (1.436, 4.864, 5.267),
    (4.423, 1.759, 2.705), (4.943, 7.362, 4.382), (3.830, 1.335, 1.734),
    (4.976, 7.324, 7.723), (4.533, 5.231, 5.458), (2.417, 1.427, 1.624),
    (7.969, 2.675, 2.238), (5.395, 4.669, 4.274),
], (8, 2, 2))
