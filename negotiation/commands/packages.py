"""``negotiation packages``: proposals (outcome packages) against each party's logic."""

from __future__ import annotations

import argparse
import sys

from negotiation._util.words import counted
from negotiation.commands.common import add_output_arguments

__all__ = ["HELP", "NAME", "READING_CHOICES", "add_arguments", "run", "write_package_results"]

NAME = "packages"
HELP = "which party can accept each proposal in a record file, and what blocks the others"

READING_CHOICES = ("status_quo", "any", "joint", "staged", "all")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", metavar="RECORD.toml",
                        help="record file of packages (e.g. models/mediation_record.toml)")
    parser.add_argument("--model", metavar="MODEL.toml",
                        help="evaluate against this model instead of the one the record names")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="PATH=VALUE",
                        help="override one model value (repeatable)")
    parser.add_argument("--drop", dest="drops", action="append", default=[],
                        metavar="PARTY.RED_LINE", help="remove one constraint (repeatable)")
    parser.add_argument("--reading", choices=READING_CHOICES, default=None,
                        help="how silent issues are read: status_quo (the model's status quo "
                             "fills them), any (each party's own best completion), joint (one "
                             "completion must suit all), staged (interim stages at the status "
                             "quo, then final status under the record's reading), or all side "
                             "by side (default: the reading the record file declares)")
    parser.add_argument("--as-of", dest="as_of", default="record", metavar="DATE",
                        help="whose positions judge each proposal: 'record' (those held on "
                             "each proposal's own date), 'model' (the model's date), or a date "
                             "YYYY-MM-DD")
    add_output_arguments(parser, figures=True)


def write_package_results(out, record, model, compiled, results, name: str = "packages",
                          caption: str = "Proposals against each party's logic",
                          by_reading=None, as_of: str = "record", extra_tables=()) -> None:
    """A results folder for a record file: the proposals × parties tables, the JSON document
    (with the record's and the model's hashes), the matrix figure and the manifest; with
    ``by_reading`` also every reading side by side."""
    from negotiation import plots, report
    from negotiation.report import packages as packages_report

    tables = packages_report.package_tables(results, compiled, name=name, caption=caption)
    documents = {"packages": packages_report.record_document(record, model, compiled, results,
                                                             as_of)}
    if by_reading:
        tables.append(packages_report.readings_table(by_reading, model, name=f"{name}_readings"))
        documents["readings"] = packages_report.readings_document(record, model, compiled,
                                                                  by_reading, as_of)
    report.write_results(
        out, tables=tables + list(extra_tables), documents=documents,
        figures=[(name, lambda stem: plots.save(plots.package_matrix(results, model), stem))],
        manifest_doc=report.manifest([model], inputs={record.path: record.sha256},
                                     settings={"reading": results[0].reading if results
                                               else record.reading, "as_of": as_of}))


def _print(results, model, record) -> None:
    from negotiation.model.labels import outcome_text
    from negotiation.report.packages import READING_WORDS, specs_of
    from negotiation.report.text import blockers_text

    label = {p.id: p.label for p in model.parties}
    reading = results[0].reading if results else record.reading
    print(f"Reading: {READING_WORDS.get(reading, reading)}.\n")
    for r in results:
        specs = specs_of(r.model or model)
        tag = f"{r.package.confidence} confidence" + (", reported" if r.package.reported_only
                                                      else "")
        print(f"{r.package.label} [{tag}; positions as of {r.date}]")
        for p, resp in r.responses.items():
            note = ""
            disagrees = r.record_disagrees(p)
            if disagrees is not None:
                rec = r.package.reception[p]
                note = f"   (record: {rec}{'; the engine disagrees' if disagrees else ''})"
            if resp.accepts:
                print(f"  {label[p]}: can accept{note}")
                continue
            short = "" if resp.shortfall is None or resp.shortfall == 0 else \
                f" (its best completion within its red lines falls {resp.shortfall:.3f} " \
                "short of its no-deal value)"
            where = f" at stage '{resp.stage}'" if resp.stage else ""
            if not resp.blockers:
                give = ""
            elif r.reading == "joint":
                give = ("; its share of the joint revisions below: give up "
                        f"{blockers_text(model, specs, resp.blockers)}")
            else:
                give = ("; to accept it would have to give up "
                        f"{blockers_text(model, specs, resp.blockers)}")
            print(f"  {label[p]}: rejects{where}{give}{short}{note}")
        if r.jointly_acceptable:
            print(f"  jointly acceptable; Nash point: {outcome_text(model, r.nash.outcome)}")
        elif r.joint_blockers:
            where = f" (at stage '{r.stage}')" if r.stage else ""
            print(f"  not jointly acceptable{where}; to make it so, give up "
                  + blockers_text(model, specs, r.joint_blockers, parties=True))
        else:
            print("  not jointly acceptable: no feasible settlement is consistent with it")
        print()


def _print_side_by_side(by_reading, model) -> None:
    from negotiation.report.packages import response_text, short_labels

    names = list(by_reading)
    first = by_reading[names[0]]
    label = {p.id: p.label for p in model.parties}
    print("Readings: " + "; ".join(names) + ".\n")
    for n, res in enumerate(first):
        print(f"{res.package.label}")
        for p in res.responses:
            recorded = res.package.reception.get(p)
            print(f"  {label[p]}" + (f" (record: {recorded})" if recorded else ""))
            for reading in names:
                result = by_reading[reading][n]
                text = response_text(result.responses[p], short_labels(result.model or model),
                                     result.reading)
                print(f"    {reading:<10} {text}")
        joint = ", ".join(f"{r} {'yes' if by_reading[r][n].jointly_acceptable else 'no'}"
                          for r in names)
        print(f"  jointly acceptable: {joint}\n")


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.model.compiled import compile_model
    from negotiation.report import packages as packages_report
    from negotiation.sections import load_record
    from negotiation.whatif.packages import VIEWS, evaluate_record

    record, model = load_record(args.record, tuple(args.sets), tuple(args.drops), args.model)
    compiled = compile_model(model)
    views = VIEWS if args.reading == "all" else (args.reading or record.reading,)
    by_reading = {v: evaluate_record(compiled, record, v, args.as_of) for v in views}
    results = by_reading.get(record.reading) or by_reading[views[0]]
    if args.out:
        from negotiation import plots

        with plots.figure_width(args.figure_width):
            write_package_results(args.out, record, model, compiled, results,
                                  by_reading=by_reading if len(views) > 1 else None,
                                  as_of=args.as_of)
    if args.json:
        document = packages_report.readings_document(record, model, compiled, by_reading,
                                                     args.as_of) if len(views) > 1 else \
            packages_report.record_document(record, model, compiled, results, args.as_of)
        sys.stdout.write(report.dumps(document))
        return 0
    when = {"record": "positions held on each proposal's date",
            "model": f"positions as of {model.positions_date}"}.get(args.as_of,
                                                                   f"positions as of {args.as_of}")
    reading = packages_report.READING_WORDS[record.reading]
    print(f"{record.name}: {counted(len(record.packages), 'proposal')} against {model.name} "
          f"({when}; the record reads silence as: {reading})\n")
    if len(views) > 1:
        _print_side_by_side(by_reading, model)
    else:
        _print(results, model, record)
    if args.out:
        from negotiation.report.text import fill

        print(fill(f"Wrote {args.out}/ (tables, packages.json, the package matrix figure, "
                   "manifest.json)."))
    return 0
