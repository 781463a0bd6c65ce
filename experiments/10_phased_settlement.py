"""Experiment 10: phased settlements as commitment games — does sequencing save a settlement?

The article's second alternative (000, "Phased or sequenced settlement": a ceasefire now, the
final status later) fails, it argues, because each side fears that what it gives first will be
pocketed and the war resumed: Fearon's (1995) commitment problem. Here the ceasefire on the
current line (the model's [phased] stage-1 terms) is followed either by the article's phased
settlement itself (alternatives.toml: every deferred issue stays where it is) or by the final
status of each ceasefire-first framework of the mediation record ([phased] frameworks; for another
model, the frameworks its own [phased] section names, and the article's phased settlement only
when an alternatives.toml beside the model is written against it); at stage
2 each party implements its part or goes back on it. Values come from the model's valuations and
war table; costs of reneging (a tripwire force, enforced guarantees) and the discount factor are
sourced assumptions with ranges.

For each: whether the phased settlement is subgame perfect; if not, who defects where and why,
and whether it is a commitment or a participation problem; the least cost of reneging and the
least guarantee level that would make it hold (exact); every implementation order. Figures: the
game tree of each with the equilibrium path marked, and the region (discount factor × cost of
reneging) where each holds. Table for the paper: tables/phased_summary. Writes
results/10_phased_settlement/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from negotiation import plots, report
from negotiation.commands.script import run_script, script_arguments
from negotiation.games.commitment import region
from negotiation.games.efg import dumps
from negotiation.games.phased import Framework, analyse, require_phased
from negotiation.model.compiled import compile_model
from negotiation.report import phased as phased_report
from negotiation.sections import load_model, load_record

ARTICLE = ("alternatives.toml", "phased_settlement")
DELTAS = [round(0.01 * k, 2) for k in range(1, 100)]


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/10_phased_settlement", argv)
    spec = require_phased(load_model(args.input))
    records = [(args.input.parent / spec.record, list(spec.frameworks))]
    if _names_model(args.input.parent / ARTICLE[0], args.input):
        records.insert(0, (args.input.parent / ARTICLE[0], [ARTICLE[1]]))
    model, frameworks, inputs = None, [], {}
    for path, ids in records:
        record, model = load_record(path, model_path=args.input)
        inputs[record.path] = record.sha256
        packages = {p.id: p for p in record.packages}
        frameworks += [Framework(packages[i].id, packages[i].label, packages[i].terms,
                                 packages[i].expr) for i in ids]
    compiled = compile_model(model)
    results = [analyse(compiled, f, all_orders=True) for f in frameworks]
    labels = {p.id: p.label for p in model.parties}
    figures = []
    for r in results:
        behaviour = r.spe.equilibria[0].behaviour if r.spe.equilibria else None
        figures.append((f"tree_{r.framework.id}",
                        lambda s, r=r, b=behaviour: plots.save(plots.game_tree(
                            r.tree, b, labels, f"{r.framework.label}: the commitment game"), s)))
    panels = []
    for r in results:
        cost, ok = region(r.game, DELTAS)
        panels.append(plots.RegionPanel(r.framework.label, DELTAS, cost, ok, (r.game.delta, 0.0)))
    figures.append(("region", lambda s: plots.save(plots.phased_region(panels), s)))
    text = "\n\n".join(phased_report.phased_text(r, compiled) for r in results)
    document = {"model": report.model_info(model),
                "frameworks": [phased_report.phased_document(r, compiled) for r in results]}
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=phased_report.phased_tables(results, compiled),
            documents={"phased": document}, figures=figures,
            texts={"summary.txt": text + "\n",
                   **{f"game_{r.framework.id}.efg": dumps(r.tree) for r in results}},
            manifest_doc=report.manifest([model], inputs=inputs,
                                         settings={"frameworks": [f.id for f in frameworks],
                                                   "deltas": DELTAS}))
    for r in results:
        d, cause = r.diagnosis, r.diagnosis.play.cause
        why = (f"; {labels[cause.player]} would {cause.action} at {cause.stage}"
               if cause is not None else "")
        print(f"  {r.framework.label}: {d.verdict}{why}")
    print(f"Wrote {Path(args.out)}/")
    return 0


def _names_model(record: Path, model: Path) -> bool:
    """Whether ``record`` exists and is written against ``model`` (the article's phased
    settlement is encoded against the Russia–Ukraine–West model; another model's experiment
    analyses its own [phased] frameworks only)."""
    import tomllib

    if not record.is_file():
        return False
    with record.open("rb") as f:
        named = tomllib.load(f).get("record", {}).get("model", "")
    return isinstance(named, str) and (record.parent / named).resolve() == model.resolve()


if __name__ == "__main__":
    sys.exit(run_script(main))
