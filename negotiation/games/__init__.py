"""Strategic games: the game, pure equilibria, all extreme equilibria of two-player games (exact),
support enumeration and the global Newton method for more players, verified equilibria, Gambit
``.nfg`` files, the model file's ``[game]`` section and games derived from the security logics
(postures). Game trees: extensive-form games, Gambit ``.efg`` files and the ``[tree]`` section,
subgame-perfect equilibria, the reduced normal form and non-credible threats; phased settlements
as commitment games (the ``[phased]`` section)."""

from negotiation.games.commitment import Commitment, diagnose
from negotiation.games.equilibria import METHODS, Equilibria, Equilibrium, solve
from negotiation.games.extensive import ExtensiveGame, chance, leaf, move
from negotiation.games.files import LoadedGame, load_game
from negotiation.games.game import Game, regrets
from negotiation.games.postures import PostureGame, derive
from negotiation.games.pure import pure_equilibria
from negotiation.games.section import PostureGameSpec, RawGameSpec
from negotiation.games.subgame_perfect import subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.games.tree_equilibria import TreeEquilibria, solve_tree

__all__ = ["METHODS", "Commitment", "Equilibria", "Equilibrium", "ExtensiveGame", "Game",
           "LoadedGame", "PostureGame", "PostureGameSpec", "RawGameSpec", "TreeEquilibria",
           "chance", "compile_game", "derive", "diagnose", "leaf", "load_game", "move",
           "pure_equilibria", "regrets", "solve", "solve_tree", "subgame_perfect"]
