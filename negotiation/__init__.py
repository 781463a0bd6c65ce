"""negotiation: can the parties to a conflict reach any settlement, and what would have to change?

The flow is one-directional: a model file is loaded into a :class:`~negotiation.model.Model`,
compiled once into arrays (:func:`~negotiation.compiled.compile_model`), analysed by pure functions
(:func:`~negotiation.analysis.analyze`) into result dataclasses, and written by
:mod:`negotiation.report` and :mod:`negotiation.plots`.
"""

from negotiation.analysis import analyze
from negotiation.bargaining.verdict import Analysis
from negotiation.errors import ModelError
from negotiation.model.compiled import CompiledModel, compile_model
from negotiation.model.core import Model
from negotiation.sections import load_model

__all__ = ["Analysis", "CompiledModel", "Model", "ModelError", "analyze", "compile_model",
           "load_model"]
__version__ = "0.1.0"
