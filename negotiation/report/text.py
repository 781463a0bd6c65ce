"""Analysis results in the domain's words, for the terminal and for generated summaries.
"""

from __future__ import annotations

from negotiation._util.words import counted, join_words
from negotiation.bargaining.verdict import Analysis
from negotiation.model.core import ConstraintSpec, Model
from negotiation.model.labels import constraint_text, outcome_text, party_label, revision_text
from negotiation.report.results import display_path

__all__ = ["VERDICT_MEANINGS", "VERDICT_TITLES", "appendix_summary", "as_markdown", "blockers_text",
           "explain", "fill", "strategic_lines"]

VERDICT_TITLES = {
    "structural_trap": "STRUCTURAL TRAP",
    "ripeness_gap": "RIPENESS GAP",
    "agreement_possible": "AGREEMENT POSSIBLE",
    "dilemma": "DILEMMA",
    "open": "OPEN",
}


VERDICT_MEANINGS = {
    "structural_trap": "the red lines alone exclude every settlement; no price, pressure or time "
                       "fixes this until some party revises its logic",
    "ripeness_gap": "settlements exist within everyone's red lines, but some party still prefers "
                    "continuing the war to every one of them",
    "agreement_possible": "a zone of possible agreement exists: some settlements meet every "
                          "party's red lines and leave each better off than no agreement",
    "dilemma": "a mutually acceptable settlement exists but no equilibrium of the strategic game "
               "reaches it: communication, verification or guarantees can help",
    "open": "a mutually acceptable settlement exists and some equilibrium of the strategic game "
            "reaches it",
}


def _count(n: int | None) -> str:
    return "not counted" if n is None else f"{n:,}"


def _some(n: int | None, exists: bool) -> str:
    """A count, or where the integer program decided existence without counting, ``some (not
    counted)`` or ``none``."""
    if n is not None:
        return f"{n:,}"
    return "some (not counted)" if exists else "none"


def explain(analysis: Analysis, verified: bool | None = None, limit: int = 8) -> str:
    """The verdict and why: colliding red lines, MUS, minimal revisions, solutions."""
    model, cert, barg = analysis.model, analysis.certificate, analysis.bargaining
    specs = {s.id: s for s in analysis.compiled.constraints}
    when = model.positions_date
    lines = [f"{model.name}" + (f" (positions as of {when})" if when else ""),
             f"  {counted(barg.n_outcomes, 'possible settlement')}, "
             f"{counted(len(specs), 'constraint')} "
             f"({counted(sum(s.kind == 'red_line' for s in specs.values()), 'red line')})"]
    if analysis.backend == "milp":
        lines.append("  decided by integer programming (HiGHS): settlements are not counted")
    if model.overrides:
        lines.append("  overrides: " + "; ".join(model.overrides))
    lines += ["", f"Verdict: {VERDICT_TITLES[analysis.verdict]}: "
                  f"{VERDICT_MEANINGS[analysis.verdict]}."]
    if analysis.verdict in ("structural_trap", "ripeness_gap"):
        lines.append(f"  Within all red lines: {counted(barg.red_line_set_size, 'settlement')}; "
                     "acceptable to each party: " + ", ".join(
                         f"{party_label(model, p)} {_count(n)}"
                         for p, n in barg.acceptable_sizes.items()) + ".")

    if cert.mus:
        sets = "set" if len(cert.mus) == 1 else "sets"
        lines += ["", f"Why: {len(cert.mus)} minimal incompatible {sets}: conditions that cannot "
                      "all hold at once, though any one dropped leaves the rest satisfiable."]
        for n, (mus, parties) in enumerate(zip(cert.mus, cert.mus_parties), 1):
            if n > limit:
                lines.append(f"  ... and {len(cert.mus) - limit} more (the JSON document and "
                             "the tables list all)")
                break
            who = join_words([party_label(model, p) for p in parties])
            kind = "within one party: its own logic is inconsistent" if len(parties) == 1 else who
            lines.append(f"  {n}. {kind}")
            lines += [f"     - {constraint_text(model, specs[c])}" for c in mus]
        lines += ["", "Pairs of parties (red lines and no-deal values of both):"]
        for key, ok in cert.pairwise.items():
            a, b = key.split("+")
            state = "can agree" if ok else "cannot agree"
            lines.append(f"  {party_label(model, a)} + {party_label(model, b)}: {state}")
        if all(cert.pairwise.values()) and len(cert.pairwise) >= 3:
            lines.append("  Every pair can agree, but not all together: each party's floor is "
                         "another's ceiling (an irreducible multi-party trap).")

    if cert.mcs:
        lines += ["", "What would need to change (minimal revisions, cheapest first; any one of "
                      "these opens a zone of agreement):"]
        for n, (mcs, cost) in enumerate(zip(cert.mcs, cert.mcs_costs), 1):
            if n > limit:
                lines.append(f"  ... and {len(cert.mcs) - limit} more")
                break
            lines.append(f"  {n}. revision cost {cost:g}: "
                         + revision_text(model, [specs[c] for c in mcs]))

    if cert.bargaining_nonempty:     # with a posture game too (verdict open or dilemma)
        size = "non-empty (not counted)" if barg.size is None else counted(barg.size, "settlement")
        lines += ["", f"Zone of possible agreement: {size}, "
                      f"{_count(barg.pareto_size)} on the Pareto frontier."]
        for name, sol in barg.solutions.items():
            if sol is None:
                continue
            title = name.replace("_", "–" if name == "kalai_smorodinsky" else " ").title()
            lines.append(f"  {title}: {outcome_text(model, sol.outcome)}")
            lines.append("     values: " + ", ".join(
                f"{party_label(model, p)} {v:.3f}" for p, v in sol.values.items()))
    elif barg.distance is not None:
        total = ("" if barg.total_concession is None else
                 f" (least total concession, summed over parties: {barg.total_concession:.3f})")
        lines += ["", f"Distance to agreement: every party would have to lower what it "
                      f"insists on by {barg.distance:.3f} (on the valuation scale) to open a "
                      f"zone of agreement{total}; closest settlements:"]
        for idx in barg.closest[:3]:
            lines.append(f"  - {outcome_text(model, analysis.compiled.outcome(int(idx)))}")
    if analysis.strategic is not None:
        lines += ["", *strategic_lines(analysis)]
    if verified is not None:
        lines += ["", "Certificate: " + ("re-verified by the independent checker."
                                         if verified else "FAILED independent verification.")]
    return "\n".join(lines)


def appendix_summary(analysis: Analysis, verified: bool | None = True) -> str:
    """A Markdown summary for a paper's appendix: verdict, MUS and cheapest MCS in words;
    ``verified`` says whether the independent verifier re-checked the certificate."""
    model, cert, barg = analysis.model, analysis.certificate, analysis.bargaining
    specs = {s.id: s for s in analysis.compiled.constraints}
    out = [f"# {model.name}", ""]
    out.append(f"Positions as of {model.positions_date or 'an unstated date'}; model file "
               f"`{display_path(model.path)}` (SHA-256 `{model.sha256[:16]}…`)"
               + (f"; overrides: {'; '.join(model.overrides)}" if model.overrides else "") + ".")
    out += ["", f"**Verdict: {VERDICT_TITLES[analysis.verdict].lower()}.** "
                f"Of {_count(barg.n_outcomes)} possible settlements, "
                f"{_some(barg.red_line_set_size, analysis.verdict != 'structural_trap')} meet "
                f"every party's red lines and "
                f"{_some(barg.size, cert.bargaining_nonempty)} are acceptable to all; "
                f"{VERDICT_MEANINGS[analysis.verdict]}."]
    if cert.mus:
        out += ["", f"**Why.** There are {len(cert.mus)} minimal incompatible sets of conditions: "
                    "no settlement meets all the conditions of a set, yet dropping any one of "
                    "them leaves the rest satisfiable."]
        for n, (mus, parties) in enumerate(zip(cert.mus, cert.mus_parties), 1):
            who = join_words([party_label(model, p) for p in parties])
            items = "; ".join(constraint_text(model, specs[c]) for c in mus)
            out.append(f"{n}. ({who}) {items}.")
        pairs = [f"{' and '.join(party_label(model, p) for p in k.split('+'))} "
                 f"{'can' if ok else 'cannot'} agree" for k, ok in cert.pairwise.items()]
        out += ["", "**Pairs.** Ignoring the third party: " + "; ".join(pairs) + "."]
    if cert.mcs:
        cheapest = min(cert.mcs_costs)
        out += ["", f"**What would need to change.** {len(cert.mcs)} minimal revisions open a "
                    f"zone of agreement. The cheapest (total revision cost {cheapest:g}):"]
        for mcs, cost in zip(cert.mcs, cert.mcs_costs):
            if cost == cheapest:
                out.append(f"- {revision_text(model, [specs[c] for c in mcs])}.")
    checked = {True: "was re-checked by the independent verifier",
               False: "FAILED the independent verifier",
               None: "was not re-checked by the independent verifier (it lists the whole "
                     "outcome space)"}[verified]
    out += ["", "The certificate (blocking map, every minimal incompatible and correction set, "
                f"with witness settlements) is in `analysis.json` and {checked}."]
    return "\n".join(out) + "\n"


def blockers_text(model: Model, specs: dict[str, ConstraintSpec],
                  blockers: tuple[tuple[str, ...], ...], limit: int = 3,
                  parties: bool = False) -> str:
    """``['A'] or ['B' and 'C']``: the minimal sets of constraints that exclude a package
    (with ``parties``, each named with its party)."""
    def name(c: str) -> str:
        text = f"'{specs[c].label or specs[c].description}'"
        return f"{party_label(model, specs[c].party)} {text}" if parties else text

    sets = [join_words([name(c) for c in s]) for s in blockers[:limit]]
    if len(blockers) > 1:       # brackets show what goes with what
        sets = [f"[{x}]" for x in sets]
    more = f" (or {len(blockers) - limit} other combinations)" if len(blockers) > limit else ""
    return " or ".join(sets) + more


def strategic_lines(analysis: Analysis, limit: int = 3) -> list[str]:
    """The posture game's equilibria in a few lines (details: ``negotiation equilibria``)."""
    from negotiation.report.games import mixture_text

    result = analysis.strategic
    game = result.game
    reaching = result.reaching
    lines = [f"Strategic game ({' × '.join(str(k) for k in game.shape)} postures): "
             f"{len(result.pure)} pure and {len(result.mixed)} mixed equilibria"
             f"{'' if result.complete else ' (mixed ones not guaranteed complete)'}; "
             f"{len(reaching)} reach a settlement in the zone of agreement with certainty."]
    if len(reaching) > limit:
        lines.append(f"  (the first {limit} shown; see negotiation equilibria for all)")
    for e in reaching[:limit]:
        where = f" → {game.outcome_text[e.profile()]}" if e.is_pure else ""
        lines.append(f"  - {mixture_text(game, e)}{where}")
    if not reaching and not result.reaching_settled:
        lines.append("  No equilibrium reaching a settlement was found, but some supports that "
                     "could reach one were not resolved, so the verdict is not refined to a "
                     "dilemma (see negotiation equilibria).")
    if not reaching:
        if len(result.pure) > limit:
            lines.append(f"  (the first {limit} of {len(result.pure)} pure equilibria shown; see "
                         "negotiation equilibria for all)")
        for e in result.pure[:limit]:
            lines.append(f"  - equilibrium: {mixture_text(game, e)} → "
                         f"{game.outcome_text[e.profile()]}")
    return lines


def as_markdown(text: str) -> str:
    """Terminal text as Markdown for a notebook: the first line bold, each unindented line a
    paragraph, indented lines (nested) list items.

    >>> print(as_markdown("Title\\nWhy:\\n  1. a\\n     - b"))
    **Title**
    <BLANKLINE>
    Why:
    <BLANKLINE>
    - 1. a
      - b
    """
    out: list[str] = []
    for n, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        indent = len(line) - len(line.lstrip(" "))
        words = stripped.replace("*", r"\*").replace("_", r"\_")
        if n == 0:
            out += [f"**{words}**", ""]
        elif indent:
            depth = 0 if indent <= 2 else 1 if indent <= 5 else 2
            out.append("  " * depth + "- " + words.removeprefix("- "))
        else:
            if out and out[-1] != "":
                out.append("")
            out += [words, ""]
    return "\n".join(out).rstrip("\n")


def fill(text: str, width: int = 100) -> str:
    """Wrap every line of ``text`` longer than ``width`` characters, continuing under its own
    indentation (under the text after a list marker such as ``-`` or ``3.``).

    >>> print(fill("  - " + "word " * 30, width=40))
      - word word word word word word word
        word word word word word word word
        word word word word word word word
        word word word word word word word
        word word
    """
    import re
    import textwrap

    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        marker = re.match(r"\s*(?:[-*]|\d+\.|note:)?\s*", line).group(0)
        out += textwrap.wrap(line[len(marker):], width, initial_indent=marker,
                             subsequent_indent=" " * len(marker), break_long_words=False,
                             break_on_hyphens=False)
    return "\n".join(out)
