"""Dated positions (red lines, parameters and the status quo with from/until) and variant files:
evaluation at the boundaries, the rules for versions, and the messages for bad input."""

from __future__ import annotations

import pytest

from negotiation.cli import main
from negotiation.errors import InputError, ModelError
from negotiation.model.loading import model_at
from negotiation.sections import build_model, load_model

ISSUES = [{"id": "x", "levels": ["a", "b", "c"]}, {"id": "y", "levels": ["lo", "hi"]}]


def doc(lines, disagreement=0.2, status_quo=None, as_of="2025-06-01"):
    out = {"model": {"name": "dated", "as_of": as_of}, "issues": ISSUES,
           "parties": [{"id": "p", "disagreement": disagreement,
                        "weights": {"x": 0.5, "y": 0.5},
                        "scores": {"x": {"a": 0, "b": 0.5, "c": 1}, "y": {"lo": 0, "hi": 1}},
                        "red_lines": lines}]}
    if status_quo is not None:
        out["status_quo"] = status_quo
    return out


# Two versions of one line: x >= b until 2025-08-14 inclusive, x == c from 2025-08-15.
VERSIONS = [{"id": "claim", "requires": "x >= b", "until": "2025-08-14", "source": "s1"},
            {"id": "claim", "requires": "x == c", "from": "2025-08-15", "binds": "interim",
             "source": "s2"}]


@pytest.mark.parametrize("date, requires, in_force, binds", [
    ("2025-08-14", "x >= b", True, "final"),     # the last day of the first version
    ("2025-08-15", "x == c", True, "interim"),   # the first day of the second
    ("2030-01-01", "x == c", True, "interim"),   # open-ended
    ("1999-01-01", "x >= b", True, "final"),     # open start
])
def test_versions_at_the_boundaries(date, requires, in_force, binds):
    m = model_at(build_model(doc(VERSIONS), "<t>"), date)
    (rl,) = m.party("p").red_lines
    assert (rl.requires, rl.in_force, rl.binds) == (requires, in_force, binds)
    assert m.positions_date == date


def test_a_line_outside_its_window_is_kept_but_is_no_constraint():
    lines = [{"id": "late", "requires": "x == c", "from": "2025-08-15"}]
    before = model_at(build_model(doc(lines), "<t>"), "2025-08-14")
    assert [c.id for c in before.constraints()] == ["p.ir"]
    assert "p.late" in before.constraint_ids()        # still known, e.g. to --drop
    after = model_at(before, "2025-08-15")
    assert [c.id for c in after.constraints()] == ["p.late", "p.ir"]
    # The model's own date is its as_of (2025-06-01): not yet held.
    assert not build_model(doc(lines), "<t>").party("p").red_lines[0].in_force


def test_dated_parameters_and_status_quo():
    d = [{"value": 0.2, "until": "2024-12-31", "source": "assumption"},
         {"value": 0.6, "from": "2025-01-01", "source": "assumption"}]
    sq = {"x": [{"level": "a", "until": "2024-12-31"}, {"level": "b", "from": "2025-01-01"}],
          "y": "lo"}
    m = build_model(doc([], disagreement=d, status_quo=sq), "<t>")
    assert m.party("p").disagreement.value == 0.6 and m.status_quo == {"x": "b", "y": "lo"}
    old = model_at(m, "2024-12-31")
    assert old.party("p").disagreement.value == 0.2 and old.status_quo["x"] == "a"


@pytest.mark.parametrize("lines, fragment", [
    ([{"id": "c", "requires": "x == a"}, {"id": "c", "requires": "x == b"}], "no dates"),
    ([{"id": "c", "requires": "x == a", "until": "2025-08-15"},
      {"id": "c", "requires": "x == b", "from": "2025-08-15"}], "overlaps"),
    ([{"id": "c", "requires": "x == a", "from": "2025-13-01"}], "not a date"),
    ([{"id": "c", "requires": "x == a", "from": "2025-02-01", "until": "2025-01-01"}],
     "before 'from'"),
    ([{"id": "c", "requires": "x == a", "binds": "interm"}], "did you mean 'interim'"),
])
def test_bad_versions_are_named(lines, fragment):
    with pytest.raises(ModelError) as err:
        build_model(doc(lines), "<t>")
    assert fragment in str(err.value) and "red_lines" in str(err.value)


def test_a_dated_parameter_must_hold_at_the_date():
    d = [{"value": 0.2, "from": "2025-09-01", "source": "assumption"}]
    with pytest.raises(ModelError, match="no version of this dated value holds on 2025-06-01"):
        build_model(doc([], disagreement=d), "<t>")


def test_a_bad_date_argument_names_the_option(tmp_path, capsys):
    with pytest.raises(InputError):
        model_at(build_model(doc(VERSIONS), "<t>"), "yesterday")
    path = tmp_path / "m.toml"
    path.write_text("""
[model]
name = "m"
as_of = "2025-06-01"
[[issues]]
id = "x"
levels = ["a", "b"]
[[parties]]
id = "p"
disagreement = 0.1
weights = { x = 1.0 }
scores.x = { a = 0.0, b = 1.0 }
[[parties.red_lines]]
id = "c"
requires = "x == b"
until = "2025-01-01"
""")
    assert main(["analyze", str(path), "--as-of", "2025-02-30"]) == 2
    err = capsys.readouterr().err
    assert "--as-of 2025-02-30" in err and "not a date" in err
    assert main(["analyze", str(path), "--as-of", "2024-12-31", "--json"]) == 0
    assert '"positions_as_of": "2024-12-31"' in capsys.readouterr().out


def test_variant_files(tmp_path):
    base = tmp_path / "base.toml"
    base.write_text("""
[model]
name = "base"
[[issues]]
id = "x"
levels = ["a", "b"]
[[parties]]
id = "p"
disagreement = 0.1
weights = { x = 1.0 }
scores.x = { a = 0.0, b = 1.0 }
[[parties.red_lines]]
id = "c"
requires = "x == b"
[[parties]]
id = "q"
disagreement = 0.1
weights = { x = 1.0 }
scores.x = { a = 1.0, b = 0.0 }
""")
    variant = tmp_path / "v.toml"
    variant.write_text("""
[variant]
base = "base.toml"
remove = ["parties.q"]
set = ["parties.p.disagreement=0.3"]
drop = ["p.c"]
[model]
name = "variant"
[[parties]]
id = "r"
disagreement = 0.2
weights = { x = 1.0 }
scores.x = { a = 0.5, b = 0.5 }
""")
    m = load_model(variant)
    assert m.name == "variant" and [p.id for p in m.parties] == ["p", "r"]
    assert m.party("p").disagreement.value == 0.3 and "p.c" in m.dropped
    assert m.bases[0][0].endswith("base.toml") and len(m.bases[0][1]) == 64
    variant.write_text(variant.read_text().replace('"parties.q"', '"parties.qq"'))
    with pytest.raises(ModelError, match="did you mean 'q'"):
        load_model(variant)
