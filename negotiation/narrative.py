"""Analysis results in the domain's words, for the terminal and for generated summaries."""

from __future__ import annotations

from negotiation.analysis import Analysis
from negotiation.model import ConstraintSpec, Model

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


def party_label(model: Model, party_id: str) -> str:
    return next((p.label for p in model.parties if p.id == party_id), party_id)


def constraint_text(model: Model, spec: ConstraintSpec) -> str:
    """One constraint in words, e.g. ``Russia: formalised non-alignment of Ukraine``."""
    label = party_label(model, spec.party)
    if spec.kind == "red_line":
        reg = f" ({spec.register} register)" if spec.register else ""
        return f"{label}{reg}: {spec.description}"
    party = model.party(spec.party)
    if spec.register is None:
        return (f"{label} gains from the settlement (values it at least at "
                f"{party.disagreement.value:g}, what continuing the war is worth to it)")
    reg = next(r for r in party.registers if r.id == spec.register)
    floor = (reg.disagreement or party.disagreement).value
    return f"{label}'s binding {reg.label} register gains from the settlement (at least {floor:g})"


def revision_text(model: Model, spec: ConstraintSpec) -> str:
    """What giving up a constraint means, in words."""
    label = party_label(model, spec.party)
    if spec.kind == "red_line":
        return f"{label} gives up '{spec.description}'"
    if spec.register is None:
        return f"{label} accepts a settlement worth less to it than continuing the war"
    return f"{label} lets its binding {spec.register} register fall below its no-deal value"


def outcome_text(model: Model, outcome: dict[str, str]) -> str:
    """``Ukraine's alignment: neutral; Territory: frozen line``."""
    parts = []
    for issue in model.issues:
        level = next(lv for lv in issue.levels if lv.id == outcome[issue.id])
        parts.append(f"{issue.label}: {level.label}")
    return "; ".join(parts)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def explain(analysis: Analysis, verified: bool | None = None, limit: int = 8) -> str:
    """The verdict and why: colliding red lines, MUS, minimal revisions, solutions."""
    model, cert, barg = analysis.model, analysis.certificate, analysis.bargaining
    specs = {s.id: s for s in analysis.compiled.constraints}
    lines = [f"{model.name}" + (f" (as of {model.as_of})" if model.as_of else ""),
             f"  {barg.n_outcomes:,} possible settlements, {len(specs)} constraints "
             f"({sum(s.kind == 'red_line' for s in specs.values())} red lines)"]
    if model.overrides:
        lines.append("  overrides: " + "; ".join(model.overrides))
    lines += ["", f"Verdict: {VERDICT_TITLES[analysis.verdict]}: "
                  f"{VERDICT_MEANINGS[analysis.verdict]}."]
    if analysis.verdict in ("structural_trap", "ripeness_gap"):
        lines.append(f"  Within all red lines: {barg.red_line_set_size:,} settlements; "
                     "acceptable to each party: " + ", ".join(
                         f"{party_label(model, p)} {n:,}"
                         for p, n in barg.acceptable_sizes.items()) + ".")

    if cert.mus:
        lines += ["", f"Why: {len(cert.mus)} minimal incompatible set(s): conditions that cannot "
                      "all hold at once, though any one dropped leaves the rest satisfiable."]
        for n, (mus, parties) in enumerate(zip(cert.mus, cert.mus_parties), 1):
            if n > limit:
                lines.append(f"  ... and {len(cert.mus) - limit} more (see --json or --out)")
                break
            who = _join([party_label(model, p) for p in parties])
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
            lines.append(f"  {n}. revision cost {cost:g}: " +
                         "; and ".join(revision_text(model, specs[c]) for c in mcs))

    if barg.size:
        lines += ["", f"Zone of possible agreement: {barg.size:,} settlements, "
                      f"{len(barg.pareto):,} on the Pareto frontier."]
        for name, sol in barg.solutions.items():
            title = name.replace("_", "–" if name == "kalai_smorodinsky" else " ").title()
            lines.append(f"  {title}: {outcome_text(model, sol.outcome)}")
            lines.append("     values: " + ", ".join(
                f"{party_label(model, p)} {v:.3f}" for p, v in sol.values.items()))
    elif barg.distance is not None:
        lines += ["", f"Distance to agreement: every party would have to lower what it "
                      f"insists on by {barg.distance:.3f} (on the valuation scale) to open a "
                      "zone of agreement; closest settlements:"]
        for idx in barg.closest[:3]:
            lines.append(f"  - {outcome_text(model, analysis.compiled.outcome(int(idx)))}")
    if analysis.strategic is not None:
        lines += ["", *strategic_lines(analysis)]
    if verified is not None:
        lines += ["", "Certificate: " + ("re-verified by the independent checker."
                                         if verified else "FAILED independent verification.")]
    return "\n".join(lines)


def strategic_lines(analysis: Analysis, limit: int = 3) -> list[str]:
    """The posture game's equilibria in a few lines (details: ``negotiation equilibria``)."""
    from negotiation.game_report import mixture_text

    result = analysis.strategic
    game = result.game
    reaching = result.reaching
    lines = [f"Strategic game ({' × '.join(str(k) for k in game.shape)} postures): "
             f"{len(result.pure)} pure and {len(result.mixed)} mixed equilibria"
             f"{'' if result.complete else ' (mixed ones not guaranteed complete)'}; "
             f"{len(reaching)} reach a settlement in the zone of agreement with certainty."]
    for e in reaching[:limit]:
        where = f" → {game.outcome_text[e.profile()]}" if e.is_pure else ""
        lines.append(f"  - {mixture_text(game, e)}{where}")
    if not reaching and not result.reaching_settled:
        lines.append("  Not proved: some supports that could reach a settlement were not resolved "
                     "(see negotiation equilibria).")
    if not reaching:
        for e in result.pure[:limit]:
            lines.append(f"  - equilibrium: {mixture_text(game, e)} → "
                         f"{game.outcome_text[e.profile()]}")
    return lines
