"""`thresholds`, `sweep` and `robustness` on a model too large to enumerate, as a user runs them,
and the memory message that sends them there."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from negotiation.cli import main
from negotiation.model.compiled import OverBudget, check_size, estimated_bytes

LEVELS = [f"l{k}" for k in range(10)]
EXAMPLE = str(Path(__file__).parents[2] / "models" / "example.toml")


def big_model(floor_a: float = 0.6) -> str:
    """Twelve issues of ten levels: 10^12 settlements, too many to enumerate.

    a values only i0 (level k worth k/9), floor ``floor_a``; b values i0 reversed and i1 (k/9),
    half each, floor 0.6 (uniform on [0.5, 0.7] for robustness). Red lines on i2 and i3 leave
    plenty of settlements. With b's best i1 (l9), b accepts k0 <= 7 (0.5 (1 - k0/9) + 0.5 >= 0.6)
    and a accepts k0 >= 6 (k0/9 >= 0.6): agreement possible, at k0 in {6, 7}. So a's floor may
    rise to 7/9 before the zone closes, b's to 0.5 (1 - 6/9) + 0.5 = 2/3, and b's weight on i0
    (the rest on i1) to w with w/3 + (1 - w) = 0.6, i.e. 0.6.
    """
    out = ['[model]', 'name = "Twelve issues"', '']
    for j in range(12):
        out += ['[[issues]]', f'id = "i{j}"', "levels = [" + ", ".join(
            f'"{lv}"' for lv in LEVELS) + "]", '']

    def party(pid, floor, weights, scores, lines):
        text = ['[[parties]]', f'id = "{pid}"', f'disagreement = {floor}', '[parties.weights]']
        text += [f'{i} = {w}' for i, w in weights.items()]
        for i, values in scores.items():
            text += [f'[parties.scores.{i}]'] + [f'{lv} = {v!r}' for lv, v in zip(LEVELS, values)]
        for rid, req in lines:
            text += ['[[parties.red_lines]]', f'id = "{rid}"', f'requires = "{req}"']
        return text + ['']

    up = [k / 9 for k in range(10)]
    out += party("a", floor_a, {"i0": 1.0}, {"i0": up}, [("keep_i2", "i2 != l0")])
    out += party("b", '{value = 0.6, dist = "uniform", low = 0.5, high = 0.7}',
                 {"i0": 0.5, "i1": 0.5}, {"i0": up[::-1], "i1": up},
                 [("no_i2", "i2 != l9 and i3 >= l2")])
    return "\n".join(out)


@pytest.fixture
def big(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(big_model())
    return str(path)


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_thresholds_beyond_enumeration(big, capsys):
    doc = run_json(capsys, "thresholds", big)          # --backend auto
    assert doc["backend"] == "milp" and doc["verdict"] == "agreement_possible"
    found = {t["parameter"]: t for t in doc["thresholds"]}
    eps = 1e-9
    for path, upper in (("parties.a.disagreement", 7 / 9 + eps),
                        ("parties.b.disagreement", 2 / 3 + eps),
                        ("parties.b.weights.i0", 0.6 + 1.5 * eps)):
        assert found[path]["upper"] == pytest.approx(upper, abs=1e-7), path
        assert found[path]["upper_verdict"] == "ripeness_gap" and found[path]["lower"] is None
    # b's weight on i1 is the mirror image: below 0.4 the zone closes.
    assert found["parties.b.weights.i1"]["lower"] == pytest.approx(0.4, abs=1e-7)
    assert {t["parameter"]: t["upper_verdict"] for t in doc["thresholds"]
            if t["kind"] == "red_line"} == {"a.keep_i2": None, "b.no_i2": None}
    assert main(["thresholds", big, "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "Computed by integer programming" in out and "... and 2 more" in out


def test_thresholds_spread_over_processes_give_the_same_answer(big, capsys):
    alone = run_json(capsys, "thresholds", big)
    assert run_json(capsys, "thresholds", big, "--workers", "2") == alone


def test_sweep_beyond_enumeration(big, tmp_path, capsys):
    doc = run_json(capsys, "sweep", big, "--param", "parties.a.disagreement=0.5:0.9:3")
    # a's floor 0.5 and 0.7 leave the zone open; 0.9 is above 7/9 (see big_model).
    assert doc["verdicts"] == ["agreement_possible", "agreement_possible", "ripeness_gap"]
    assert doc["sizes"] is None and "not counted" in doc["notes"]["sizes"]
    out = tmp_path / "grid"
    assert main(["sweep", big, "--param", "parties.a.disagreement=0.5:0.9:3",
                 "--param", "parties.b.weights.i0=0:1:3", "--out", str(out)]) == 0
    assert "Size of the bargaining set: not counted" in capsys.readouterr().out
    assert (out / "figures" / "sweep.png").exists()
    table = (out / "tables" / "sweep.csv").read_text()
    assert "bargaining set size" not in table.splitlines()[0]
    assert "not counted" in (out / "tables" / "sweep.tex").read_text()      # the caption
    assert json.loads((out / "manifest.json").read_text())["settings"]["backend"] == "milp"


def test_robustness_beyond_enumeration(big, tmp_path, capsys):
    doc = run_json(capsys, "robustness", big, "--draws", "40", "--mus-draws", "10",
                   "--seed", "3")
    counts = {v: d["count"] for v, d in doc["verdicts"].items()}
    assert sum(counts.values()) == 40
    # b's floor is drawn from [0.5, 0.7]; the zone closes above 2/3 (see big_model).
    assert set(counts) <= {"agreement_possible", "ripeness_gap"}
    assert doc["bargaining_set_size"] is None and doc["opening_most_often"] is None
    assert set(doc["notes"]) == {"sizes", "opening"}
    closed = counts.get("ripeness_gap", 0)
    assert doc["in_mus"]["b.ir"]["count"] <= 10 and doc["in_mus"]["a.keep_i2"]["count"] == 0
    out = tmp_path / "mc"
    assert main(["robustness", big, "--draws", "40", "--mus-draws", "10", "--seed", "3",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"{closed:,} of 40 draws" in text or closed == 0
    assert "Settlements most often in the bargaining set: not computed" in text
    assert not (out / "tables" / "opening_outcomes.csv").exists()


def test_enumeration_is_refused_with_a_budget_above_the_users(big, capsys, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_MEMORY_BUDGET", "8G")
    assert main(["sweep", big, "--backend", "enumerate",
                 "--param", "parties.a.disagreement=0:1:3"]) == 2
    err = capsys.readouterr().err
    suggested = int(re.search(r"NEGOTIATION_MEMORY_BUDGET to at least (\d+)G", err).group(1))
    assert suggested > 8 and "--backend milp" in err and "Traceback" not in err


@pytest.mark.parametrize("share", [0.0, 0.5, 0.9, 0.999999, 1 - 1e-12])
def test_memory_message_never_suggests_the_budget_already_set(tmp_path, share):
    # Whatever the budget below the need (a space of 36 settlements or of 10^12; a budget far
    # below the need or just short of it, in whole gigabytes or not), the suggested budget
    # covers the need, and so exceeds the budget the user has.
    from negotiation.sections import load_model

    path = tmp_path / "m.toml"
    path.write_text(big_model())
    for model in (load_model(str(path)), load_model(EXAMPLE)):
        need = estimated_bytes(model)
        for budget in (math.floor(need * share), 1024**3, 2 * 1024**3 + 1):
            if budget >= need:
                continue
            with pytest.raises(OverBudget) as caught:
                check_size(model, budget)
            suggested = int(re.search(r"at least (\d+)G", caught.value.fix).group(1))
            assert suggested * 1024**3 >= need > budget


def test_report_beyond_enumeration(big, tmp_path, capsys):
    out = tmp_path / "paper"
    assert main(["report", big, "--out", str(out), "--draws", "100"]) == 0
    text = capsys.readouterr().out
    assert "Thresholds and the sweep were computed by integer programming" in text
    figures = {p.name for p in (out / "figures").iterdir()}
    assert {"tornado_baseline.png", "sweep.png", "robustness_baseline.png"} <= figures
    doc = json.loads((out / "thresholds_baseline.json").read_text())
    assert doc["backend"] == "milp"
