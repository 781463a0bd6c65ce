"""Sweeps and Monte Carlo runs give byte-identical results whatever runs them: this process in
one task or in many small ones, a process pool, or a Dask cluster (a ``LocalCluster`` of two
workers, when ``distributed`` is installed; the test extra installs it).

Random numbers are keyed by item (draw, path, ranking) in stream blocks of 1,024: the tests also
check that a block is the seed's spawned child and that the split into tasks never changes the
numbers an item gets.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from negotiation import analysis as backends
from negotiation._util import parallel
from negotiation._util.parallel import Runner, dask_client, stream, task_ranges, uniforms
from negotiation.analysis import analyze
from negotiation.cli import main
from negotiation.errors import InputError
from negotiation.gmcr.graph import graph_model
from negotiation.gmcr.inverse import inverse
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model, load_model
from negotiation.whatif.paths import make_paths
from negotiation.whatif.ripeness import simulate
from negotiation.whatif.thresholds import sweep
from negotiation.whatif.uncertainty import robustness

# The modules (``negotiation.whatif`` re-exports functions under the same names).
thresholds = importlib.import_module("negotiation.whatif.thresholds")
uncertainty = importlib.import_module("negotiation.whatif.uncertainty")
ripeness = importlib.import_module("negotiation.whatif.ripeness")
rankings = importlib.import_module("negotiation.gmcr.rankings")
ROOT = Path(__file__).resolve().parents[2]
RUW = str(ROOT / "models" / "russia_ukraine_west.toml")
CHEAPEST = ["russia.non_alignment", "russia.keep_crimea", "russia.territorial_claims",
            "russia.recognition_of_gains"]
AXES = {"parties.p0.disagreement": np.linspace(0, 1, 40),
        "parties.p1.disagreement": np.linspace(0, 1, 25)}


def small_model():
    """3 parties, 3 issues of 5 levels, seeded random scores, uncertain no-deal values near
    where the bargaining set closes (so the verdict varies by draw)."""
    rng = np.random.default_rng(4)
    issues = [{"id": f"i{j}", "levels": [f"l{k}" for k in range(5)]} for j in range(3)]
    parties = []
    for p in range(3):
        scores = {i["id"]: dict(zip(i["levels"], np.round(rng.random(5), 3).tolist()))
                  for i in issues}
        parties.append({"id": f"p{p}", "weights": {i["id"]: 1 / 3 for i in issues},
                        "scores": scores, "red_lines": [
                            {"id": "r", "requires": f"not (i{p} == l4 and i{(p + 1) % 3} == l0)"}],
                        "disagreement": {"value": 0.65, "dist": "uniform", "low": 0.55,
                                         "high": 0.75}})
    return build_model({"model": {"name": "small"}, "issues": issues, "parties": parties}, "<t>")


@pytest.fixture(scope="module")
def analysis():
    return analyze(small_model(), strategic=False)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    with dask_client("local", workers=2) as c:
        yield c


@pytest.fixture
def tiny_tasks(monkeypatch):
    """Cut every run into the smallest tasks (one stream block, or one item)."""
    def tiny(items, work, block=1, target=parallel.TARGET_WORK):
        return task_ranges(items, work, block, target=1)

    for module in (thresholds, uncertainty, ripeness):
        monkeypatch.setattr(module, "task_ranges", tiny)
    monkeypatch.setattr(rankings, "task_ranges", tiny)


def same(a, b) -> bool:
    """Equal field by field, arrays byte for byte."""
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def test_a_stream_block_is_the_seeds_spawned_child():
    # SeedSequence(seed, spawn_key=(b,)) is the b-th child of SeedSequence(seed).spawn(...).
    child = np.random.SeedSequence(5).spawn(4)[3]
    expected = np.random.Generator(np.random.PCG64(child)).random(8)
    assert np.array_equal(stream(5, 3).random(8), expected)


def test_numbers_do_not_depend_on_the_split():
    whole = uniforms(3, 0, 5000, 4)
    parts = np.concatenate([uniforms(3, a, b, 4) for a, b in task_ranges(5000, 1.0, 1024, 2048)])
    assert np.array_equal(whole, parts)
    assert not np.array_equal(whole[:1024], whole[1024:2048])      # blocks are distinct streams


def test_tasks_are_sized_for_the_scheduler():
    # 10^4 grid points of 10^3 settlements x 3 floors: tasks of about 2 x 10^7 units, so a few
    # tasks, not one per point; whole stream blocks when asked.
    ranges = task_ranges(10_000, 3_000)
    assert len(ranges) == 2 and ranges[0] == (0, 6666) and ranges[-1][1] == 10_000
    assert all(a % 1024 == 0 for a, _ in task_ranges(100_000, 3_000, block=1024))


def test_sweep_and_robustness_the_same_in_tasks_and_on_a_pool(analysis, tiny_tasks):
    grid = sweep(analysis, AXES)
    runs = robustness(analysis, 3000, seed=11, mus_draws=400)
    assert set(runs.verdict_counts) == {"agreement_possible", "ripeness_gap"}
    with ProcessPoolExecutor(2) as pool:
        assert same(sweep(analysis, AXES, executor=pool), grid)
        assert same(robustness(analysis, 3000, seed=11, mus_draws=400, executor=pool), runs)


def test_sweep_and_robustness_in_one_task_match_many(analysis, monkeypatch):
    grid = sweep(analysis, AXES)
    runs = robustness(analysis, 3000, seed=11, mus_draws=400)
    other = robustness(analysis, 3000, seed=12, mus_draws=400)
    assert not np.array_equal(other.sizes, runs.sizes)            # the seed matters
    monkeypatch.setattr(thresholds, "task_ranges", lambda n, w, b=1: task_ranges(n, w, b, 1))
    monkeypatch.setattr(uncertainty, "task_ranges", lambda n, w, b=1: task_ranges(n, w, b, 1))
    assert same(sweep(analysis, AXES), grid)
    assert same(robustness(analysis, 3000, seed=11, mus_draws=400), runs)


def test_on_a_dask_cluster(analysis, client):
    grid = sweep(analysis, AXES)
    runs = robustness(analysis, 3000, seed=11, mus_draws=400)
    assert same(sweep(analysis, AXES, executor=client), grid)
    assert same(robustness(analysis, 3000, seed=11, mus_draws=400, executor=client), runs)
    assert same(robustness(analysis, 3000, seed=11, mus_draws=400, executor=client), runs)


def test_integer_programming_what_ifs_on_a_dask_cluster(client):
    """By integer programming too (thresholds, sweep and robustness): the programs go to the
    cluster in chunks, with the model sent once per worker, and the answers are the serial ones."""
    milp = analyze(small_model(), backend="milp", strategic=False)
    axes = {"parties.p0.disagreement": np.linspace(0.5, 0.8, 7)}
    paths = ["parties.p0.disagreement", "parties.p1.weights.i0"]
    assert same(backends.thresholds(milp, paths, executor=client),
                backends.thresholds(milp, paths))
    assert same(backends.sweep(milp, axes, executor=client), backends.sweep(milp, axes))
    assert same(backends.robustness(milp, 40, seed=3, mus_draws=5, executor=client),
                backends.robustness(milp, 40, seed=3, mus_draws=5))


@pytest.fixture(scope="module")
def ruw_dynamics():
    return compile_model(load_model(RUW))


def test_simulation_the_same_however_split(ruw_dynamics, client, monkeypatch):
    # 2,100 paths: two whole stream blocks and part of a third.
    whole = simulate(ruw_dynamics, 24, 2100, seed=5)
    assert len(whole.time_to_ripeness) == len(whole.cause) == 2100 and whole.mechanisms
    monkeypatch.setattr(ripeness, "task_ranges", lambda n, w, b=1: task_ranges(n, w, b, 1))
    assert same(simulate(ruw_dynamics, 24, 2100, seed=5), whole)
    assert same(simulate(ruw_dynamics, 24, 2100, seed=5, executor=client), whole)


def test_paths_do_not_depend_on_which_paths_are_made_with_them(ruw_dynamics):
    dyn = ruw_dynamics.model.sections["dynamics"]
    every = make_paths(ruw_dynamics, dyn, 12, 3000, 9)
    tail = make_paths(ruw_dynamics, dyn, 12, 952, 9, first=2048)
    assert np.array_equal(every.moving[2048:], tail.moving)
    assert np.array_equal(every.states[2048:], tail.states)
    # Over five years the West's decision rule fires on some paths of a block and on none of
    # another in the same month: its revision draws must not depend on that.
    every = make_paths(ruw_dynamics, dyn, 60, 4096, 2)
    for first in range(0, 4096, 1024):
        part = make_paths(ruw_dynamics, dyn, 60, 1024, 2, first=first)
        assert np.array_equal(every.states[first:first + 1024], part.states), first
    with pytest.raises(ValueError, match="multiple"):
        make_paths(ruw_dynamics, dyn, 12, 10, 9, first=5)


def test_sampled_rankings_the_same_however_split(client, monkeypatch):
    prisoners = {"decision_makers": [
        {"id": "p1", "options": [{"id": "d1"}], "preferences": ["d2 == N", "d1 == Y"]},
        {"id": "p2", "options": [{"id": "d2"}], "preferences": ["d1 == N", "d2 == Y"]}]}
    graph = graph_model(build_model({"model": {"name": "t"}, "conflict": prisoners}, "<t>"))
    args = (graph, graph.state("NN"), graph.dm("p1"))
    once = inverse(*args, method="sample", limit=10, samples=5000, seed=3)
    hits, trials = once.estimates["seq"]
    assert trials == 5000 and abs(hits / trials - 7 / 24) < 0.04    # the true share is 7/24
    assert same(inverse(*args, method="sample", limit=10, samples=5000, seed=3,
                        executor=client), once)
    exact = inverse(*args)                                           # enumeration, 4! orders
    monkeypatch.setattr(rankings, "task_ranges", lambda n, w, b=1: task_ranges(n, w, b, 1))
    assert same(inverse(*args), exact) and exact.counts["seq"] == 7


def test_sampled_rankings_on_a_process_pool():
    """A process pool pickles the graph model (plain pickle, unlike Dask's cloudpickle): an
    option-form model's lazily made state labels must pickle too."""
    graph = graph_model(load_model(str(ROOT / "models" / "ruw_graph_model.toml")))
    args = (graph, graph.state("neutrality_with_guarantees"), graph.dm("russia"))
    serial = inverse(*args, method="sample", samples=3000, seed=1)
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert same(inverse(*args, method="sample", samples=3000, seed=1, executor=pool), serial)


def cli_json(capsys, *args) -> str:
    assert main([*args, "--json"]) == 0
    return capsys.readouterr().out


def test_commands_on_a_running_scheduler_match_serial(client, capsys):
    address = client.scheduler.address
    drops = [x for c in CHEAPEST for x in ("--drop", c)]
    sweep_args = ["sweep", RUW, *drops, "--param", "parties.russia.disagreement=0:1:30",
                  "--param", "parties.ukraine.disagreement=0.3:0.7:20"]
    serial = cli_json(capsys, *sweep_args)
    assert "agreement_possible" in serial
    assert cli_json(capsys, *sweep_args, "--dask", address) == serial
    robust_args = ["robustness", RUW, *drops, "--draws", "2500", "--mus-draws", "50",
                   "--seed", "4"]
    serial = cli_json(capsys, *robust_args)
    assert json.loads(serial)["verdicts"]["agreement_possible"]["count"] > 0
    assert cli_json(capsys, *robust_args, "--dask", address) == serial
    assert cli_json(capsys, *robust_args, "--workers", "2") == serial


def test_a_local_cluster_from_the_command_line(capsys):
    pytest.importorskip("distributed")
    args = ["robustness", RUW, "--draws", "1500", "--mus-draws", "5", "--seed", "2"]
    assert cli_json(capsys, *args, "--dask", "local") == cli_json(capsys, *args)


def test_without_distributed_the_message_says_how_to_install(monkeypatch, capsys):
    import builtins
    import importlib.util

    real_import, real_find = builtins.__import__, importlib.util.find_spec

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("no distributed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(InputError, match=r"negotiation\[distributed\]"):     # the library
        with dask_client("local"):
            pass
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real_find(name, *a))
    for command in (["sweep", RUW, "--param", "parties.russia.disagreement=0:1:3"],
                    ["simulate", RUW], ["robustness", RUW],
                    ["inverse", RUW, "--target", "x", "--vary", "y"]):
        with pytest.raises(SystemExit) as stop:          # refused before any work is done
            main([*command, "--dask", "local"])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert "--dask" in err and "pip install 'negotiation[distributed]'" in err
        assert "Traceback" not in err


def test_an_unreachable_scheduler_is_named(capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "2s")
    assert main(["sweep", RUW, "--param", "parties.russia.disagreement=0:1:3",
                 "--dask", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "--dask tcp://127.0.0.1:9" in err and "scheduler" in err


def test_runner_keeps_task_order_on_every_executor(client):
    tasks = [(k,) for k in range(7)]

    def square(shared, k):
        return shared * k * k

    assert Runner().map(square, 2, tasks) == [2 * k * k for k in range(7)]
    assert Runner(client).map(square, 2, tasks) == [2 * k * k for k in range(7)]
