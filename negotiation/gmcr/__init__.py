"""The Graph Model for Conflict Resolution (Fang, Hipel and Kilgour 1993): the ``[conflict]``
section, the state graph, Nash/GMR/SMR/SEQ stability, coalition stability, status-quo analysis
and inverse analysis."""

from negotiation.gmcr.coalitions import CoalitionAnalysis, all_coalitions, coalition_analysis
from negotiation.gmcr.evolution import joint_move
from negotiation.gmcr.graph import GraphModel, compile_conflict, graph_model
from negotiation.gmcr.inverse import Inverse, Requirement, inverse
from negotiation.gmcr.section import Conflict, DecisionMaker, Option, parse_section
from negotiation.gmcr.space import OptionSpace
from negotiation.gmcr.stability import NOTIONS, Stability, stability
from negotiation.gmcr.status_quo import StatusQuo, status_quo

__all__ = ["NOTIONS", "CoalitionAnalysis", "Conflict", "DecisionMaker", "GraphModel", "Inverse",
           "OptionSpace", "Option", "Requirement", "Stability", "StatusQuo", "all_coalitions",
           "coalition_analysis", "compile_conflict", "graph_model", "inverse", "joint_move",
           "parse_section", "stability", "status_quo"]
