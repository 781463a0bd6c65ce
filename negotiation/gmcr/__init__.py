"""The Graph Model for Conflict Resolution (Fang, Hipel and Kilgour 1993): the ``[conflict]``
section, the state graph, Nash/GMR/SMR/SEQ stability, coalitions and inverse analysis."""

from negotiation.gmcr.graph import GraphModel, compile_conflict, graph_model
from negotiation.gmcr.inverse import Inverse, Requirement, inverse
from negotiation.gmcr.section import Conflict, DecisionMaker, Option, parse_section
from negotiation.gmcr.stability import NOTIONS, Coalitions, Stability, coalitions, stability

__all__ = ["NOTIONS", "Coalitions", "Conflict", "DecisionMaker", "GraphModel", "Inverse",
           "Option", "Requirement", "Stability", "coalitions", "compile_conflict",
           "graph_model", "inverse", "parse_section", "stability"]
