"""Spaces too large to enumerate: red lines linearised into integer programs (HiGHS through
``scipy.optimize.milp``), the certificate and bargaining solutions by optimisation, and the
divide-and-conquer Pareto frontier of additive valuations."""

from negotiation.milp.analysis import analyze_milp
from negotiation.milp.frontier import Frontier, FrontierTooLarge, pareto_frontier_additive
from negotiation.milp.solver import LinearModel, SolverError, linearize_model

__all__ = ["Frontier", "FrontierTooLarge", "LinearModel", "SolverError", "analyze_milp",
           "linearize_model", "pareto_frontier_additive"]
