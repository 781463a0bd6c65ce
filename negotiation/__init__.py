"""negotiation: can the parties to a conflict reach any settlement, and what would have to change?

A model file is loaded into a :class:`~negotiation.model.core.Model`, compiled once into arrays,
analysed by pure functions into result dataclasses, and written by :mod:`negotiation.report` and
:mod:`negotiation.plots`. The functions below are the notebook API (:mod:`negotiation.api`,
``docs/api.md``)::

    import negotiation as ng
    m = ng.load_model("models/russia_ukraine_west.toml", sets=["parties.russia.disagreement=0.3"])
    a = ng.analyze(m)                      # renders as a summary in Jupyter
    fig = ng.plots.collisions(a)           # a matplotlib Figure
    ng.plots.save(fig, "results/mine/collisions")

Names are imported on first use, so ``import negotiation`` (and the command line) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from negotiation._version import __version__ as __version__

_API = ("AnalysisResult", "GraphResult", "Thresholds", "analyze", "equilibria", "inverse",
        "load_game", "load_model", "phased", "robustness", "simulate", "stability", "status_quo",
        "sweep",
        "tables", "thresholds")
_ELSEWHERE = {"Model": "negotiation.model.core", "ModelError": "negotiation.errors",
              "InputError": "negotiation.errors", "Analysis": "negotiation.bargaining.verdict",
              "Verdict": "negotiation.bargaining.verdict",
              "compile_model": "negotiation.model.compiled",
              "CompiledModel": "negotiation.model.compiled"}
_SUBPACKAGES = ("api", "plots", "report", "model", "bargaining", "games", "gmcr", "milp", "whatif")

__all__ = sorted((*_API, *_ELSEWHERE, *_SUBPACKAGES, "__version__"))


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(importlib.import_module("negotiation.api"), name)
    elif name in _ELSEWHERE:
        value = getattr(importlib.import_module(_ELSEWHERE[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"negotiation.{name}")
    else:
        raise AttributeError(f"module 'negotiation' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
