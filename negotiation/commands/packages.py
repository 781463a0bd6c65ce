"""``negotiation packages``: proposals (outcome packages) against each party's logic."""

from __future__ import annotations

import argparse
import sys

NAME = "packages"
HELP = "which party can accept each proposal in a record file, and what blocks the others"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", metavar="RECORD.toml",
                        help="record file of packages (e.g. models/mediation_record.toml)")
    parser.add_argument("--model", metavar="MODEL.toml",
                        help="evaluate against this model instead of the one the record names")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="PATH=VALUE",
                        help="override one model value (repeatable)")
    parser.add_argument("--drop", dest="drops", action="append", default=[],
                        metavar="PARTY.RED_LINE", help="remove one constraint (repeatable)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--out", metavar="DIR", help="write tables and a manifest to DIR")


def write_package_results(out, record, model, compiled, results, name: str = "packages",
                          caption: str = "Proposals against each party's logic") -> None:
    """A results folder for a record file: the proposals × parties tables, the JSON document
    (with the record's and the model's hashes), the matrix figure and the manifest."""
    from negotiation import plots, report
    from negotiation.report import packages as packages_report

    report.write_results(
        out, tables=packages_report.package_tables(results, compiled, name=name, caption=caption),
        documents={"packages": packages_report.record_document(record, model, compiled, results)},
        figures=[(name, lambda stem: plots.save(plots.package_matrix(results, model), stem))],
        manifest_doc=report.manifest([model], inputs={record.path: record.sha256}))


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.model.compiled import compile_model
    from negotiation.model.labels import outcome_text
    from negotiation.report import packages as packages_report
    from negotiation.report.text import blockers_text
    from negotiation.sections import load_record
    from negotiation.whatif.packages import evaluate_record

    record, model = load_record(args.record, tuple(args.sets), tuple(args.drops), args.model)
    compiled = compile_model(model)
    results = evaluate_record(compiled, record)
    document = packages_report.record_document(record, model, compiled, results)
    if args.out:
        write_package_results(args.out, record, model, compiled, results)
    if args.json:
        sys.stdout.write(report.dumps(document))
        return 0
    specs = {s.id: s for s in compiled.constraints}
    label = {p.id: p.label for p in model.parties}
    print(f"{record.name}: {len(results)} proposals against {model.name}\n")
    for r in results:
        tag = f"{r.package.confidence} confidence" + (", reported" if r.package.reported_only
                                                      else "")
        print(f"{r.package.label} [{tag}]")
        for p, resp in r.responses.items():
            note = ""
            disagrees = r.record_disagrees(p)
            if disagrees is not None:
                rec = r.package.reception[p]
                note = f"   (record: {rec}{'; the engine disagrees' if disagrees else ''})"
            if resp.accepts:
                print(f"  {label[p]}: can accept{note}")
            else:
                short = "" if resp.shortfall is None or resp.shortfall == 0 else \
                    f" (its best completion within its red lines falls {resp.shortfall:.3f} " \
                    "short of its no-deal value)"
                print(f"  {label[p]}: rejects; to accept it would have to give up "
                      f"{blockers_text(model, specs, resp.blockers)}{short}{note}")
        if r.jointly_acceptable:
            print(f"  jointly acceptable; Nash point: {outcome_text(model, r.nash.outcome)}")
        else:
            print("  not jointly acceptable; to make it so, give up "
                  + blockers_text(model, specs, r.joint_blockers, parties=True))
        print()
    if args.out:
        print(f"Wrote {args.out}/")
    return 0
