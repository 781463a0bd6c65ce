"""``negotiation phased``: a framework's phased settlement as a commitment game — does it hold,
who defects where and why, and what would make it hold."""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    print_result,
    write_out,
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "phased"
HELP = ("a phased settlement (ceasefire now, final status later) as a commitment game: is it "
        "subgame perfect, who defects where, and the least cost of reneging that would fix it")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    parser.description = (HELP + ". MODEL needs a [phased] section (stage-1 terms, discount "
                          "factor, costs of reneging); the final status comes from a framework "
                          "of a record file.")
    add_output_arguments(parser, figures=True)
    parser.add_argument("--framework", action="append", default=[], metavar="ID",
                        help="the record's package whose terms are the final status "
                             "(repeatable; without it, the [phased] frameworks)")
    parser.add_argument("--record", metavar="FILE",
                        help="record file with the frameworks; without it, [phased] record "
                             "beside the model file (the mediation record)")
    parser.add_argument("--order", metavar="A,B,C",
                        help="implementation order at stage 2, party ids separated by commas; "
                             "without it, [phased] order")
    parser.add_argument("--all-orders", action="store_true",
                        help="also diagnose every implementation order")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from negotiation import plots, report
    from negotiation.errors import InputError, did_you_mean
    from negotiation.games.commitment import region
    from negotiation.games.efg import dumps
    from negotiation.games.phased import Framework, analyse, require_phased
    from negotiation.model.compiled import compile_model
    from negotiation.report import phased as phased_report
    from negotiation.sections import load_model, load_record

    first = load_model(args.model, sets=args.sets, drops=args.drops)
    spec = require_phased(first)
    record_path = Path(args.record) if args.record else Path(args.model).parent / spec.record
    record, model = load_record(record_path, args.sets, args.drops, model_path=args.model)
    compiled = compile_model(model)
    packages = {p.id: p for p in record.packages}
    ids = args.framework or list(spec.frameworks)
    if not ids:
        raise InputError("no framework to analyse", argument="framework",
                         fix="name one with --framework ID, or list them in [phased] "
                             "frameworks")
    for fid in ids:
        if fid not in packages:
            raise InputError(f"no package '{fid}' in {record_path}"
                             f"{did_you_mean(fid, packages)}", argument="framework", value=fid,
                             fix="use a package id of the record file")
    order = None
    if args.order:
        order = tuple(p.strip() for p in args.order.split(","))
    results = []
    for fid in ids:
        p = packages[fid]
        results.append(analyse(compiled, Framework(p.id, p.label, p.terms, p.expr),
                               all_orders=args.all_orders, order=order))
    document = {"model": report.model_info(model),
                "record": {"name": record.name, "path": report.display_path(record.path),
                           "sha256": record.sha256},
                "frameworks": [phased_report.phased_document(r, compiled) for r in results]}
    text = "\n\n".join(phased_report.phased_text(r, compiled) for r in results)
    if args.out:
        labels = {p.id: p.label for p in model.parties}
        deltas = [round(0.01 * k, 2) for k in range(1, 100)]
        figures = []
        for r in results:
            spe = r.spe.equilibria[0].behaviour if r.spe.equilibria else None
            figures.append((f"tree_{r.framework.id}", lambda s, b=spe, r=r: plots.save(
                plots.game_tree(r.tree, b, labels, f"{r.framework.label}: the commitment game"),
                s)))
        panels = []
        for r in results:
            cost, ok = region(r.game, deltas)
            panels.append(plots.RegionPanel(r.framework.label, deltas, cost, ok,
                                            (r.game.delta, 0.0)))
        figures.append(("region", lambda s: plots.save(plots.phased_region(panels), s)))
        settings = {"frameworks": ids, "order": list(order) if order else None,
                    "all_orders": args.all_orders}
        write_out(args, tables=phased_report.phased_tables(results, compiled),
                  documents={"phased": document}, figures=figures,
                  texts={"summary.txt": text + "\n",
                         **{f"game_{r.framework.id}.efg": dumps(r.tree) for r in results}},
                  manifest_doc=report.manifest([model], settings=settings,
                                               inputs={record.path: record.sha256}))
    print_result(args, document, text, "tables, phased.json, the games as .efg, figures, "
                 "manifest.json")
    return 0
