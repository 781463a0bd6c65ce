"""Sensitivity of the dynamics to every assumed rate.

A rate is *assumed* when its ``source`` says ``assumption``: a number no source gives (a cost of
war, a hazard, a probability, a revision strength, a war-table entry). Each must carry a range (a
distribution); :func:`assumed_rates` lists them, and :func:`rate_sensitivity` fixes each in turn
at the two ends of its range, the others drawn as declared, and reports the share of paths whose
bargaining set opens. The paths share their random numbers (:mod:`negotiation.whatif.paths`), so
the difference between the two ends is the rate's effect, not sampling noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from negotiation.errors import InputError
from negotiation.model.compiled import compile_model
from negotiation.model.core import Model, Param
from negotiation.model.loading import SectionParser, load_model
from negotiation.whatif.paths import compiled_for
from negotiation.whatif.ripeness import simulate
from negotiation.whatif.uncertainty import inverse_cdf

__all__ = ["RateSensitivity", "assumed_rates", "rate_ends", "rate_sensitivity"]


@dataclass(frozen=True)
class RateSensitivity:
    path: str           # the rate's --set path
    low: float          # the ends of its range
    high: float
    share_low: float    # share of paths open within the horizon at each end
    share_high: float
    zartman_low: float  # share ripe in Zartman's sense at each end
    zartman_high: float


def _game_rates(model: Model) -> dict[str, Param]:
    game = model.sections.get("game")
    out = {}
    for rule in getattr(game, "war", ()):
        for party, param in rule.adjust.items():
            out[f"game.war.{rule.id}.adjust.{party}"] = param
    return out


def assumed_rates(model: Model) -> dict[str, Param]:
    """The dynamics' and the war table's parameters whose source is an assumption, by their
    ``--set`` path (file order); those without a range are included (their ends coincide)."""
    dyn = model.sections.get("dynamics")
    params = dict(dyn.parameters()) if dyn is not None else {}
    params.update(_game_rates(model))
    return {k: p for k, p in params.items() if p.source.strip().lower().startswith("assumption")}


def rate_ends(param: Param) -> tuple[float, float]:
    """The two ends of a rate's range: the distribution's bounds where finite, else its 5 %
    and 95 % quantiles; the value itself when it has no distribution."""
    dist = param.dist
    if dist is None:
        return param.value, param.value
    ends = inverse_cdf(dist, np.array([0.05, 0.95]))
    low = dist.low if dist.low is not None else float(ends[0])
    high = dist.high if dist.high is not None else float(ends[1])
    return float(low), float(high)


def rate_sensitivity(model_path: str | Path, sets: Sequence[str], rates: Sequence[str],
                     periods: int, draws: int, seed: int,
                     sections: Mapping[str, SectionParser] | None = None,
                     progress: bool = False) -> list[RateSensitivity]:
    """For each rate in ``rates`` (``--set`` paths of ``assumed_rates``), the share of paths that
    open (and are ripe in Zartman's sense) with the rate fixed at each end of its range, on the
    model at ``model_path`` with the overrides ``sets``."""
    from tqdm import tqdm

    base = load_model(model_path, sets=sets, sections=sections)
    params = assumed_rates(base)
    # A rate of the dynamics or the war table leaves the compiled masks and valuations as they
    # are: compile once (with any replacement red lines) and swap in each variant's sections.
    compiled = compiled_for(compile_model(base), base.sections["dynamics"])
    out = []
    for path in tqdm(rates, desc="assumed rates", disable=not progress, leave=False):
        if path not in params:
            raise InputError(f"'{path}' is not an assumed rate of the model", argument="rates",
                             value=path, fix="name a path that assumed_rates lists")
        low, high = rate_ends(params[path])
        shares = []
        for end in (low, high):
            model = load_model(model_path, sets=[*sets, f"{path}={end!r}"], sections=sections)
            variant = replace(compiled, model=replace(compiled.model, sections=model.sections))
            sim = simulate(variant, periods, draws, seed, mechanisms=False)
            shares.append((float((sim.time_to_ripeness >= 0).mean()),
                           float((sim.zartman >= 0).mean())))
        out.append(RateSensitivity(path, low, high, shares[0][0], shares[1][0], shares[0][1],
                                   shares[1][1]))
    return out
