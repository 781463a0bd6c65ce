"""Read a model file (TOML) into a validated :class:`~negotiation.model.core.Model`.

Validation happens once, here. Every problem raises :class:`~negotiation.errors.ModelError` naming
the file, the key path (``parties.russia.red_lines.no_western_forces.requires``; list items are
named by their ``id``, as in ``--set`` paths) and the fix, with a "did you mean" for misspelt names.

Overrides (:mod:`negotiation.model.overrides`): ``sets`` edit the parsed file before validation
(so an override is validated exactly like the file), and ``drops`` remove constraints afterwards.

Sections beyond the core (``[game]``, ``[conflict]``, ``[dynamics]``) are parsed by the layers that
own them; the caller passes the registry (``sections``: name → parser), which is assembled above
this layer in :mod:`negotiation.sections`. The core also reads ``[[coupling]]``,
``[[suppliers]]`` and ``[status_quo]`` (:mod:`negotiation.model.rules`), and a ``[variant]``
file is resolved against its base first (:mod:`negotiation.model.variants`).

**Dates.** A red line may carry ``from``/``until`` (ISO dates, both inclusive) and appear several
times with one id and disjoint windows (its versions); a numeric parameter or a status quo level
may be a list of dated versions. A model holds the positions of one date: ``[model] as_of``, or the
date given to :func:`load_model` / :func:`model_at`. A red line with no version in force at that
date is kept (its latest earlier version, for reference) but is not a constraint. Sections beyond
the core are parsed against the model at its own ``as_of`` and carried unchanged to other dates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from negotiation.errors import InputError, ModelError, did_you_mean
from negotiation.model.core import (
    Coupling,
    Feasibility,
    Issue,
    Level,
    Model,
    Party,
    RedLine,
    Register,
    Valuation,
)
from negotiation.model.coupling import effective_expr, rules_for
from negotiation.model.overrides import apply_drops, apply_set, rescale_weights
from negotiation.model.rules import parse_coupling, parse_status_quo, parse_suppliers
from negotiation.model.table import (
    _PROVENANCE,
    WEIGHT_TOLERANCE,
    Table,
    _kind,
    check_date,
    check_ident,
    check_windows,
    choose_version,
    unique_ids,
)
from negotiation.model.variants import read_document

__all__ = ["BINDS", "CORE_SECTIONS", "SectionParser", "build_model", "load_model", "model_at"]

#: A section parser: the section's table (or value) and the core model -> the parsed section,
#: stored in ``Model.sections[name]``.
SectionParser = Callable[[Any, Model], object]

BINDS = ("interim", "final")

CORE_SECTIONS = ("model", "issues", "parties", "feasibility", "coupling", "suppliers",
                 "status_quo")


def load_model(
    path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = (),
    sections: Mapping[str, SectionParser] | None = None, as_of: str | None = None,
) -> Model:
    """Load, override and validate the model file at ``path``.

    ``sets`` are ``"PATH=VALUE"`` overrides (VALUE in TOML syntax; a bare word is a string),
    ``drops`` constraint ids ``PARTY.RED_LINE`` to remove, ``sections`` the parsers of the
    sections beyond the core that the file may have, and ``as_of`` the date whose positions the
    model should hold (default: the file's ``[model] as_of``).
    """
    path = Path(path)
    raw, digest, bases, variant_drops = read_document(path)
    for item in sets:
        apply_set(raw, item, file=str(path))
    rescale_weights(raw, [item.split("=", 1)[0].strip() for item in sets])
    try:
        model = build_model(raw, file=str(path), sections=sections)
    except ModelError as err:
        raise _blame_override(err, sets, str(path)) from None
    model = replace(model, path=str(path), sha256=digest, overrides=tuple(sets), bases=bases)
    model = apply_drops(model, tuple(variant_drops) + tuple(drops), file=str(path))
    return model if as_of is None else model_at(model, as_of)


def _blame_override(err: ModelError, sets: Sequence[str], file: str) -> ModelError:
    """A validation error at a key an override wrote (a misspelt ``--set`` path adds a key the
    model does not know; a value out of range) is the override's fault, not the file's."""
    for item in sets:
        path = item.split("=", 1)[0].strip()
        if err.key and (err.key == path or err.key.startswith(path + ".")):
            return InputError(err.message, argument="set", value=item, file=file,
                              fix=err.fix)
    return err


def model_at(model: Model, date: str) -> Model:
    """``model`` holding the positions of ``date`` (an ISO date): dated red lines, parameters
    and status quo levels as they stood that day; overrides, drops and the sections beyond the
    core carried over unchanged."""
    try:
        check_date(date)
    except ModelError as err:
        raise InputError(err.message, argument="as_of", value=date, fix=err.fix) from None
    if date == model.positions_date:
        return model
    if model.document is None:
        raise InputError("this model was not read from a document, so it cannot be dated",
                         argument="as_of", value=date, fix="load it with load_model")
    dated = build_model(model.document, file=model.path or "<model>", date=date,
                        parsed_sections=model.sections)
    return replace(dated, path=model.path, sha256=model.sha256, overrides=model.overrides,
                   bases=model.bases, dropped=model.dropped)


def build_model(raw: dict, file: str,
                sections: Mapping[str, SectionParser] | None = None, date: str | None = None,
                parsed_sections: Mapping[str, object] | None = None) -> Model:
    """Validate a parsed model document into a :class:`Model`; ``sections`` as in
    :func:`load_model`. With ``date`` the model holds that date's positions; with
    ``parsed_sections`` the sections beyond the core are taken as given, not parsed."""
    parsers = dict(sections or {})
    top = Table(raw, "", file)
    meta = top.table("model")
    if meta is None:
        meta = Table({}, "model", file)
    name = meta.string("name", default=Path(file).stem)
    description = meta.string("description")
    as_of = meta.date_text("as_of")
    top.date = date or as_of
    epsilon = meta.number("epsilon", default=1e-9, low=0.0)
    for key in _PROVENANCE:
        meta.string(key)
    meta.finish()

    issue_tables = top.tables("issues")
    issues = _issues(issue_tables, top)
    party_tables = top.tables("parties")
    issue_levels = {i.id: i.level_ids for i in issues}
    parties = tuple(_party(t, issue_levels) for t in party_tables)
    unique_ids([p.id for p in parties], party_tables, "party")
    party_ids = [p.id for p in parties]
    coupling = parse_coupling(top.tables("coupling"), issues, party_ids)
    suppliers = parse_suppliers(top.tables("suppliers"), issues, party_ids)
    sq_table = top.table("status_quo")
    status_quo = parse_status_quo(sq_table, issues) if sq_table is not None else None
    extra = [k for k in raw if k not in CORE_SECTIONS]
    if parties and not issues:
        raise top.error("issues", "the model has parties but no issues",
                        fix="add [[issues]] tables, each with an id and levels")
    if not parties and not any(k in parsers for k in extra):
        raise top.error("parties", "the model has no parties",
                        fix="add [[parties]] tables (see the model-file reference in README.md)")
    feasibility = tuple(_feasibility(t, issue_levels) for t in top.tables("feasibility"))
    unique_ids([f.id for f in feasibility], top.tables("feasibility"), "feasibility condition")
    model = Model(name=name, description=description, as_of=as_of, epsilon=epsilon,
                  issues=issues, parties=parties, feasibility=feasibility, coupling=coupling,
                  suppliers=suppliers, status_quo=status_quo, date=date or "", document=raw)
    model = replace(model, parties=tuple(_coupled(model, p, coupling) for p in parties))
    if parsed_sections is not None:
        top.finish(extra)
        return replace(model, sections=parsed_sections)
    parsed: dict[str, object] = {}
    for key in extra:
        if key not in parsers:
            known = sorted(set(CORE_SECTIONS) | set(parsers))
            raise top.error(key, f"unknown section '{key}'{did_you_mean(key, known)}",
                            fix="remove it or correct its spelling")
    # Registry order, not file order: a later section may refer to an earlier one (the dynamics
    # name the game's war efforts), and sees the sections parsed so far in ``model.sections``.
    for key in [k for k in parsers if k in extra]:
        parsed[key] = parsers[key](top.table(key) if isinstance(raw[key], dict) else raw[key],
                                   replace(model, sections=dict(parsed)))
    top.finish(parsers)
    return replace(model, sections=parsed)


def _issues(tables: list[Table], top: Table) -> tuple[Issue, ...]:
    issues = []
    for t in tables:
        ident = t.ident()
        source, rationale = t.string("source"), t.string("rationale")
        raw_levels = t.raw("levels")
        if not isinstance(raw_levels, list) or not raw_levels:
            raise t.error("levels", f"expected a non-empty list of levels{t.misspelt('levels')}",
                          fix='write levels = ["first", "second", ...] in order')
        levels = []
        for n, item in enumerate(raw_levels):
            if isinstance(item, str):
                check_ident(item, t, f"levels[{n}]")
                levels.append(Level(item, item.replace("_", " ")))
            elif isinstance(item, dict):
                lt = Table(item, t.where(f"levels[{n}]"), t.file)
                lid = lt.ident()
                levels.append(Level(lid, lt.string("label", lid.replace("_", " ")),
                                    lt.string("source"), lt.string("rationale")))
                lt.finish(("description",))
            else:
                raise t.error(f"levels[{n}]", f"expected a level name, got {_kind(item)}",
                              fix='write a name, e.g. "neutral", or a table {id = "neutral", '
                                  'label = "..."}')
        ids = [lv.id for lv in levels]
        for lid in ids:
            if ids.count(lid) > 1:
                raise t.error("levels", f"level '{lid}' appears twice",
                              fix="give every level of an issue a different name")
        issues.append(Issue(ident, t.string("label", ident.replace("_", " ")), tuple(levels),
                            t.string("description"), source, rationale))
        t.finish()
    unique_ids([i.id for i in issues], tables, "issue")
    return tuple(issues)


def _valuation(t: Table, issue_levels: dict[str, tuple[str, ...]]) -> Valuation:
    wt = t.table("weights", required=True)
    inherit = (wt.string("source"), wt.string("rationale"))
    weights = {}
    for key in wt.data:
        if key in _PROVENANCE:
            continue
        if key not in issue_levels:
            raise wt.error(key, f"unknown issue '{key}'{did_you_mean(key, issue_levels)}",
                           fix="weights are keyed by issue id")
        weights[key] = wt.param(key, 0.0, 1.0, inherit)
    total = sum(p.value for p in weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise wt.error(None, f"weights sum to {total:.6g}, not 1",
                       fix="salience weights are a distribution: make them sum to 1")
    st = t.table("scores", required=True)
    scores = {}
    for issue in weights:
        if not st.has(issue):
            raise st.error(issue, f"no scores for issue '{issue}'{t.misspelt('scores')}",
                           fix=f"add [{st.where(issue)}] with a score in [0, 1] for every level")
        it = st.table(issue)
        inherit = (it.string("source"), it.string("rationale"))
        levels = issue_levels[issue]
        for key in it.data:
            if key not in levels and key not in _PROVENANCE:
                raise it.error(key, f"unknown level '{key}' of issue '{issue}'"
                               f"{did_you_mean(key, levels)}",
                               fix=f"score the levels of '{issue}' by their ids: "
                                   + ", ".join(levels))
        missing = [lv for lv in levels if lv not in it.data]
        if missing:
            raise it.error(None, "no score for level(s) " + ", ".join(f"'{m}'" for m in missing),
                           fix="give every level of a weighted issue a score in [0, 1]")
        scores[issue] = {lv: it.param(lv, 0.0, 1.0, inherit) for lv in levels}
        it.finish()
    for key in st.data:
        if key not in weights:
            hint = did_you_mean(key, issue_levels) if key not in issue_levels else ""
            raise st.error(key, f"scores for '{key}', which has no weight{hint}",
                           fix=f"add a weight for '{key}' or remove its scores")
    return Valuation(weights, scores)


def _red_lines(t: Table, issue_levels: dict[str, tuple[str, ...]],
               register: str | None) -> list[RedLine]:
    """The red lines of ``t``; versions sharing an id (dated) give the one held at the date."""
    versions: dict[str, list[tuple[Table, RedLine]]] = {}
    for rt in t.tables("red_lines"):
        ident = rt.ident()
        if ident == "ir":
            raise rt.error("id", "'ir' is reserved for the individual-rationality constraint",
                           fix="choose another id")
        text, expr = rt.expression("requires", issue_levels)
        binds = rt.string("binds", "final")
        if binds not in BINDS:
            raise rt.error("binds", f"unknown stage '{binds}'{did_you_mean(binds, BINDS)}",
                           fix="write binds = \"interim\" (binds at interim stages and at the "
                               "final one) or \"final\" (only at final status)")
        start, end = rt.window()
        versions.setdefault(ident, []).append((rt, RedLine(
            id=ident, requires=text, expr=expr,
            description=rt.string("description") or text,
            revision_cost=rt.number("revision_cost", default=1.0, low=0.0),
            source=rt.string("source"), rationale=rt.string("rationale"), register=register,
            label=rt.string("label", ident.replace("_", " ")), binds=binds,
            valid_from=start, valid_until=end,
        )))
        rt.finish()
    out = []
    for ident, entries in versions.items():
        windows = [(rl.valid_from, rl.valid_until) for _, rl in entries]
        check_windows(windows, [rt for rt, _ in entries], f"red line '{ident}'")
        n, held = choose_version(windows, t.date)
        out.append(replace(entries[n][1], in_force=held))
    return out


def _feasibility(t: Table, issue_levels: dict[str, tuple[str, ...]]) -> Feasibility:
    ident = t.ident()
    text, expr = t.expression("requires", issue_levels)
    out = Feasibility(ident, text, expr, t.string("description") or text, t.string("source"),
                      t.string("rationale"))
    t.finish()
    return out


def _party(t: Table, issue_levels: dict[str, tuple[str, ...]]) -> Party:
    ident = t.ident()
    label = t.string("label", ident.replace("_", " ").title())
    disagreement = t.param("disagreement")
    red_lines = _red_lines(t, issue_levels, None)
    reg_tables = t.tables("registers")
    registers = []
    for rt in reg_tables:
        rid = rt.ident()
        registers.append(Register(
            id=rid, label=rt.string("label", rid), weight=rt.param("weight", 0.0, 1.0),
            binding=rt.boolean("binding"), valuation=_valuation(rt, issue_levels),
            red_lines=tuple(_red_lines(rt, issue_levels, rid)),
            disagreement=rt.param("disagreement", required=False),
            source=rt.string("source"), rationale=rt.string("rationale"),
        ))
        rt.finish(("description",))
    unique_ids([r.id for r in registers], reg_tables, "register")
    if registers:
        if t.has("weights") or t.has("scores"):
            raise t.error("weights", "a party with registers takes its weights and scores from "
                          "the registers", fix="move weights and scores into each register")
        total = sum(r.weight.value for r in registers)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise t.error("registers", f"register weights sum to {total:.6g}, not 1",
                          fix="make the registers' weights sum to 1")
        valuation = None
    else:
        valuation = _valuation(t, issue_levels)
    all_ids = [r.id for r in red_lines] + [r.id for reg in registers for r in reg.red_lines]
    for rid in all_ids:
        if all_ids.count(rid) > 1:
            raise t.error("red_lines", f"red line id '{rid}' is used twice",
                          fix="red-line ids must be unique within a party (registers included); "
                              "dated versions of one line share an id within one table")
    party = Party(
        id=ident, label=label, disagreement=disagreement, valuation=valuation,
        red_lines=tuple(red_lines), registers=tuple(registers),
        ir_revision_cost=t.number("ir_revision_cost", default=1.0, low=0.0),
        description=t.string("description"), source=t.string("source"),
        rationale=t.string("rationale"),
    )
    t.finish()
    return party


def _coupled(model: Model, party: Party, couplings: Sequence[Coupling]) -> Party:
    """``party`` with its red lines rewritten to read the effective levels of the coupling rules
    that apply to it (the condition as written is kept in ``as_written``)."""
    rules = rules_for(model, party.id, couplings)
    if not rules:
        return party

    def rewrite(lines: tuple[RedLine, ...]) -> tuple[RedLine, ...]:
        return tuple(replace(rl, expr=effective_expr(rl.expr, rules, model.shape),
                             as_written=rl.expr) for rl in lines)

    return replace(party, red_lines=rewrite(party.red_lines),
                   registers=tuple(replace(reg, red_lines=rewrite(reg.red_lines))
                                   for reg in party.registers))
