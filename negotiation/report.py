"""Results as documents and files: the JSON document, tables, manifests and result folders.

A results folder is written whole or not at all: everything goes to a temporary sibling folder
that replaces the target only when complete. Manifests record what is needed to reproduce the
folder (model files' SHA-256, overrides, seeds, every parameter, package versions) and nothing
that changes between identical runs (no clocks, no absolute paths), so the same inputs give
byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from negotiation.analysis import Analysis
from negotiation.game_report import document as game_document
from negotiation.model import Model, parameters
from negotiation.narrative import VERDICT_MEANINGS, constraint_text, outcome_text, revision_text
from negotiation.tables import WRITERS, Table

PACKAGES = ("negotiation", "numpy", "scipy", "nashpy", "matplotlib")


def _round(value: float) -> float:
    return float(f"{value:.12g}")


def analysis_document(analysis: Analysis, verified: bool | None = None,
                      examples: int = 10) -> dict[str, Any]:
    """The JSON document of ``negotiation analyze --json`` (see README, "JSON output")."""
    model, cert, barg, comp = (analysis.model, analysis.certificate, analysis.bargaining,
                               analysis.compiled)

    def outcome(index: int | None) -> dict[str, str] | None:
        return None if index is None else comp.outcome(int(index))

    solutions = {name: (sol.outcome if sol else None) for name, sol in barg.solutions.items()}
    blocking = cert.blocking
    return {
        "model": model_info(model),
        "backend": analysis.backend,
        "verdict": analysis.verdict,
        "verdict_meaning": VERDICT_MEANINGS[analysis.verdict],
        "outcomes": barg.n_outcomes,
        "constraints": [
            {"id": s.id, "party": s.party, "kind": s.kind, "register": s.register,
             "description": s.description, "revision_cost": s.revision_cost,
             "in_words": constraint_text(model, s)}
            for s in comp.constraints
        ],
        "red_line_set_size": barg.red_line_set_size,
        "acceptable_set_sizes": barg.acceptable_sizes,
        "bargaining_set_size": barg.size,
        "mus": [sorted(s) for s in cert.mus],
        "mus_parties": [list(p) for p in cert.mus_parties],
        "mcs": [sorted(s) for s in cert.mcs],
        "mcs_costs": list(cert.mcs_costs),
        "mcs_parties": [list(p) for p in cert.mcs_parties],
        "pairwise_compatible": cert.pairwise,
        "parties_self_consistent": cert.party_consistent,
        "solutions": solutions,
        "solution_values": {name: ({p: _round(v) for p, v in sol.values.items()} if sol else None)
                            for name, sol in barg.solutions.items()},
        "pareto_frontier_size": barg.pareto_size,
        "pareto_frontier": [outcome(i) for i in barg.pareto[:examples]],
        "distance_to_agreement": None if barg.distance is None else _round(barg.distance),
        "total_concession": (None if barg.total_concession is None
                             else _round(barg.total_concession)),
        "closest_outcomes": [outcome(i) for i in barg.closest[:examples]],
        "blocking": None if blocking is None else {
            "excluded_by": blocking.excluded_by,
            "excluded_only_by": blocking.excluded_only_by,
            "excluded_by_party": blocking.excluded_by_party,
            "patterns": [{"blocked_by": list(p.blocked_by), "count": p.count,
                          "example": outcome(p.witness)} for p in blocking.patterns],
        },
        "notes": dict(analysis.notes),
        "strategic": (None if analysis.strategic is None else
                      game_document(analysis.strategic, zone_nonempty=barg.size > 0)),
        "certificate": {
            "verified": verified,
            "mus_witnesses": [{c: outcome(w) for c, w in ws.items()}
                              for ws in cert.mus_witnesses],
            "mcs_witnesses": [outcome(w) for w in cert.mcs_witnesses],
            "pairwise_witnesses": {k: outcome(w) for k, w in cert.pairwise_witnesses.items()},
        },
    }


def analysis_tables(analysis: Analysis) -> list[Table]:
    """Tables of an analysis: verdict, MUS, MCS, pairwise, blocking map, solutions."""
    model, cert, barg, comp = (analysis.model, analysis.certificate, analysis.bargaining,
                               analysis.compiled)
    specs = {s.id: s for s in comp.constraints}
    label = {p.id: p.label for p in model.parties}
    tables = [Table(
        "verdict", f"Verdict for {model.name}",
        ("verdict", "settlements", "within all red lines", "bargaining set", "meaning"),
        ((analysis.verdict, barg.n_outcomes, barg.red_line_set_size, barg.size,
          VERDICT_MEANINGS[analysis.verdict]),),
    )]
    tables.append(Table(
        "mus", "Minimal incompatible sets: conditions that cannot all hold together, though "
               "any one dropped leaves the rest satisfiable",
        ("set", "parties", "constraint", "condition"),
        tuple((n, " + ".join(label[p] for p in parties), c, constraint_text(model, specs[c]))
              for n, (mus, parties) in enumerate(zip(cert.mus, cert.mus_parties), 1)
              for c in mus),
    ))
    tables.append(Table(
        "mcs", "Minimal correction sets: the smallest revisions that open a zone of agreement, "
               "cheapest first",
        ("rank", "revision cost", "parties", "constraints", "revision"),
        tuple((n, cost, " + ".join(label[p] for p in parties), " ".join(mcs),
               revision_text(model, [specs[c] for c in mcs]))
              for n, (mcs, cost, parties) in enumerate(
                  zip(cert.mcs, cert.mcs_costs, cert.mcs_parties), 1)),
    ))
    tables.append(Table(
        "pairwise", "Pairwise compatibility: can two parties agree, ignoring the others?",
        ("pair", "compatible"),
        tuple((" + ".join(label[p] for p in key.split("+")), ok)
              for key, ok in cert.pairwise.items()),
    ))
    if cert.blocking is not None:
        tables.append(Table(
            "blocking", "Blocking map by constraint: settlements each constraint excludes",
            ("constraint", "party", "condition", "excludes", "excludes alone"),
            tuple((c, label[specs[c].party], constraint_text(model, specs[c]),
                   cert.blocking.excluded_by[c], cert.blocking.excluded_only_by[c])
                  for c in cert.constraint_ids),
        ))
    rows = []
    for name, sol in barg.solutions.items():
        if sol is not None:
            rows.append((name, outcome_text(model, sol.outcome),
                         *(_round(sol.values[p]) for p in comp.party_ids)))
    tables.append(Table(
        "solutions", "Bargaining solutions on the zone of possible agreement",
        ("solution", "settlement", *(label[p] for p in comp.party_ids)), tuple(rows),
    ))
    return tables


def model_info(model: Model) -> dict[str, Any]:
    return {"name": model.name, "path": display_path(model.path), "sha256": model.sha256,
            "as_of": model.as_of, "overrides": list(model.overrides)}


def display_path(path: str | os.PathLike) -> str:
    """A path relative to the working directory when inside it (stable across machines)."""
    if not path:
        return ""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest(models: Iterable[Model], *, seed: int | None = None,
             settings: Mapping[str, Any] | None = None,
             inputs: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything needed to reproduce a results folder (file hashes are added on writing).

    ``inputs`` maps further input files (e.g. record files) to their SHA-256.
    """
    return {
        "models": [model_info(m) | {"parameters": {k: p.value for k, p in parameters(m).items()},
                                    "dropped": sorted(m.dropped)} for m in models],
        "inputs": {display_path(k): v for k, v in (inputs or {}).items()},
        "seed": seed,
        "settings": dict(settings or {}),
        "packages": package_versions(),
    }


def dumps(document: Any) -> str:
    """Deterministic JSON text."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_results(out: str | Path, *, tables: Iterable[Table] = (),
                  documents: Mapping[str, Any] | None = None,
                  texts: Mapping[str, str] | None = None,
                  figures: Iterable[tuple[str, Callable[[Path], None]]] = (),
                  manifest_doc: Mapping[str, Any] | None = None) -> Path:
    """Write a whole results folder atomically.

    ``tables`` go to ``tables/NAME.{csv,md,tex}``, ``documents`` to ``NAME.json``, ``texts`` to
    files of their given names, and each ``(stem, draw)`` in ``figures`` is called with a stem
    path inside ``figures/`` (it writes ``stem.pdf`` and ``stem.png``). ``manifest.json``
    lists every file with its SHA-256.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for table in tables:
            (tmp / "tables").mkdir(exist_ok=True)
            for ext, writer in WRITERS.items():
                (tmp / "tables" / f"{table.name}.{ext}").write_text(writer(table), "utf-8")
        for name, doc in (documents or {}).items():
            (tmp / f"{name}.json").write_text(dumps(doc), "utf-8")
        for name, text in (texts or {}).items():
            (tmp / name).write_text(text, "utf-8")
        for stem, draw in figures:
            (tmp / "figures").mkdir(exist_ok=True)
            draw(tmp / "figures" / stem)
        files = {p.relative_to(tmp).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in sorted(tmp.rglob("*")) if p.is_file()}
        doc = dict(manifest_doc or {}) | {"files": files}
        (tmp / "manifest.json").write_text(dumps(doc), "utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def package_document(results, compiled) -> dict[str, Any]:
    """JSON of evaluated packages: per party accept/reject, blockers, shortfall, the record."""
    return {"packages": [{
        "id": r.package.id, "label": r.package.label, "date": r.package.date,
        "terms": r.package.terms, "says": r.package.says, "confidence": r.package.confidence,
        "reported_only": r.package.reported_only, "reference": r.package.reference,
        "settlements": r.size, "jointly_acceptable": r.jointly_acceptable,
        "joint_blockers": [list(b) for b in r.joint_blockers],
        "nash": r.nash.outcome if r.nash else None,
        "parties": {p: {"accepts": resp.accepts, "blockers": [list(b) for b in resp.blockers],
                        "always_violated": list(resp.always_violated),
                        "shortfall": None if resp.shortfall is None else _round(resp.shortfall),
                        "recorded": r.package.reception.get(p),
                        "record_disagrees": r.record_disagrees(p)}
                    for p, resp in r.responses.items()},
        "reception_note": r.package.reception_note,
    } for r in results]}


def package_tables(results, compiled, name: str = "packages",
                   caption: str = "Proposals against each party's logic") -> list[Table]:
    """The proposals × parties matrix, and the blockers behind every rejection, in words."""
    from negotiation.narrative import blockers_text

    model = compiled.model
    specs = {s.id: s for s in compiled.constraints}
    parties = compiled.party_ids
    label = {p.id: p.label for p in model.parties}
    matrix = Table(
        name, caption + " (accepts: some settlement consistent with it meets the party's red "
                        "lines and no-deal value)",
        ("proposal", "date", "confidence", *(label[p] for p in parties), "jointly",
         *(f"{label[p]} (record)" for p in parties)),
        tuple((r.package.label, r.package.date, r.package.confidence
               + (", reported" if r.package.reported_only else ""),
               *("accepts" if r.responses[p].accepts else "rejects" for p in parties),
               "yes" if r.jointly_acceptable else "no",
               *(r.package.reception.get(p, "") for p in parties)) for r in results),
    )
    rows = []
    for r in results:
        for p in parties:
            resp = r.responses[p]
            if resp.accepts:
                continue
            short = "" if resp.shortfall is None else f"{resp.shortfall:.3f}"
            rows.append((r.package.label, label[p],
                         blockers_text(model, specs, resp.blockers, limit=4), short,
                         {True: "disagrees", False: "agrees", None: ""}[r.record_disagrees(p)]))
    blockers = Table(
        f"{name}_blockers", "What blocks each rejection: the minimal sets of the party's "
        "constraints that exclude every settlement consistent with the proposal",
        ("proposal", "party", "to accept, the party would have to give up",
         "shortfall below no-deal value", "record"),
        tuple(rows),
    )
    return [matrix, blockers]


def threshold_document(items, model) -> dict[str, Any]:
    from negotiation.narrative import parameter_label

    def num(x):
        return None if x is None else _round(x)

    return {"thresholds": [{
        "parameter": t.parameter, "kind": t.kind,
        "in_words": parameter_label(model, t.parameter) if t.kind == "number" else None,
        "current": num(t.current), "verdict": t.verdict,
        "lower": num(t.lower), "lower_verdict": t.lower_verdict,
        "upper": num(t.upper), "upper_verdict": t.upper_verdict,
        "distance": num(t.distance),
    } for t in items]}


def threshold_tables(items, model) -> list[Table]:
    from negotiation.narrative import constraint_text, parameter_label

    specs = {s.id: s for s in model.constraints()}
    numeric = sorted([t for t in items if t.kind == "number"],
                     key=lambda t: (t.distance is None, t.distance or 0, t.parameter))
    rows = tuple((parameter_label(model, t.parameter), t.parameter, _round(t.current),
                  "" if t.lower is None else _round(t.lower), t.lower_verdict or "",
                  "" if t.upper is None else _round(t.upper), t.upper_verdict or "",
                  "" if t.distance is None else _round(t.distance)) for t in numeric)
    lines = tuple((constraint_text(model, specs[t.parameter]), t.parameter,
                   t.upper_verdict or f"no change ({t.verdict})")
                  for t in items if t.kind == "red_line")
    return [
        Table("thresholds", "Exact thresholds: the value of each parameter at which the verdict "
                            "changes, nearest first",
              ("parameter", "path", "today", "lower threshold", "verdict below",
               "upper threshold", "verdict above", "distance"), rows),
        Table("red_line_toggles", "The verdict with each red line dropped on its own",
              ("red line", "constraint", "verdict without it"), lines),
    ]


def sweep_document(result) -> dict[str, Any]:
    return {"parameters": list(result.parameters),
            "axes": [[_round(v) for v in axis] for axis in result.axes],
            "verdicts": result.verdicts.tolist(), "sizes": result.sizes.tolist()}


def sweep_table(result, model) -> Table:
    import numpy as np

    from negotiation.narrative import parameter_label

    index = np.stack([g.ravel() for g in np.meshgrid(
        *[np.arange(len(a)) for a in result.axes], indexing="ij")], axis=1)
    rows = tuple((*(_round(result.axes[k][i]) for k, i in enumerate(point)),
                  str(result.verdicts[tuple(point)]), int(result.sizes[tuple(point)]))
                 for point in index)
    return Table("sweep", "Verdict and size of the bargaining set over "
                 + " and ".join(parameter_label(model, p) for p in result.parameters),
                 (*result.parameters, "verdict", "bargaining set size"), rows)


def robustness_document(result, compiled, top: int = 10) -> dict[str, Any]:
    from negotiation.uncertainty import wilson

    best = sorted(result.opening_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {
        "draws": result.draws, "seed": result.seed, "uncertain": list(result.uncertain),
        "verdicts": {v: {"count": k, "probability": _round(k / result.draws),
                         "ci95": [_round(x) for x in wilson(k, result.draws)]}
                     for v, k in result.verdict_counts.items()},
        "bargaining_set_size": {"mean": _round(float(result.sizes.mean())),
                                "max": int(result.sizes.max())},
        "mus_draws": result.mus_draws,
        "in_mus": {c: {"count": k, "share": _round(k / max(result.mus_draws, 1)),
                       "ci95": [_round(x) for x in wilson(k, result.mus_draws)]}
                   for c, k in result.in_mus.items()},
        "opening_most_often": [{"outcome": compiled.outcome(i), "draws": k,
                                "share": _round(k / result.draws)} for i, k in best],
    }


def robustness_tables(result, compiled, sources: dict[str, tuple[str, str, str]]
                      ) -> list[Table]:
    """Verdict probabilities, MUS membership, settlements opening most often, and the
    distributions used (``sources``: path -> (distribution, source, rationale))."""
    from negotiation.narrative import constraint_text, outcome_text, parameter_label
    from negotiation.uncertainty import wilson

    model = compiled.model
    specs = {s.id: s for s in compiled.constraints}
    verdicts = Table("verdict_probabilities",
                     f"Verdict probabilities over {result.draws:,} draws (seed {result.seed})",
                     ("verdict", "draws", "probability", "95% CI low", "95% CI high"),
                     tuple((v, k, _round(k / result.draws),
                            *(_round(x) for x in wilson(k, result.draws)))
                           for v, k in result.verdict_counts.items()))
    mus = Table("mus_membership", f"How often each constraint sits in a minimal incompatible "
                f"set (first {result.mus_draws:,} draws)",
                ("constraint", "condition", "draws", "share", "95% CI low", "95% CI high"),
                tuple((c, constraint_text(model, specs[c]), k,
                       _round(k / max(result.mus_draws, 1)),
                       *(_round(x) for x in wilson(k, result.mus_draws)))
                      for c, k in result.in_mus.items()))
    best = sorted(result.opening_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    opening = Table("opening_outcomes", "Settlements most often in the bargaining set",
                    ("settlement", "draws", "share"),
                    tuple((outcome_text(model, compiled.outcome(i)), k, _round(k / result.draws))
                          for i, k in best))
    ranges = Table("uncertainty_ranges", "Parameters drawn from distributions, with sources",
                   ("parameter", "distribution", "source", "rationale"),
                   tuple((parameter_label(model, p), *sources[p]) for p in result.uncertain))
    return [verdicts, mus, opening, ranges]


def distribution_text(dist) -> str:
    if dist.kind == "uniform":
        return f"uniform({dist.low:g}, {dist.high:g})"
    if dist.kind == "triangular":
        return f"triangular({dist.low:g}, {dist.mode:g}, {dist.high:g})"
    if dist.kind == "normal":
        return f"normal({dist.mean:g}, {dist.sd:g}) on [{dist.low}, {dist.high}]"
    return f"beta({dist.a:g}, {dist.b:g}) on [{dist.low:g}, {dist.high:g}]"


def uncertainty_sources(model) -> dict[str, tuple[str, str, str]]:
    return {path: (distribution_text(p.dist), p.source, p.rationale)
            for path, p in parameters(model).items() if p.dist is not None}


def simulation_document(sim, compiled) -> dict[str, Any]:
    det = sim.deterministic
    parties = list(compiled.party_ids)
    doc: dict[str, Any] = {
        "periods": sim.periods, "period": sim.period_label, "draws": sim.draws, "seed": sim.seed,
        "deterministic": {
            "first_ripe_period": None if det.first_ripe < 0 else det.first_ripe,
            "settlement": None if det.settlement is None else compiled.outcome(det.settlement),
            "pivotal_parties": list(det.pivotal),
            "eroded_red_lines": {str(t): list(e) for t, e in enumerate(det.eroded) if e},
            "bargaining_set_size": det.sizes.tolist(),
            "disagreement": {p: [_round(x) for x in det.disagreement[:, k]]
                             for k, p in enumerate(parties)},
            "hurting": {p: det.hurting[:, k].tolist() for k, p in enumerate(parties)},
        },
    }
    if sim.draws:
        ttr = sim.time_to_ripeness
        opened = ttr[ttr >= 0]
        doc["monte_carlo"] = {
            "share_never_within_horizon": _round(float((ttr < 0).mean())),
            "time_to_ripeness_quantiles": (
                {q: _round(float(np.quantile(opened, q / 100))) for q in (10, 25, 50, 75, 90)}
                if len(opened) else None),
            "opened_by_period": [_round(x) for x in sim.opened_by()],
            "open_share_by_period": [_round(x) for x in sim.open_share],
            "mutually_hurting_share_by_period": [_round(x) for x in sim.mutually_hurting],
            "first_settlements": [
                {"settlement": compiled.outcome(i), "paths": k, "share": _round(k / sim.draws)}
                for i, k in sorted(sim.first_settlements.items(),
                                   key=lambda kv: (-kv[1], kv[0]))[:10]],
        }
    return doc


def simulation_tables(sim, compiled, suffix: str = "") -> list[Table]:
    from negotiation.narrative import outcome_text

    det = sim.deterministic
    model = compiled.model
    label = {p.id: p.label for p in model.parties}
    parties = list(compiled.party_ids)
    path = Table(
        f"path{suffix}", f"The deterministic path, {sim.period_label} by {sim.period_label}",
        ("period", *(f"{label[p]} no-deal value" for p in parties),
         *(f"{label[p]} hurting" for p in parties), "mutually hurting", "red lines given up",
         "bargaining set"),
        tuple((t, *(_round(x) for x in det.disagreement[t]), *det.hurting[t].tolist(),
               bool(det.hurting[t].all()), " ".join(det.eroded[t]), int(det.sizes[t]))
              for t in range(sim.periods + 1)))
    tables = [path]
    if sim.draws:
        best = sorted(sim.first_settlements.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        tables.append(Table(
            f"first_settlements{suffix}", "Settlements that open first, over Monte Carlo paths",
            ("settlement", "paths", "share of all paths"),
            tuple((outcome_text(model, compiled.outcome(i)), k, _round(k / sim.draws))
                  for i, k in best)))
    return tables
