"""What would need to change: parameters, thresholds and sweeps, uncertainty (Monte Carlo),
dynamics and ripeness over time, and proposals (packages) judged against every logic."""

from negotiation.whatif.packages import Package, PackageResult, Record, evaluate_record
from negotiation.whatif.ripeness import Simulation, simulate
from negotiation.whatif.thresholds import Sweep, Threshold, parse_axis, sweep, thresholds
from negotiation.whatif.uncertainty import Robustness, robustness

__all__ = ["Package", "PackageResult", "Record", "Robustness", "Simulation", "Sweep",
           "Threshold", "evaluate_record", "parse_axis", "robustness", "simulate", "sweep",
           "thresholds"]
