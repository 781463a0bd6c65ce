"""The registry of model-file sections beyond the core, and loaders that know all of them.

The core of a model file (``[model]``, ``[[issues]]``, ``[[parties]]``, ``[[feasibility]]``) is
read by :mod:`negotiation.model.loading`. Each further section belongs to the layer that
interprets it and is registered here, explicitly, above those layers:

========== ===================================================== ==============================
section    parser                                                 used by
========== ===================================================== ==============================
``game``   :func:`negotiation.games.section.parse`                strategic games, postures
``conflict`` :func:`negotiation.gmcr.section.parse_section`       graph model (GMCR)
``dynamics`` :func:`negotiation.whatif.dynamics.load_section`     ripeness over time
``tree``   :func:`negotiation.games.tree_section.parse`           extensive-form games
``phased`` :func:`negotiation.games.phased_section.parse`         phased settlements
========== ===================================================== ==============================
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from negotiation.games.files import LoadedGame
from negotiation.games.files import load_game as _load_game
from negotiation.games.phased_section import parse as parse_phased
from negotiation.games.section import parse as parse_game
from negotiation.games.tree_section import parse as parse_tree
from negotiation.gmcr.section import parse_section as parse_conflict
from negotiation.model import loading
from negotiation.model.core import Model
from negotiation.whatif.dynamics import load_section as parse_dynamics
from negotiation.whatif.packages import Record
from negotiation.whatif.packages import load_record as _load_record

__all__ = ["SECTIONS", "build_model", "load_game", "load_model", "load_record"]

SECTIONS: dict[str, loading.SectionParser] = {
    "game": parse_game,
    "conflict": parse_conflict,
    "dynamics": parse_dynamics,
    "tree": parse_tree,
    "phased": parse_phased,
}


def load_model(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = (),
               as_of: str | None = None) -> Model:
    """Load, override and validate a model file, with every registered section, holding the
    positions of ``as_of`` if given (:func:`negotiation.model.loading.load_model`)."""
    return loading.load_model(path, sets=sets, drops=drops, sections=SECTIONS, as_of=as_of)


def load_game(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = ()
              ) -> LoadedGame:
    """The game in a ``.nfg`` or ``.efg`` file or a model file
    (:func:`negotiation.games.files.load_game`)."""
    return _load_game(path, sets=sets, drops=drops, sections=SECTIONS)


def load_record(path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = (),
                model_path: str | Path | None = None) -> tuple[Record, Model]:
    """A record file and its model (:func:`negotiation.whatif.packages.load_record`)."""
    return _load_record(path, tuple(sets), tuple(drops), model_path, sections=SECTIONS)


def build_model(raw: dict, file: str) -> Model:
    """Validate a parsed model document, with every registered section
    (:func:`negotiation.model.loading.build_model`)."""
    return loading.build_model(raw, file=file, sections=SECTIONS)
