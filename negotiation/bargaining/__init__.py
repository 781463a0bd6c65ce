"""Acceptable sets, the bargaining set and its solutions, the certificate of emptiness, its
independent verifier, and the verdict (``../shared/DESIGN.md`` §2)."""

from negotiation.bargaining.certificate import (
    BlockingMap,
    Certificate,
    LevelBlocking,
    blocking_by_level,
    certify,
)
from negotiation.bargaining.frontier import pareto_frontier
from negotiation.bargaining.solutions import SOLUTIONS, Solution, solve_within
from negotiation.bargaining.verdict import VERDICTS, Analysis, Verdict, verdict_of
from negotiation.bargaining.verify import verify
from negotiation.bargaining.zone import Bargaining, bargain, bargaining_mask

__all__ = ["SOLUTIONS", "VERDICTS", "Analysis", "Bargaining", "BlockingMap", "Certificate",
           "LevelBlocking", "Solution", "Verdict", "bargain", "bargaining_mask",
           "blocking_by_level", "certify", "pareto_frontier", "solve_within", "verdict_of",
           "verify"]
