"""Random option-form conflicts for the cross-checks (seeded): 2–4 decision makers with 1–3
options each, about a third of them irreversible, 1–4 random prioritised statements per decision
maker, and usually one or two infeasibility conditions."""

from __future__ import annotations

import numpy as np

from negotiation.errors import ModelError
from negotiation.gmcr.graph import graph_model
from negotiation.sections import build_model


def raw_conflict(rng: np.random.Generator, options: tuple[int, ...]) -> dict:
    dms, ids = [], []
    for d, k in enumerate(options):
        opts = [{"id": f"o{d}_{j}", "irreversible": bool(rng.random() < 0.3)} for j in range(k)]
        ids += [o["id"] for o in opts]
        dms.append({"id": f"dm{d}", "options": opts})
    for dm in dms:
        prefs = []
        for _ in range(int(rng.integers(1, 5))):
            a, b = rng.choice(ids, 2, replace=False)
            prefs.append(f"{a} == {rng.choice(['Y', 'N'])} {rng.choice(['and', 'or'])} "
                         f"{b} == {rng.choice(['Y', 'N'])}")
        dm["preferences"] = prefs
    conflict: dict = {"decision_makers": dms}
    if rng.random() < 0.7:
        conflict["infeasible"] = [
            {"condition": f"{a} == Y and {b} == {rng.choice(['Y', 'N'])}"}
            for a, b in (rng.choice(ids, 2, replace=False) for _ in range(int(rng.integers(1, 3))))]
    return {"model": {"name": "random"}, "conflict": conflict}


def random_option_models(seed: int, count: int, max_dms: int = 4, max_options: int = 3,
                         max_states: int | None = None):
    """Yield ``count`` compiled option-form graph models (models whose conditions leave no
    feasible state, or with more than ``max_states`` states, are drawn again)."""
    rng = np.random.default_rng(seed)
    made = 0
    while made < count:
        m = int(rng.integers(2, max_dms + 1))
        options = tuple(int(x) for x in rng.integers(1, max_options + 1, size=m))
        try:
            graph = graph_model(build_model(raw_conflict(rng, options), "<random>"))
        except ModelError:      # every combination infeasible: draw again
            continue
        if max_states is not None and graph.n > max_states:
            continue
        made += 1
        yield graph
