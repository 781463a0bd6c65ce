"""The Python API: the command line's computations as functions, for notebooks and scripts.

Every function here does what the command of the same name does, with the same defaults (the
same backend choice, verification policy, seeds), and returns a result that renders as a readable
summary in Jupyter (``_repr_markdown_``). Results are the analysis dataclasses themselves, so
everything documented for them (``docs/api.md``) is available as attributes.

>>> import negotiation as ng
>>> m = ng.load_model("models/example.toml")
>>> a = ng.analyze(m)
>>> a.verdict, a.verified
(<Verdict.STRUCTURAL_TRAP: 'structural_trap'>, True)
>>> [t.name for t in ng.tables(a)][:3]
['verdict', 'mus', 'mcs']
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from negotiation import analysis as _analysis
from negotiation import sections
from negotiation.bargaining.verdict import Analysis
from negotiation.errors import InputError, did_you_mean
from negotiation.games.equilibria import Equilibria
from negotiation.games.equilibria import solve as _solve
from negotiation.games.extensive import ExtensiveGame
from negotiation.games.files import LoadedGame, game_of
from negotiation.games.game import Game
from negotiation.games.phased import Framework, Phased, analyse, require_phased
from negotiation.games.tree_equilibria import TreeEquilibria, solve_tree
from negotiation.gmcr.coalitions import CoalitionAnalysis, coalition_analysis
from negotiation.gmcr.graph import GraphModel, graph_model
from negotiation.gmcr.inverse import ENUMERATION_LIMIT, SAMPLES, Inverse
from negotiation.gmcr.inverse import inverse as _inverse
from negotiation.gmcr.stability import NOTIONS, Stability
from negotiation.gmcr.stability import stability as _stability
from negotiation.gmcr.status_quo import StatusQuo
from negotiation.gmcr.status_quo import status_quo as _status_quo
from negotiation.model.compiled import compile_model
from negotiation.model.core import Model
from negotiation.report import games as game_report
from negotiation.report import gmcr as gmcr_report
from negotiation.report import inverse as inverse_report
from negotiation.report import phased as phased_report
from negotiation.report import ripeness as ripeness_report
from negotiation.report import trees as tree_report
from negotiation.report import whatif as whatif_report
from negotiation.report.documents import analysis_tables
from negotiation.report.tables import Table
from negotiation.report.text import as_markdown, explain
from negotiation.whatif.ripeness import Simulation
from negotiation.whatif.ripeness import simulate as _simulate
from negotiation.whatif.thresholds import Sweep, Threshold
from negotiation.whatif.uncertainty import Robustness

__all__ = ["AnalysisResult", "GraphResult", "Thresholds", "analyze", "equilibria", "inverse",
           "load_game", "load_model", "phased", "robustness", "simulate", "stability",
           "status_quo", "sweep", "tables", "thresholds"]


# --------------------------------------------------------------------------- rendering results

_SHOWN: dict[tuple[type, Callable], type] = {}


def _shown(result: Any, text: Callable[[Any], str]) -> Any:
    """``result`` as an instance of a subclass of its own class that renders ``text(result)``
    as Markdown in a notebook (a copy: the result is not changed)."""
    cls = type(result)
    sub = _SHOWN.get((cls, text))
    if sub is None:
        sub = type(cls.__name__, (cls,), {
            "__module__": cls.__module__, "__doc__": cls.__doc__,
            "_repr_markdown_": lambda self: as_markdown(text(self)),
        })
        _SHOWN[(cls, text)] = sub
    shown = copy.copy(result)
    object.__setattr__(shown, "__class__", sub)
    return shown


@dataclass(frozen=True)
class AnalysisResult(Analysis):
    """An :class:`~negotiation.bargaining.verdict.Analysis` with the outcome of the independent
    verifier: ``verified`` is ``None`` when it did not run, ``problems`` what it found."""

    verified: bool | None = None
    problems: tuple[str, ...] = ()

    def _repr_markdown_(self) -> str:
        return as_markdown(explain(self, self.verified))


@dataclass(frozen=True)
class Thresholds:
    """Where the verdict changes, parameter by parameter and red line by red line."""

    analysis: Analysis
    items: tuple[Threshold, ...]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def _repr_markdown_(self) -> str:
        a = self.analysis
        return as_markdown(whatif_report.threshold_text(
            self.items, a.model, a.verdict, has_mcs=bool(a.certificate.mcs),
            backend=a.backend))


@dataclass(frozen=True)
class GraphResult:
    """Stability of every state of a graph model, with coalition stability when asked for."""

    model: Model
    graph: GraphModel
    stability: Stability
    coalitions: CoalitionAnalysis | None = None

    @property
    def equilibria(self) -> np.ndarray:
        """``(4, n)``: whether each state is an equilibrium under Nash, GMR, SMR and SEQ."""
        return self.stability.equilibria

    def _repr_markdown_(self) -> str:
        return as_markdown(gmcr_report.stability_text(self.model, self.graph, self.stability,
                                                      self.coalitions))


# ------------------------------------------------------------------------------------- loading

def load_model(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = (),
               as_of: str | None = None) -> Model:
    """Read and validate a model file; ``sets`` are ``"PATH=VALUE"`` overrides and ``drops``
    constraint ids (``PARTY.RED_LINE``) to remove, as ``--set`` and ``--drop`` do; ``as_of`` a
    date (``YYYY-MM-DD``) whose positions the model should hold, as ``--as-of`` does."""
    return sections.load_model(path, sets=list(sets), drops=list(drops), as_of=as_of)


def load_game(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = ()
              ) -> LoadedGame:
    """A game from a Gambit ``.nfg`` or ``.efg`` file or a model file with a ``[game]`` or
    ``[tree]`` section."""
    return sections.load_game(path, sets=list(sets), drops=list(drops))


# ------------------------------------------------------------------------------------- analyses

def analyze(model: Model, backend: str = "auto", verify: bool | None = None,
            strategic: bool = True) -> AnalysisResult:
    """The verdict, its certificate and the bargaining results (``negotiation analyze``).

    ``backend`` is ``auto`` (enumerate within the memory budget, else integer programming),
    ``enumerate`` or ``milp``; the independent verifier runs when ``verify`` is true, or by
    default up to ten million outcomes; ``strategic=False`` skips the posture game.
    """
    result = _analysis.analyze(model, backend=_analysis.choose_backend(model, backend),
                               strategic=strategic)
    verified, problems = _analysis.check(result, verify)
    fields = {name: getattr(result, name) for name in Analysis.__dataclass_fields__}
    return AnalysisResult(**fields, verified=verified, problems=tuple(problems))


def _analysed(analysis: Analysis | Model, backend: str) -> Analysis:
    """``analysis`` itself, or the analysis of a model by ``backend`` (what-if analyses need
    no posture game)."""
    if isinstance(analysis, Model):
        return _analysis.analyze(analysis, backend=_analysis.choose_backend(analysis, backend),
                                 strategic=False)
    return analysis


def thresholds(analysis: Analysis | Model, paths: Sequence[str] | None = None,
               backend: str = "auto", executor=None, progress: bool = False) -> Thresholds:
    """For every numeric parameter (or those in ``paths``) the exact values at which the verdict
    changes, and for every red line the verdict without it (``negotiation thresholds``). An
    analysis is answered by its own backend; a model is analysed by ``backend`` first (``auto``:
    enumeration within the memory budget, else integer programming)."""
    analysis = _analysed(analysis, backend)
    return Thresholds(analysis, tuple(_analysis.thresholds(analysis, paths, executor=executor,
                                                           progress=progress)))


def sweep(analysis: Analysis | Model, axes: Mapping[str, Sequence[float]], executor=None,
          progress: bool = False, backend: str = "auto") -> Sweep:
    """The verdict and the size of the bargaining set on the grid spanned by ``axes``
    (parameter path → values; one or two), as ``negotiation sweep``. By integer programming
    the size is not counted (``sizes`` is ``None``; ``notes`` says why)."""
    analysis = _analysed(analysis, backend)
    result = _analysis.sweep(analysis, {k: np.asarray(v, dtype=float) for k, v in axes.items()},
                             executor=executor, progress=progress)
    return _shown(result, lambda r: whatif_report.sweep_text(r, analysis.model))


def robustness(analysis: Analysis | Model, draws: int = 10_000, seed: int = 0,
               mus_draws: int = 1000, executor=None, progress: bool = False,
               backend: str = "auto") -> Robustness:
    """Monte Carlo over the model's declared distributions (``negotiation robustness``). By
    integer programming the sizes of the bargaining set and the settlements most often in it
    are not counted, and MUS membership only when affordable (``notes`` says why)."""
    analysis = _analysed(analysis, backend)
    result = _analysis.robustness(analysis, draws, seed, mus_draws=mus_draws,
                                  executor=executor, progress=progress)
    return _shown(result, lambda r: whatif_report.robustness_text(r, analysis.compiled))


def simulate(model: Model, periods: int = 60, draws: int = 0, seed: int = 0,
             progress: bool = False, mechanisms: bool = True, executor=None) -> Simulation:
    """Run the model's ``[dynamics]``: when does the bargaining set open, when is the conflict
    ripe (Zartman), and which mechanism opens it? (``negotiation simulate``)."""
    compiled = compile_model(model)
    result = _simulate(compiled, periods, draws, seed, progress=progress, mechanisms=mechanisms,
                       executor=executor)
    return _shown(result, lambda r: ripeness_report.simulation_text(r, compiled))


def equilibria(game: LoadedGame | Game | ExtensiveGame | Model | str | Path,
               method: str = "auto", subgames: str = "mixed") -> Equilibria | TreeEquilibria:
    """Every equilibrium of a game, verified (``negotiation equilibria``): ``game`` is a loaded
    game, a :class:`~negotiation.games.game.Game`, a game tree, a model with a ``[game]`` or
    ``[tree]`` section, or a file (``.nfg``, ``.efg`` or a model file). For a game tree the
    result is a :class:`~negotiation.games.tree_equilibria.TreeEquilibria`: subgame-perfect
    equilibria (``subgames``: ``mixed`` or ``pure`` solutions of simultaneous-move subgames),
    and the reduced normal form's equilibria with which of them are subgame perfect."""
    if isinstance(game, (str, Path)):
        game = load_game(game)
    elif isinstance(game, Model):
        game = game_of(game)
    if isinstance(game, LoadedGame) and game.tree is not None:
        game = game.tree
    if isinstance(game, ExtensiveGame):
        return _shown(solve_tree(game, method, subgames), tree_report.tree_text)
    zone = game.zone_nonempty if isinstance(game, LoadedGame) else None
    g = game.game if isinstance(game, LoadedGame) else game
    result = _solve(g, method)
    return _shown(result, lambda r: game_report.explain(r, zone))


def phased(model: Model, framework: str, record: str | Path | None = None,
           order: Sequence[str] | None = None, all_orders: bool = False) -> Phased:
    """A framework's phased settlement as a commitment game (``negotiation phased``): does it
    hold, who defects where and why, the least cost of reneging and guarantee level that would
    make it hold, and the sweep over the discount factor. ``framework`` is a package id of
    ``record`` (default: the model's ``[phased] record``, beside the model file)."""
    spec = require_phased(model)
    path = Path(record) if record is not None else Path(model.path).parent / spec.record
    rec, _ = sections.load_record(path, model.overrides, tuple(sorted(model.dropped)),
                                  model_path=model.path)
    packages = {p.id: p for p in rec.packages}
    if framework not in packages:
        raise InputError(f"no package '{framework}' in {path}"
                         f"{did_you_mean(framework, packages)}", argument="framework",
                         value=framework, fix="use a package id of the record file")
    p = packages[framework]
    compiled = compile_model(model)
    result = analyse(compiled, Framework(p.id, p.label, p.terms, p.expr),
                     all_orders=all_orders, order=order)
    return _shown(result, lambda r: phased_report.phased_text(r, compiled))


def stability(model: Model, coalitions: bool = False) -> GraphResult:
    """Stability of every state of the model's ``[conflict]`` graph model under Nash, GMR, SMR
    and SEQ, with coalition stability (CNash, CGMR, CSEQ for every coalition, and the
    equilibria under the class of all coalitions) when asked (``negotiation stability``)."""
    graph = graph_model(model)
    result = _stability(graph)
    joint = coalition_analysis(graph, result=result) if coalitions else None
    return GraphResult(model, graph, result, joint)


def status_quo(model: Model, start: str | None = None, coalitions: bool = False) -> StatusQuo:
    """Where the conflict can evolve from ``start`` (a state's id or name; default the model's
    status quo) by unilateral improvements and by any moves, the equilibria reachable under
    each concept and a shortest path to each; with ``coalitions`` joint improving steps count
    too, and the coalition equilibria are concepts (``negotiation status-quo``)."""
    graph = graph_model(model)
    result = _stability(graph)
    concepts = {n: result.equilibria[k] for k, n in enumerate(NOTIONS)}
    if coalitions:
        joint = coalition_analysis(graph, result=result)
        concepts |= {x: eq for x, eq in joint.equilibria.items() if eq is not None}
    found = _status_quo(graph, None if start is None else graph.state(start, "start"), concepts,
                        coalitions=coalitions)
    return _shown(found, lambda r: gmcr_report.status_quo_text(model, graph, r))


def inverse(model: Model, target: str, vary: str, method: str = "auto",
            limit: int = ENUMERATION_LIMIT, samples: int = SAMPLES, seed: int = 0,
            executor=None, progress: bool = False) -> Inverse:
    """How many strict rankings of decision maker ``vary`` make state ``target`` an equilibrium
    under each notion (``negotiation inverse``); states and decision makers by id or name."""
    graph = graph_model(model)
    result = _inverse(graph, graph.state(target, "target"), graph.dm(vary, "vary"),
                      method=method, limit=limit, samples=samples, seed=seed,
                      executor=executor, progress=progress)
    return _shown(result, lambda r: inverse_report.inverse_text(model, graph, r))


# --------------------------------------------------------------------------------------- tables

def tables(result: Any) -> list[Table]:
    """The tables a results folder would hold for ``result`` (each renders in a notebook and
    writes itself as CSV, Markdown or LaTeX: :mod:`negotiation.report.tables`)."""
    if isinstance(result, Analysis):
        return analysis_tables(result)
    if isinstance(result, Thresholds):
        return whatif_report.threshold_tables(result.items, result.analysis.model,
                                              result.analysis.backend)
    if isinstance(result, Equilibria):
        return game_report.tables(result)
    if isinstance(result, TreeEquilibria):
        return tree_report.tree_tables(result)
    if isinstance(result, Phased):
        return phased_report.phased_tables([result], result.compiled)
    if isinstance(result, GraphResult):
        return gmcr_report.stability_tables(result.graph, result.stability, result.coalitions)
    if isinstance(result, StatusQuo):
        return gmcr_report.status_quo_tables(result.graph, result)
    raise TypeError(f"no tables for a {type(result).__name__}; expected an analysis, thresholds, "
                    "equilibria, a phased settlement, a graph-model result or a status-quo "
                    "analysis")
