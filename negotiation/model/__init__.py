"""The model layer: the expression language, the model's dataclasses, reading and validating
model files (with ``--set``/``--drop`` overrides), labels in the domain's words, and the model
compiled once into arrays over the outcome space."""

from negotiation.model import expressions
from negotiation.model.compiled import CompiledModel, compile_model, memory_budget
from negotiation.model.core import (
    ConstraintSpec,
    Coupling,
    Distribution,
    Feasibility,
    Issue,
    Level,
    Model,
    Param,
    Party,
    RedLine,
    Register,
    Supplier,
    Valuation,
    parameters,
)
from negotiation.model.labels import (
    constraint_text,
    outcome_text,
    parameter_label,
    party_label,
    short_constraint,
)
from negotiation.model.loading import SectionParser, build_model, model_at

__all__ = ["CompiledModel", "ConstraintSpec", "Coupling", "Distribution", "Feasibility", "Issue",
           "Level", "Model", "Param", "Party", "RedLine", "Register", "SectionParser", "Supplier",
           "Valuation", "build_model", "compile_model", "constraint_text", "expressions",
           "memory_budget", "model_at", "outcome_text", "parameter_label", "parameters",
           "party_label", "short_constraint"]
