"""Sensitivity to every assumed rate: the ends of each range, by hand, and the shortcut that
reuses the compiled model checked against loading and compiling each variant."""

from __future__ import annotations

import pytest

from negotiation.errors import InputError
from negotiation.model.compiled import compile_model
from negotiation.sections import SECTIONS, load_model
from negotiation.whatif.rates import assumed_rates, rate_ends, rate_sensitivity
from negotiation.whatif.ripeness import simulate

MODEL = """
[model]
name = "trap"
[[issues]]
id = "x"
levels = ["a", "b", "c"]
[[parties]]
id = "p"
disagreement = 0
[parties.weights]
x = 1
[parties.scores.x]
a = 1
b = 0.5
c = 0
[[parties.red_lines]]
id = "a"
requires = "x == a"
revision_cost = 2
[[parties]]
id = "q"
disagreement = 0
[parties.weights]
x = 1
[parties.scores.x]
a = 0
b = 0.5
c = 1
[[parties.red_lines]]
id = "c"
requires = "x == c"
revision_cost = 3
[[dynamics.red_lines]]
party = "p"
id = "not_b"
requires = "x != b"
revision_cost = 1
[[dynamics.events]]
id = "vote"
at = 4
probability = { value = 0.5, dist = "uniform", low = 0.0, high = 1.0, source = "assumption" }
replace.p.a = { by = "not_b", strength = { value = 2, source = "judgement" } }
[dynamics.parties.p]
cost = { value = 0.01, dist = "uniform", low = 0.0, high = 0.02, source = "assumption" }
"""


def test_rate_ends_and_shares_by_hand(tmp_path):
    # The only rates marked as assumptions: the vote's probability (uniform 0..1) and p's cost.
    # At probability 0 nothing ever opens; at 1 the replacement (strength 2 = revision cost:
    # certain) lets c through at period 4 on every path. p's cost opens nothing by itself
    # (a structural trap), so its two ends give the same share as the declared model (the vote's
    # probability drawn uniformly: about one half).
    path = tmp_path / "m.toml"
    path.write_text(MODEL)
    model = load_model(path)
    rates = assumed_rates(model)
    assert list(rates) == ["dynamics.parties.p.cost", "dynamics.events.vote.probability"]
    assert rate_ends(rates["dynamics.events.vote.probability"]) == (0.0, 1.0)
    out = {r.path: r for r in rate_sensitivity(path, [], list(rates), 8, 400, 3,
                                               sections=SECTIONS)}
    vote = out["dynamics.events.vote.probability"]
    assert (vote.share_low, vote.share_high) == (0.0, 1.0)
    cost = out["dynamics.parties.p.cost"]
    assert cost.share_low == cost.share_high
    assert abs(cost.share_low - 0.5) < 0.08
    # The shortcut (one compilation, sections swapped) equals loading and compiling the variant.
    variant = load_model(path, sets=["dynamics.events.vote.probability=1.0"])
    direct = simulate(compile_model(variant), 8, 400, 3, mechanisms=False)
    assert (direct.time_to_ripeness == 4).all()
    with pytest.raises(InputError):
        rate_sensitivity(path, [], ["dynamics.decay"], 8, 10, 3, sections=SECTIONS)
