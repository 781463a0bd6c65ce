"""Names of model things in the domain's words: parties, constraints, settlements, revisions and
parameters (``parties.russia.weights.alignment`` → ``Russia: weight on Ukraine's alignment``),
for tables, figures and text.
"""

from __future__ import annotations

from negotiation._util.words import join_words
from negotiation.model.core import ConstraintSpec, Model

__all__ = ["constraint_text", "outcome_text", "parameter_label", "party_label", "revision_short",
           "revision_text", "short_constraint"]


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
    floor = party.register_floor(reg).value
    return f"{label}'s binding {reg.label} register gains from the settlement (at least {floor:g})"


def short_constraint(model: Model, spec: ConstraintSpec) -> str:
    """A constraint in a few words, for figures: ``Russia: permanent neutrality``."""
    return f"{party_label(model, spec.party)}: {spec.label or spec.id.split('.', 1)[1]}"


def revision_short(model: Model, specs: list[ConstraintSpec]) -> str:
    """A revision in a few words, for figure titles: ``Russia drops 'a', 'b'; …``."""
    parts = []
    for party in model.parties:
        mine = [f"'{s.label}'" for s in specs if s.party == party.id]
        if mine:
            parts.append(f"{party.label} drops {join_words(mine)}")
    return "; ".join(parts)


def revision_text(model: Model, specs: list[ConstraintSpec]) -> str:
    """What giving up a set of constraints means, in words, grouped by party.

    E.g. ``Russia gives up 'A' and 'B'; the West accepts a settlement worth less to it than
    continuing the war``.
    """
    parts = []
    for party in model.parties:
        mine = [s for s in specs if s.party == party.id]
        if not mine:
            continue
        lines = [f"'{s.description}'" for s in mine if s.kind == "red_line"]
        clauses = [f"gives up {join_words(lines)}"] if lines else []
        if any(s.kind == "ir" and s.register is None for s in mine):
            clauses.append("accepts a settlement worth less to it than continuing the war")
        labels = {r.id: r.label for r in party.registers}
        for s in mine:
            if s.kind == "ir" and s.register is not None:
                clauses.append(f"lets its binding {labels[s.register]} register fall below its "
                               "no-deal value")
        parts.append(f"{party.label} {join_words(clauses)}")
    return "; ".join(parts)


def outcome_text(model: Model, outcome: dict[str, str]) -> str:
    """``Ukraine's alignment: neutral; Territory: frozen line``."""
    parts = []
    for issue in model.issues:
        level = next(lv for lv in issue.levels if lv.id == outcome[issue.id])
        parts.append(f"{issue.label}: {level.label}")
    return "; ".join(parts)


def parameter_label(model: Model, path: str) -> str:
    """A parameter's ``--set`` path in words.

    E.g. ``parties.russia.weights.alignment`` → ``Russia's weight on Ukraine's alignment``.
    """
    parts = path.split(".")
    if parts[0] != "parties" or len(parts) < 3:
        return path
    who = party_label(model, parts[1])
    rest = parts[2:]
    if rest[0] == "registers" and len(rest) >= 3:
        who = f"{who} ({rest[1]})"
        rest = rest[2:]
        if rest == ["weight"]:
            return f"{who} register weight"
    issues = {i.id: i for i in model.issues}
    if rest == ["disagreement"]:
        return f"{who}: no-deal value"
    if rest[0] == "weights" and len(rest) == 2 and rest[1] in issues:
        return f"{who}: weight on {issues[rest[1]].label}"
    if rest[0] == "scores" and len(rest) == 3 and rest[1] in issues:
        issue = issues[rest[1]]
        level = next((lv.label for lv in issue.levels if lv.id == rest[2]), rest[2])
        return f"{who}: score of '{level}' ({issue.label})"
    return path
