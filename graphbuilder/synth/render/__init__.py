"""Rendering a simulated patient's documents into French reports with their gold extraction.

Gold conventions (what a perfect extractor returns; the evaluation compares against them):

- Only what the text states is gold: a laterality the anatomy implies (lobe moyen, lingula)
  is not; negated findings ("Pas de lésion hépatique"), hypotheses ("Suspicion de...", "à
  confirmer") and family history are never gold; "Pas de nouvelle lésion" is gold as
  `no_new_lesion = true`. Contradictions are read as written (a "2,8 mm" slip is 2.8 mm).
- Values are normalised, evidence is verbatim. Sizes in mm ("2,3 cm" → 23; a range "12-13 mm"
  → 12.5; "15 x 12 mm" → long 15, short 12, both quoting the whole "15 x 12 mm"); a node
  written with one size ("de 18 mm de petit axe") has only `short_axis_mm`. Dates as ISO,
  also when written without year ("le 12/03"). Liver segments as Roman numerals ("S6" → "VI"),
  lung lobes as "lobe supérieur" / "lobe moyen" / "lobe inférieur" / "lingula" (an
  abbreviation such as "LID" is the evidence of both location and laterality), node stations
  by their French adjective ("axillaire", "médiastinale", "iliaque", "lombo-aortique"...).
- A lesion's `nodal` and (for "present") `status` evidence is its head noun; `organ` evidence
  is the organ word ("hépatique", "surrénale") or, for nodes, the head noun. `target` is given
  only when the report labels targets ("Cible n°1") and then "non_target" for the lesions
  under its "Lésions non cibles" header; new lesions get no role.
- Treatments: one per drug ("FOLFOX + bévacizumab" gives two), canonical names from
  `profiles.DRUGS` / `PROCEDURES` (regimen acronyms, INN in lower case, French procedures);
  category evidence is the category word before a single drug ("chimiothérapie par") or the
  drug itself; `cycle` is the cycle number or the count of cycles given ("12 cures").
  Each drug is named once per note, with all its attributes in that sentence.
- A Tumour is gold wherever a report names the patient's cancer with its site (indications,
  notes, pathology specimens); for a lymphoma the histology is also the site's evidence.
  Stated evolution is gold in radiology reports only (notes describe exams in words).
- TNM as edsnlp parts: "ypT1c N0(sn)" → prefix "yp", t "1c", n "0" (m absent when unwritten).
"""

from __future__ import annotations

from graphbuilder.synth.course import Document
from graphbuilder.synth.render.context import Context, Gold
from graphbuilder.synth.render.notes import render_consultation, render_tumour_board
from graphbuilder.synth.render.pathology import render_pathology
from graphbuilder.synth.render.radiology import render_radiology

__all__ = ["Context", "Gold", "render_document"]


def render_document(ctx: Context, doc: Document) -> tuple[str, Gold]:
    """(text, gold) of one document; a second version of a report is rendered afresh."""
    if doc.kind == "radiology":
        return render_radiology(ctx, doc, second_version=doc.duplicate_of is not None)
    if doc.kind == "pathology":
        return render_pathology(ctx, doc)
    if doc.kind == "tumour_board":
        return render_tumour_board(ctx, doc)
    return render_consultation(ctx, doc)
