"""Strategic games: the game, pure equilibria, all extreme equilibria of two-player games (exact),
support enumeration and the global Newton method for more players, verified equilibria, Gambit
``.nfg`` files, the model file's ``[game]`` section and games derived from the security logics
(postures)."""

from negotiation.games.equilibria import METHODS, Equilibria, Equilibrium, solve
from negotiation.games.files import LoadedGame, load_game
from negotiation.games.game import Game, regrets
from negotiation.games.postures import PostureGame, derive
from negotiation.games.pure import pure_equilibria
from negotiation.games.section import PostureGameSpec, RawGameSpec

__all__ = ["METHODS", "Equilibria", "Equilibrium", "Game", "LoadedGame", "PostureGame",
           "PostureGameSpec", "RawGameSpec", "derive", "load_game", "pure_equilibria",
           "regrets", "solve"]
