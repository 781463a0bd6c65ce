"""Figures for papers: one shared style (:mod:`negotiation.plots.style`), then figures by
subject. Importing this package loads matplotlib but does not choose its backend."""

from negotiation.plots.certificate import blocking_heatmap, collisions, package_matrix
from negotiation.plots.games import PayoffPanel, game_panel, payoff_panels, posture_grid
from negotiation.plots.gmcr import evolution_paths, state_map
from negotiation.plots.style import DOUBLE, PALETTE, SINGLE, figure_width, save, style, width
from negotiation.plots.time import (
    mechanism_curves,
    opening_by_mechanism,
    rate_sensitivity,
    ripeness_fan,
    sensitivity_lines,
    size_over_time,
    zartman_over_time,
)
from negotiation.plots.trees import RegionPanel, game_tree, phased_region
from negotiation.plots.whatif import robustness_figure, sweep_figure, tornado

__all__ = ["DOUBLE", "PALETTE", "SINGLE", "PayoffPanel", "RegionPanel", "blocking_heatmap",
           "collisions", "evolution_paths", "figure_width", "game_panel", "game_tree",
           "mechanism_curves", "opening_by_mechanism", "package_matrix", "payoff_panels",
           "phased_region",
           "posture_grid", "rate_sensitivity", "ripeness_fan",
           "robustness_figure", "save", "sensitivity_lines", "size_over_time", "state_map",
           "style", "sweep_figure", "tornado", "width", "zartman_over_time"]
