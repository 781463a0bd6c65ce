"""``negotiation report``: everything a paper needs about one model, in one results folder.

For any model the folder holds what experiments 01, 06 and 07 write for the Russia–Ukraine–West
model: the analysis and its certificate with the collision figure and the blocking heatmap; what
would need to change (the minimal revisions in words, thresholds before and after the cheapest
revision with tornado figures, a sweep); robustness under the declared distributions; tables in
CSV, Markdown and LaTeX; a Markdown summary for an appendix; and a manifest. A figure that would
say nothing is not drawn, and the summary says why.

The parts are built by :func:`certificate_part`, :func:`change_part` and
:func:`robustness_part`, which the experiment scripts share.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from negotiation._util.words import counted
from negotiation.commands.common import add_figure_width, add_model_arguments, model_from

__all__ = ["Part", "certificate_part", "change_part", "robustness_part"]

NAME = "report"
HELP = ("everything for a paper about one model: analysis and certificate, figures, what would "
        "need to change, robustness, tables, an appendix summary and a manifest")
SWEEP_POINTS = 51
WHAT = {"sizes": "size of the bargaining set", "opening": "settlements most often in it",
        "in_mus": "minimal incompatible sets"}


@dataclass
class Part:
    """Files of one part of a results folder, and sentences for its summary."""

    tables: list = field(default_factory=list)
    documents: dict[str, Any] = field(default_factory=dict)
    figures: list = field(default_factory=list)
    models: list = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)    # Markdown paragraphs for summary.md

    def __iadd__(self, other: Part) -> Part:
        self.tables += other.tables
        self.documents |= other.documents
        self.figures += other.figures
        self.models += [m for m in other.models if m not in self.models]
        self.summary += other.summary
        self.sections += other.sections
        return self


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    parser.add_argument("--out", metavar="DIR", required=True,
                        help="folder for the tables, figures, documents, summary and manifest "
                             "(files the tool did not write are never touched)")
    parser.add_argument("--draws", type=int, default=10_000,
                        help="Monte Carlo draws for robustness (when the model declares "
                             "distributions)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the draws")
    add_figure_width(parser)
    parser.add_argument("--json", action="store_true", help="print the analysis as JSON")


def _tagged(tables, suffix: str) -> list:
    """The tables under ``NAME_SUFFIX`` (their data-only id columns stay out of the Markdown
    and LaTeX)."""
    return [t.renamed(f"{t.name}_{suffix}") for t in tables]


def certificate_part(analysis, verified: bool | None) -> Part:
    """The verdict and its certificate: analysis.json, the analysis tables, who blocks which
    issue level, the collision figure (when there are incompatible sets to draw) and the
    blocking heatmap."""
    from negotiation import plots, report
    from negotiation.bargaining.certificate import blocking_by_level
    from negotiation.report.documents import level_blocking_table

    part = Part(models=[analysis.model])
    part.documents["analysis"] = report.analysis_document(analysis, verified=verified)
    part.tables += report.analysis_tables(analysis)
    if analysis.backend != "enumerate":
        part.summary.append("The figures of the certificate need the enumerated outcome space; "
                            "this model was decided by integer programming, so none is drawn.")
        return part
    levels = blocking_by_level(analysis.compiled)
    part.tables.append(level_blocking_table(levels, analysis.model))
    part.figures.append(("blocking_by_level", lambda stem: plots.save(
        plots.blocking_heatmap(levels, analysis.model), stem)))
    if analysis.certificate.mus:
        part.figures.append(("collisions", lambda stem: plots.save(
            plots.collisions(analysis), stem)))
    else:
        part.summary.append("No collision figure: there is no minimal incompatible set to draw "
                            "(a zone of agreement exists).")
    return part


def change_part(analysis) -> Part:
    """What would need to change: the minimal revisions in words, thresholds (with tornado
    figures where some parameter or red line changes the verdict) before and after the cheapest
    revision, and a sweep of the two parameters nearest to a threshold after it."""
    import numpy as np

    from negotiation import plots
    from negotiation.analysis import analyze, sweep, thresholds
    from negotiation.model.labels import revision_short, revision_text
    from negotiation.model.overrides import apply_drops
    from negotiation.plots.whatif import tornado_is_empty
    from negotiation.report import whatif as whatif_report
    from negotiation.report.appendix import sweep_paragraph, threshold_paragraph
    from negotiation.report.tables import Table

    model, cert = analysis.model, analysis.certificate
    part = Part(models=[model])
    specs = {s.id: s for s in analysis.compiled.constraints}
    if analysis.backend == "milp":
        part.summary.append("Thresholds and the sweep were computed by integer programming: "
                            "thresholds are exact to 1e-6, and the sweep does not count the "
                            "settlements in the bargaining set (it shows the verdict).")
    if cert.mcs:
        part.tables.append(Table(
            "mcs_in_words", "What would need to change: every minimal revision of the logics "
            "that opens a zone of agreement, cheapest first",
            ("rank", "revision cost", "what would need to change"),
            tuple((n, cost, revision_text(model, [specs[c] for c in mcs]))
                  for n, (mcs, cost) in enumerate(zip(cert.mcs, cert.mcs_costs), 1))))
    runs = [("baseline", "Baseline", analysis)]
    words = {"baseline": "as the model stands"}
    cheapest = cert.mcs[0] if cert.mcs else ()
    if cheapest:
        revised = analyze(apply_drops(model, cheapest), backend=analysis.backend,
                          strategic=False)
        runs.append(("revised", "After: " + revision_short(model, [specs[c] for c in cheapest]),
                     revised))
        words["revised"] = ("after the cheapest revision ("
                            + revision_text(model, [specs[c] for c in cheapest]) + ")")
        part.models.append(revised.model)
    for name, title, run in runs:
        items = thresholds(run)
        part.sections.append(threshold_paragraph(items, run.model, words[name], run.verdict,
                                                 name, bool(run.certificate.mcs)))
        tables = _tagged(whatif_report.threshold_tables(items, run.model, run.backend), name)
        part.tables += tables
        if not tables[0].rows:
            part.summary.append(f"No thresholds table ({words[name]}): no single parameter "
                                "changes the verdict (every parameter and today's value is in "
                                f"thresholds_{name}.json).")
        part.documents[f"thresholds_{name}"] = whatif_report.threshold_document(
            items, run.model, run.backend)
        empty = tornado_is_empty(items)
        if empty:
            part.summary.append(f"No tornado figure for {title.lower()}: {empty}.")
        else:
            part.figures.append((f"tornado_{name}", lambda s, i=items, m=run.model, t=title:
                                 plots.save(plots.tornado(i, m, title=t), s)))
    opened = runs[-1][2]
    near = sorted((t for t in thresholds(opened) if t.kind == "number" and t.distance),
                  key=lambda t: (t.distance, t.parameter))[:2]
    if opened.certificate.bargaining_nonempty and len(near) == 2:
        # By integer programming each point is a program: a coarser grid.
        grid = np.linspace(0.0, 1.0, SWEEP_POINTS if opened.backend != "milp" else 21)
        result = sweep(opened, {t.parameter: grid for t in near})
        part.tables.append(whatif_report.sweep_table(result, opened.model))
        part.documents["sweep"] = whatif_report.sweep_document(result)
        part.figures.append(("sweep", lambda s: plots.save(plots.sweep_figure(
            result, opened.model, title=runs[-1][1]), s)))
        part.sections.append(sweep_paragraph(result, opened.model, words[runs[-1][0]]))
    else:
        part.summary.append("No sweep: it needs a zone of agreement (after the cheapest revision "
                            "if there is none) and two parameters that can close it.")
    return part


def robustness_part(analysis, draws: int, seed: int, mus_draws: int = 1000) -> Part:
    """Verdict probabilities under the model's declared distributions (before and after the
    cheapest revision), when it declares any."""
    from negotiation import plots
    from negotiation.analysis import analyze, robustness
    from negotiation.model.core import parameters
    from negotiation.model.overrides import apply_drops
    from negotiation.plots.whatif import robustness_is_trivial
    from negotiation.report import whatif as whatif_report
    from negotiation.report.appendix import robustness_paragraph

    model = analysis.model
    part = Part(models=[model])
    if not any(p.dist is not None for p in parameters(model).values()):
        part.summary.append("No robustness analysis: the model declares no distribution (write a "
                            "parameter as {dist = ...} to make it uncertain).")
        return part
    runs = {"baseline": analysis}
    if analysis.certificate.mcs:
        runs["revised"] = analyze(apply_drops(model, analysis.certificate.mcs[0]),
                                  backend=analysis.backend, strategic=False)
    for name, run in runs.items():
        result = robustness(run, draws, seed, mus_draws=mus_draws if name == "baseline" else 0)
        part.summary += [f"Robustness ({name}), {WHAT[key]}: {note}."
                         for key, note in result.notes.items()]
        if name == "baseline" and mus_draws and whatif_report.mus_note(result):
            part.summary.append(f"No table of minimal incompatible sets ({name}): "
                                f"{whatif_report.mus_note(result)}.")
        comp = run.compiled
        sources = whatif_report.uncertainty_sources(run.model)
        part.tables += _tagged(whatif_report.robustness_tables(result, comp, sources), name)
        part.documents[f"robustness_{name}"] = whatif_report.robustness_document(result, comp)
        title = "Baseline" if name == "baseline" else "After the cheapest revision"
        part.sections.append(robustness_paragraph(
            result, comp, "as the model stands" if name == "baseline" else
            "after the cheapest revision", sources))
        trivial = robustness_is_trivial(result)
        if trivial:
            part.summary.append(f"No robustness figure for {title.lower()}: {trivial}.")
            continue
        part.figures.append((f"robustness_{name}", lambda s, r=result, m=run.model, t=title:
                             plots.save(plots.robustness_figure(r, m, title=t), s)))
    return part


def run(args: argparse.Namespace) -> int:
    from negotiation import plots, report
    from negotiation.analysis import analyze, check, choose_backend
    from negotiation.report.appendix import not_done_paragraph
    from negotiation.report.text import appendix_summary, explain, fill

    model = model_from(args)
    analysis = analyze(model, backend=choose_backend(model))
    verified, problems = check(analysis)
    part = certificate_part(analysis, verified)
    part += change_part(analysis)
    part += robustness_part(analysis, args.draws, args.seed)
    # The appendix: the verdict and its certificate, what would need to change, how robust
    # it is, and what was not computed or drawn and why.
    summary = "\n\n".join([appendix_summary(analysis, verified).rstrip("\n"), *part.sections,
                            not_done_paragraph(part.summary)]).rstrip("\n") + "\n"
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=part.tables, documents=part.documents, figures=part.figures,
            texts={"summary.md": summary},
            manifest_doc=report.manifest(part.models, seed=args.seed,
                                         settings={"draws": args.draws}))
    if args.json:
        from negotiation.report.results import dumps

        print(dumps(part.documents["analysis"]), end="")
    else:
        # Wrapped as analyze wraps its text (report.text.fill).
        print(fill(explain(analysis, verified)))
        names = sorted(f"{stem}.pdf/.png" for stem, _ in part.figures)
        print(fill(f"\nWrote {args.out}/: {counted(len(part.tables), 'table')}, "
                   f"{counted(len(part.figures), 'figure')} ({', '.join(names)}), "
                   f"{counted(len(part.documents), 'JSON document')}, summary.md, "
                   "manifest.json."))
        for line in part.summary:
            print(fill(f"  note: {line}"))
    for problem in problems:
        print(f"verification problem: {problem}")
    return 1 if problems else 0
