"""Named scenarios: sets of ``--set`` overrides on one model, declared in a file.

```toml
[scenarios]
model = "russia_ukraine_west.toml"     # relative to this file

[[scenario]]
id = "western_fatigue"
label = "Western fatigue"
set = ["dynamics.elections.us_presidential.shift={dist = \\"uniform\\", low = 0.03, high = 0.13}"]
source = "..."
rationale = "..."
```

Each override is applied exactly like ``--set`` on the command line, so a scenario is validated
like the model file itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from negotiation.errors import ModelError
from negotiation.model.core import Model
from negotiation.model.loading import SectionParser, load_model
from negotiation.model.table import Table, read_toml

__all__ = ["Scenario", "load_scenarios", "scenario_model"]


@dataclass(frozen=True)
class Scenario:
    id: str
    label: str
    sets: tuple[str, ...]
    source: str
    rationale: str


def load_scenarios(path: str | Path) -> tuple[Path, str, tuple[Scenario, ...]]:
    """The model file a scenario file names, its SHA-256, and the scenarios in file order."""
    path = Path(path)
    raw, digest = read_toml(path)
    top = Table(raw, "", str(path))
    if "scenarios" not in raw and "model" in raw:
        raise ModelError("this is a model file, but a scenario file is expected here",
                         file=str(path), fix="give a scenario file: a [scenarios] table naming "
                         "the model, and [[scenario]] entries (e.g. "
                         "models/ripeness_scenarios.toml)")
    head = top.table("scenarios", required=True)
    model = path.parent / head.string("model", required=True)
    for key in ("source", "rationale", "description"):
        head.string(key)
    head.finish()
    out = []
    for t in top.tables("scenario", required=True):
        sets = t.raw("set", [])
        if not isinstance(sets, list) or not all(isinstance(s, str) for s in sets):
            raise t.error("set", "expected a list of PATH=VALUE overrides",
                          fix='write set = ["dynamics.parties.russia.cost=0.006"]')
        out.append(Scenario(t.ident(), t.string("label", t.data.get("id", "")), tuple(sets),
                            t.string("source"), t.string("rationale")))
        t.finish()
    top.finish()
    ids = [s.id for s in out]
    if len(set(ids)) != len(ids):
        raise ModelError("duplicate scenario id", file=str(path), key="scenario")
    return model, digest, tuple(out)


def scenario_model(model_path: Path, scenario: Scenario,
                   sections: Mapping[str, SectionParser] | None = None) -> Model:
    """The model with the scenario's overrides applied (``sections`` as in
    :func:`~negotiation.model.loading.load_model`)."""
    return load_model(model_path, sets=scenario.sets, sections=sections)
