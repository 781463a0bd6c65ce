"""The Russia–Ukraine–West model as written: provenance, verdict, MUS structure, the mediation
record and the documented revisions. Expected answers are derived by hand from the red lines in
models/russia_ukraine_west.toml (see the comments), not copied from program output."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

from negotiation.analysis import analyze
from negotiation.bargaining.verify import feasible_outcomes, satisfaction, verify
from negotiation.model.compiled import compile_model
from negotiation.sections import load_model, load_record
from negotiation.whatif.packages import evaluate_record
from negotiation.whatif.suppliers import whose_action

ROOT = Path(__file__).parents[1]
MODEL = ROOT / "models" / "russia_ukraine_west.toml"


@pytest.fixture(scope="module")
def analysis():
    return analyze(load_model(MODEL))


def _missing_provenance(node, path, inherited=("", "")):
    """Paths of parameters without both a source and a rationale (own or table-level)."""
    src = node.get("source", inherited[0]) if isinstance(node, dict) else inherited[0]
    why = node.get("rationale", inherited[1]) if isinstance(node, dict) else inherited[1]
    return [] if (src and why) else [path]


def test_every_parameter_has_source_and_rationale():
    raw = tomllib.loads(MODEL.read_text())
    missing = []
    for issue in raw["issues"]:
        missing += _missing_provenance(issue, f"issues.{issue['id']}")
        for level in issue["levels"]:
            if not isinstance(level, dict):
                missing.append(f"issues.{issue['id']}.levels ({level!r} is a bare name)")
            else:
                missing += _missing_provenance(level, f"issues.{issue['id']}.{level['id']}")
    for rule in raw.get("feasibility", []):
        missing += _missing_provenance(rule, f"feasibility.{rule['id']}")

    def valuation(owner, path):
        out = []
        weights = owner["weights"]
        table = (weights.get("source", ""), weights.get("rationale", ""))
        out += [f"{path}.weights.{k}" for k, v in weights.items()
                if k not in ("source", "rationale") and _missing_provenance(v, "", table)]
        for issue, scores in owner["scores"].items():
            table = (scores.get("source", ""), scores.get("rationale", ""))
            out += [f"{path}.scores.{issue}.{k}" for k, v in scores.items()
                    if k not in ("source", "rationale") and _missing_provenance(v, "", table)]
        for rl in owner.get("red_lines", []):
            out += _missing_provenance(rl, f"{path}.red_lines.{rl['id']}")
        return out

    for party in raw["parties"]:
        base = f"parties.{party['id']}"
        missing += _missing_provenance(party, base)
        missing += _missing_provenance(party["disagreement"], f"{base}.disagreement")
        if "weights" in party:
            missing += valuation(party, base)
        for rl in party.get("red_lines", []):
            missing += _missing_provenance(rl, f"{base}.red_lines.{rl['id']}")
        for reg in party.get("registers", []):
            rbase = f"{base}.registers.{reg['id']}"
            missing += _missing_provenance(reg, rbase)
            missing += _missing_provenance(reg["weight"], f"{rbase}.weight")
            if "disagreement" in reg:
                missing += _missing_provenance(reg["disagreement"], f"{rbase}.disagreement")
            missing += valuation(reg, rbase)
    for section in ("coupling", "suppliers"):
        missing += [f"{section}[{n}]" for n, rule in enumerate(raw[section])
                    if not (rule.get("source") and rule.get("rationale"))]
    for issue, value in raw["status_quo"].items():
        if isinstance(value, list):
            missing += [f"status_quo.{issue}[{n}]" for n, v in enumerate(value)
                        if not v.get("source")]
    game = raw["game"]
    for party, postures in game["postures"].items():
        missing += [f"game.postures.{party}.{p['id']}" for p in postures if not p.get("source")]
    missing += _missing_provenance_rows(game["war"])
    assert missing == []


def test_no_deal_adjustments_are_marked_as_assumptions():
    # Issue 14, item 7: no source gives the adjustments from the continued-war profile to the
    # no-deal values, so every disagreement value says so.
    raw = tomllib.loads(MODEL.read_text())
    for party in raw["parties"]:
        assert party["disagreement"]["source"] == "assumption", party["id"]
        assert "dist" in party["disagreement"], party["id"]     # the range robustness uses
        for reg in party.get("registers", []):
            if "disagreement" in reg:
                assert reg["disagreement"]["source"] == "assumption"


def test_every_dated_version_of_a_red_line_has_its_own_source():
    raw = tomllib.loads(MODEL.read_text())
    lines = [rl for p in raw["parties"] for rl in p.get("red_lines", [])]
    lines += [rl for p in raw["parties"] for r in p.get("registers", [])
              for rl in r.get("red_lines", [])]
    dated = [rl for rl in lines if "from" in rl or "until" in rl]
    assert len(dated) >= 10
    assert all(rl.get("source") and rl.get("rationale") for rl in dated)


def _missing_provenance_rows(rows):
    return [f"game.war.{r['id']}" for r in rows if not (r.get("source") and r.get("rationale"))]


# The red lines in force on 1 March 2026 (R = Russia, U = Ukraine, W = the West):
#   R non_alignment          alignment == permanent_neutrality
#   R no_nato_like_guar.     guarantees <= bilateral_commitments    (the form: no coupling for R)
#   R no_western_forces      foreign_forces <= neutral_monitors
#   R keep_crimea            territorial_line >= lines_feb_2022        (line != 1991)
#   R territorial_claims     territorial_line >= all_donbas
#   R recognition_of_gains   recognition >= de_facto                   (line != 1991, feasibility)
#   U integrity_or_enf.      territorial_line == borders_1991 or ENF
#   U neutrality_needs_enf.  alignment != permanent_neutrality and (alignment >= open_door or ENF)
#   U no_withdrawal          territorial_line <= current_line
#   W no_reward_for_force    recognition <= status_deferred
#   W free_choice_of_all.    alignment != permanent_neutrality
#   W no_direct_conf.        west_commitment <= aid_and_sanctions
# (U no_legal_recognition, U no_external_control and W no_ukrainian_defeat collide with nothing.)
# ENF is U's effective guarantee >= binding_multinational: by the coupling rule, a binding form
# (G >= binding) backed by west_commitment >= direct_support or foreign_forces >= western_hubs.
# ENF dies with R's guarantee line, or with R's forces line and W's commitment line together;
# U's integrity line then needs the 1991 borders, which R's Crimea, Donbas or recognition line
# rules out. Neutrality collides head-on with U's and W's alignment lines, Donbas with U's
# no-withdrawal line, recognition with W's no-reward line. Hence exactly these red-line MUS:
RED_LINE_MUS = {
    frozenset({"russia.non_alignment", "ukraine.neutrality_needs_enforcement"}),
    frozenset({"russia.non_alignment", "west.free_choice_of_alliance"}),
    frozenset({"russia.territorial_claims", "ukraine.no_withdrawal"}),
    frozenset({"russia.recognition_of_gains", "west.no_reward_for_force"}),
    *(frozenset({"russia.no_nato_like_guarantees", line, "ukraine.integrity_or_enforcement"})
      for line in ("russia.keep_crimea", "russia.territorial_claims",
                   "russia.recognition_of_gains")),
    *(frozenset({"russia.no_western_forces", "west.no_direct_confrontation", line,
                 "ukraine.integrity_or_enforcement"})
      for line in ("russia.keep_crimea", "russia.territorial_claims",
                   "russia.recognition_of_gains")),
}


def test_baseline_is_a_structural_trap(analysis):
    assert analysis.verdict == "structural_trap"
    assert not analysis.certificate.red_lines_compatible
    assert analysis.bargaining.red_line_set_size == 0


def test_mus_structure(analysis):
    cert = analysis.certificate
    red_only = {frozenset(m) for m in cert.mus if not any(c.endswith(".ir") for c in m)}
    assert red_only == RED_LINE_MUS
    # The three-party sets are exactly the enforcement collision of 000 ¶36: Russia's forces
    # line, the West's commitment line and Ukraine's enforcement requirement.
    three = [m for m in RED_LINE_MUS if {c.split(".")[0] for c in m} == {"russia", "ukraine",
                                                                            "west"}]
    assert len(three) == 3
    assert all({"russia.no_western_forces", "west.no_direct_confrontation"} <= m for m in three)
    assert verify(analysis.model, cert) == []


def test_pairwise(analysis):
    # Russia–Ukraine: neutrality, Donbas; Russia–West: neutrality, recognition. Ukraine and the
    # West meet at, e.g., a binding guarantee backed by Western hubs at the current line.
    assert analysis.certificate.pairwise == {
        "russia+ukraine": False, "russia+west": False, "ukraine+west": True}


def test_coupling_makes_an_unbacked_guarantee_budapest_for_ukraine_only(analysis):
    # At an Article-5-like guarantee with aid only and no forces, Ukraine's enforcement line
    # fails (the guarantee counts as an assurance), while Russia's guarantee line sees the form.
    model = analysis.model
    compiled = analysis.compiled
    levels = {"alignment": "open_door", "eu_path": "eu_candidate", "guarantees": "article5_like",
              "foreign_forces": "none", "west_commitment": "aid_and_sanctions",
              "territorial_line": "current_line", "recognition": "no_recognition",
              "army_cap": "no_cap", "sanctions": "maintained"}
    index = int(np.ravel_multi_index([i.level_ids.index(levels[i.id]) for i in model.issues],
                                     model.shape))
    ids = compiled.constraint_ids
    holds = {c: bool(compiled.holds(n)[index]) for n, c in enumerate(ids)}
    assert not holds["ukraine.integrity_or_enforcement"]
    assert not holds["russia.no_nato_like_guarantees"]
    backed = dict(levels, foreign_forces="western_hubs")
    index = int(np.ravel_multi_index([i.level_ids.index(backed[i.id]) for i in model.issues],
                                     model.shape))
    assert compiled.holds(ids.index("ukraine.integrity_or_enforcement"))[index]


# The cheapest minimal revisions (total revision cost 16), discussed in
# docs/russia_ukraine_west.md: each drops Russia's neutrality and recognition lines and two of
# Russia's Crimea/Donbas lines or Ukraine's lines.
DOCUMENTED_REVISIONS = [
    ("russia.keep_crimea", "russia.non_alignment", "russia.recognition_of_gains",
     "russia.territorial_claims"),
    ("russia.non_alignment", "russia.recognition_of_gains", "russia.territorial_claims",
     "ukraine.integrity_or_enforcement"),
    ("russia.non_alignment", "russia.recognition_of_gains", "ukraine.integrity_or_enforcement",
     "ukraine.no_withdrawal"),
]


@pytest.mark.parametrize("revision", DOCUMENTED_REVISIONS)
def test_documented_revisions_open_a_zone_of_agreement(revision):
    # Checked with the independent evaluator: after the revision some feasible settlement meets
    # every remaining constraint, and keeping any one of the revised constraints closes it again.
    model = load_model(MODEL)
    ids, sat = satisfaction(model)
    sat = sat[feasible_outcomes(model)]
    keep = [n for n, c in enumerate(ids) if c not in revision]
    assert np.all(sat[:, keep], axis=1).any()
    for c in revision:
        assert not np.all(sat[:, keep + [ids.index(c)]], axis=1).any(), c
    opened = analyze(load_model(MODEL, drops=revision), strategic=False)
    assert opened.bargaining.size > 0


def test_no_single_party_can_open_it_alone_except_russia(analysis):
    # Every red-line MUS above contains a Russian line, so only Russia's revisions can open the
    # set alone; {R non_alignment, U neutrality} and {R non_alignment, W free choice} show that
    # Ukraine and the West would each need the other to move too.
    assert all(any(c.startswith("russia.") for c in m) for m in analysis.certificate.mus)
    parties = {frozenset(p) for p in analysis.certificate.mcs_parties}
    assert frozenset({"ukraine"}) not in parties and frozenset({"west"}) not in parties


def test_dated_positions_at_the_boundaries():
    # Russia's territorial demand: the four oblasts until 14 Aug 2025, all of Donbas from the
    # Alaska summit on 15 Aug 2025; nothing beyond Crimea before the annexations of 30 Sep 2022.
    def claim(date):
        rl = next(r for r in load_model(MODEL, as_of=date).party("russia").red_lines
                  if r.id == "territorial_claims")
        return rl.in_force, rl.requires, rl.binds

    assert claim("2022-09-29")[0] is False
    assert claim("2022-09-30") == (True, "territorial_line == four_oblasts", "final")
    assert claim("2024-06-14") == (True, "territorial_line == four_oblasts", "interim")
    assert claim("2025-08-14")[1] == "territorial_line == four_oblasts"
    assert claim("2025-08-15")[1] == "territorial_line >= all_donbas"
    # The West's free choice of alliance holds (under the union rule) on the model's date.
    west = load_model(MODEL).party("west")
    assert any(r.id == "free_choice_of_alliance" and r.in_force for r in west.all_red_lines())
    # The status quo line was the pre-invasion one until 23 Feb 2022.
    assert load_model(MODEL, as_of="2022-02-23").status_quo["territorial_line"] == \
        "lines_feb_2022"
    assert load_model(MODEL, as_of="2022-02-24").status_quo["territorial_line"] == "current_line"


def test_russia_table_variant_keeps_only_the_alignment_collisions():
    # With Russia's minimum as in the article's table (neutrality, no Western forces), the only
    # red-line MUS left today are neutrality against Ukraine's and the West's alignment lines
    # (the enforcement triangle is a superset of {R non_alignment, U neutrality}).
    a = analyze(load_model(ROOT / "models" / "russia_minimum_table.toml"), strategic=False)
    assert {frozenset(m) for m in a.certificate.mus} == {
        frozenset({"russia.non_alignment", "ukraine.neutrality_needs_enforcement"}),
        frozenset({"russia.non_alignment", "west.free_choice_of_alliance"})}
    # On 20 Dec 2025 Ukraine offered neutrality for enforceable guarantees: the article's
    # triangle (R forces, W no confrontation, U enforcement) appears.
    dated = analyze(load_model(ROOT / "models" / "russia_minimum_table.toml",
                               as_of="2025-12-20"), strategic=False)
    assert frozenset({"russia.non_alignment", "russia.no_western_forces",
                      "ukraine.neutrality_needs_enforcement", "west.no_direct_confrontation"}) \
        in {frozenset(m) for m in dated.certificate.mus}


def test_divided_west_variant():
    # The US dropped the open door (12 Feb 2025) and no reward for force (Apr 2025): on the
    # model's date only Europe collides with Russia over alignment and recognition, and the US
    # and Russia are pairwise compatible.
    a = analyze(load_model(ROOT / "models" / "russia_ukraine_us_europe.toml"), strategic=False)
    mus = {frozenset(m) for m in a.certificate.mus}
    assert frozenset({"russia.non_alignment", "europe.free_choice_of_alliance"}) in mus
    assert frozenset({"russia.recognition_of_gains", "europe.no_reward_for_force"}) in mus
    assert not any(c.startswith("us.") and c.endswith(("alliance", "force")) for m in mus
                   for c in m)
    assert a.certificate.pairwise["russia+us"] and not a.certificate.pairwise["russia+europe"]
    assert verify(a.model, a.certificate) == []


def test_whose_action_ukraines_minimum_needs():
    # Ukraine's minimum is met through the 1991 borders (Russia withdraws: Russia acts) or through
    # a backed guarantee at the current line (the West acts; Russia and Ukraine stop advancing).
    needs = {n.party: n for n in whose_action(compile_model(load_model(MODEL)))}
    ways = {(frozenset(w.acts), frozenset(w.refrains)) for w in needs["ukraine"].ways}
    assert ways == {(frozenset({"russia"}), frozenset()),
                    (frozenset({"west"}), frozenset({"russia"}))}
    assert needs["ukraine"].all_others(restraint=False) == (False, False)
    assert needs["ukraine"].all_others(restraint=True) == (True, False)
    # Russia's minimum needs Ukraine's acts (neutrality, withdrawal, recognition) and nobody else's.
    assert [(set(w.acts), set(w.refrains)) for w in needs["russia"].ways] == [({"ukraine"}, set())]


# The mediation record, dated and staged (the faithful reading): rejections derived by hand
# from the red lines in force on each date and the stages' terms (other issues at the status quo
# of that date: NATO open door, bilateral guarantees, no forces, aid, no recognition, no cap).
#   20 points (23 Dec 2025), ceasefire stage: Russia's interim lines neutrality (open door) and
#   Donbas (current line) fail; Ukraine's enforcement fails (an unbacked bilateral guarantee).
#   China's 12 points (24 Feb 2023), ceasefire stage: Russia's neutrality fails; Ukraine's
#   1991-only line (Peace Formula to Jeddah) fails.
#   Russia's drafts (17 Dec 2021): they fix neutrality, which the West's free-choice line rules
#   out (the open door was then held by the US and Europe alike).
STAGED = {
    ("twenty_points_2025", "russia"): ("ceasefire", ("russia.non_alignment",
                                                    "russia.territorial_claims")),
    ("twenty_points_2025", "ukraine"): ("ceasefire", ("ukraine.integrity_or_enforcement",)),
    ("china_12_points_2023", "russia"): ("ceasefire", ("russia.non_alignment",)),
    ("china_12_points_2023", "ukraine"): ("ceasefire", ("ukraine.integrity_or_enforcement",)),
}


def test_mediation_record_dated_and_staged():
    record, model = load_record(ROOT / "models" / "mediation_record.toml")
    assert record.reading == "status_quo"
    results = {r.package.id: r for r in evaluate_record(compile_model(model), record, "staged")}
    for (pid, party), (stage, blockers) in STAGED.items():
        resp = results[pid].responses[party]
        assert not resp.accepts and resp.stage == stage
        assert blockers in resp.blockers, (pid, party, resp.blockers)
    drafts = results["russia_drafts_2021"]
    assert drafts.date == "2021-12-17"
    assert any("west.free_choice_of_alliance" in b for b in drafts.responses["west"].blockers)
    assert not any(r.jointly_acceptable for r in results.values())   # a trap admits none


def test_alternatives_leave_the_minimums_the_article_names_unmet():
    record, model = load_record(ROOT / "models" / "alternatives.toml")
    assert record.reading == "status_quo"
    results = {r.package.id: r for r in evaluate_record(compile_model(model), record)}

    def unmet(pid):
        return {p for p, resp in results[pid].responses.items() if not resp.accepts}

    # Article: enforcement triggers Russia's lines; below the threshold it is Budapest again
    # for Ukraine; an armistice meets neither Russia's nor Ukraine's minimum; ambiguity leaves
    # Russia's alignment requirement unmet (alignment stays at the open door).
    assert "russia" in unmet("armed_neutrality_enforced")
    assert "ukraine" in unmet("armed_neutrality_assurances")
    assert {"russia", "ukraine"} <= unmet("phased_settlement")
    ambiguity = results["territorial_ambiguity"].responses["russia"]
    assert any("russia.non_alignment" in b for b in ambiguity.blockers)
    # The armed neutrality with binding guarantees and no stated backing reads the status quo
    # (aid, no forces): for Ukraine the guarantee is an assurance (coupling).
    assert any("ukraine.integrity_or_enforcement" in b
               for b in results["armed_neutrality"].responses["ukraine"].blockers)
