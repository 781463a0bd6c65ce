"""Model variants side by side: where the verdict, the minimal sets, the record's reading and
whose action each minimum needs change from one variant to another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from negotiation.model.labels import party_label
from negotiation.report.packages import READING_WORDS, response_text, short_labels
from negotiation.report.tables import Table

__all__ = ["agreement_count", "minimal_sets_table", "pairs_text", "readings_summary_table",
           "record_by_variant_table", "variants_table", "whose_action_table"]


def pairs_text(model, pairwise: Mapping[str, bool]) -> str:
    """The pairs of parties that cannot agree even without the others, in words."""
    bad = [" and ".join(party_label(model, p) for p in k.split("+"))
           for k, ok in pairwise.items() if not ok]
    return "; ".join(bad) or "none"


def variants_table(analyses: Mapping[str, object], name: str = "variants") -> Table:
    """One row per variant: verdict, minimal incompatible and correction sets, the cheapest
    revision, and which pairs of parties cannot agree even without the others."""
    rows = []
    for label, a in analyses.items():
        cert = a.certificate
        red = [m for m in cert.mus if not any(c.endswith(".ir") for c in m)]
        rows.append((label, a.verdict.replace("_", " "), len(red), len(cert.mus), len(cert.mcs),
                     min(cert.mcs_costs, default=0.0), pairs_text(a.model, cert.pairwise)))
    return Table(name, "The verdict under each variant of the model",
                 ("variant", "verdict", "MUS of red lines", "MUS in all", "MCS",
                  "cheapest revision cost", "pairs that cannot agree"), tuple(rows))


def _set_text(model, ids: Sequence[str]) -> str:
    short = short_labels(model)
    return "; ".join(f"{party_label(model, c.split('.')[0])}: {short.get(c, c)}"
                     for c in sorted(ids))


def minimal_sets_table(analyses: Mapping[str, object], name: str = "variant_mus") -> Table:
    """Every minimal incompatible set of red lines (no-deal values left out) of any variant, and
    the variants that have it."""
    found: dict[frozenset, tuple[object, set[str]]] = {}
    for label, a in analyses.items():
        for mus in a.certificate.mus:
            if any(c.endswith(".ir") for c in mus):
                continue
            entry = found.setdefault(frozenset(mus), (a.model, set()))
            entry[1].add(label)
    rows = tuple((_set_text(model, sorted(key)),
                  *("yes" if label in where else "" for label in analyses))
                 for key, (model, where) in sorted(found.items(),
                                                   key=lambda kv: (len(kv[0]), sorted(kv[0]))))
    return Table(name, "Minimal incompatible sets of red lines, and the variants in which each "
                       "holds", ("minimal incompatible set", *analyses), rows)


def whose_action_table(needs_by_variant: Mapping[str, Sequence], models: Mapping[str, object],
                       name: str = "whose_action") -> Table:
    """For each variant and party: the ways of meeting its minimum (who must act, who must then
    refrain) and whether it needs every other party, counting acts only or acts and restraint."""
    rows = []
    for label, needs in needs_by_variant.items():
        model = models[label]
        for n in needs:
            ways = " | ".join(
                ("acts: " + (", ".join(party_label(model, p) for p in sorted(w.acts)) or "nobody"))
                + ("; refrains: " + ", ".join(party_label(model, p) for p in sorted(w.refrains))
                   if w.refrains else "") for w in n.ways) or "no settlement meets it"
            acts_some, acts_all = n.all_others(False)
            both_some, both_all = n.all_others(True)
            rows.append((label, party_label(model, n.party), n.settlements, ways,
                         _yes_no(acts_some, acts_all), _yes_no(both_some, both_all)))
    return Table(name, "Whose action each party's minimum needs: the minimal ways of meeting it "
                       "(other parties that must act, then those that must refrain), and "
                       "whether it needs every other party",
                 ("variant", "party", "settlements meeting its red lines", "ways",
                  "needs all others (acts)", "needs all others (acts or restraint)"),
                 tuple(rows))


def _yes_no(some: bool, every: bool) -> str:
    return "in every way" if every else ("in some ways" if some else "no")


def agreement_count(results) -> tuple[int, int, int]:
    """``(agreements, comparisons, jointly acceptable)``: how many recorded receptions that say
    accept or reject the engine reproduces, out of how many, and how many packages all parties
    accept."""
    compared = [r.record_disagrees(p) for r in results for p in r.responses]
    compared = [c for c in compared if c is not None]
    return (sum(not c for c in compared), len(compared),
            sum(r.jointly_acceptable for r in results))


def readings_summary_table(by_reading: Mapping[str, Sequence], name: str) -> Table:
    """One row per reading: its meaning, agreements with the record, jointly acceptable."""
    rows = []
    for reading, results in by_reading.items():
        agree, total, joint = agreement_count(results)
        base = reading.split(": ")[-1]
        rows.append((reading, READING_WORDS.get(base, ""), f"{agree} of {total}", joint))
    return Table(name, "Agreements with the recorded receptions under each reading",
                 ("reading", "silent issues", "engine agrees with the record",
                  "jointly acceptable"), tuple(rows))


def record_by_variant_table(by_variant: Mapping[str, Sequence], models: Mapping[str, object],
                            name: str) -> Table:
    """Frameworks × parties (union over the variants): the engine's answer under each variant
    beside the recorded reception."""
    labels = list(by_variant)
    parties: list[str] = []
    for results in by_variant.values():
        for p in (results[0].responses if results else {}):
            if p not in parties:
                parties.append(p)
    first = by_variant[labels[0]]
    rows = []
    for n, res in enumerate(first):
        for p in parties:
            cells = []
            for label in labels:
                r = by_variant[label][n]
                resp = r.responses.get(p)
                cells.append("" if resp is None else
                             response_text(resp, short_labels(r.model or models[label]),
                                           r.reading))
            model = next(models[lab] for lab in labels
                         if p in by_variant[lab][n].responses)
            rows.append((res.package.label, party_label(model, p), *cells,
                         res.package.reception.get(p, "")))
    return Table(name, "The record under each variant of the model", ("framework", "party",
                 *labels, "record"), tuple(rows))
