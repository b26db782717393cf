"""Baseline: which lesions are measurable, which become targets, which stay non-targets.

Eisenhauer 2009 §3.1 and §4.2: a non-nodal lesion is measurable at long axis >= 10 mm, a node
at short axis >= 15 mm; a node of 10-15 mm is pathological but non-measurable (non-target), a
node below 10 mm is normal. At most 5 targets, at most 2 per organ, the largest first. All
lymph nodes together count as one organ (RECIST Working Group Q&A, "Two target lesions") and
so do both sides of a paired organ (lungs, kidneys, adrenals, ovaries, breasts...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graphbuilder.core.dates import strip_accents
from graphbuilder.rules.recist.arithmetic import (
    LESION_MEASURABLE_TENTHS,
    NODE_MEASURABLE_TENTHS,
    NODE_NORMAL_BELOW_TENTHS,
    format_mm,
    tenths_to_mm,
)
from graphbuilder.rules.recist.lesions import LesionSnapshot
from graphbuilder.rules.recist.model import LesionStatus, TargetLesion

MAX_TARGETS = 5
MAX_TARGETS_PER_ORGAN = 2
LYMPH_NODE_GROUP = "lymph node"

_LATERALITY_WORDS = frozenset(
    {
        "left",
        "right",
        "bilateral",
        "gauche",
        "droit",
        "droite",
        "gauches",
        "droits",
        "droites",
        "bilaterale",
        "bilateraux",
        "lobe",
        "upper",
        "lower",
        "middle",
        "superieur",
        "inferieur",
        "moyen",
        "lobes",
    }
)
_ADRENAL_NAMES = (
    "adrenal",
    "adrenals",
    "adrenal gland",
    "surrenale",
    "surrenales",
    "surrenal",
    "glande surrenale",
)
# Paired organs (English and French names) are one organ for the per-organ limit.
_PAIRED_ORGANS: dict[str, str] = {
    **dict.fromkeys(("lung", "lungs", "pulmonary", "poumon", "poumons", "pulmonaire"), "lung"),
    **dict.fromkeys(("kidney", "kidneys", "renal", "rein", "reins", "renale"), "kidney"),
    **dict.fromkeys(_ADRENAL_NAMES, "adrenal"),
    **dict.fromkeys(("ovary", "ovaries", "ovarian", "ovaire", "ovaires"), "ovary"),
    **dict.fromkeys(("breast", "breasts", "sein", "seins", "mammaire"), "breast"),
    **dict.fromkeys(("testis", "testes", "testicle", "testicule", "testicules"), "testis"),
    **dict.fromkeys(("pleura", "pleural", "plevre", "pleurale"), "pleura"),
    # Single organs whose French and English names should not count as two organs.
    **dict.fromkeys(("liver", "hepatic", "foie", "hepatique"), "liver"),
    **dict.fromkeys(("bone", "os", "osseux", "osseuse"), "bone"),
    **dict.fromkeys(("brain", "cerveau", "cerebral", "cerebrale"), "brain"),
    **dict.fromkeys(("peritoneum", "peritoneal", "peritoine", "peritoneale"), "peritoneum"),
    **dict.fromkeys(("spleen", "splenic", "rate", "splenique"), "spleen"),
}
_NODAL_WORDS = ("lymph node", "node", "ganglion", "ganglionnaire", "adenopathie", "adenopathy")


@lru_cache(maxsize=4096)  # pure, and the same few organ names recur across patients
def organ_group(organ: str, nodal: bool) -> str:
    """The organ a lesion counts under for the 2-per-organ limit."""
    words = strip_accents(organ).lower().replace("-", " ").replace("_", " ").split()
    cleaned = " ".join(word for word in words if word not in _LATERALITY_WORDS)
    if nodal or any(word in cleaned for word in _NODAL_WORDS):
        return LYMPH_NODE_GROUP
    return _PAIRED_ORGANS.get(cleaned, cleaned)


def is_measurable(lesion: LesionSnapshot) -> bool:
    """Measurable at baseline: present, with a size at or above the threshold of its kind."""
    if lesion.status is not LesionStatus.PRESENT or lesion.size_tenths is None:
        return False
    threshold = NODE_MEASURABLE_TENTHS if lesion.nodal else LESION_MEASURABLE_TENTHS
    return lesion.size_tenths >= threshold


def is_disease(lesion: LesionSnapshot) -> bool:
    """Whether a baseline lesion is tumour to follow (a target or a non-target)."""
    if lesion.status is LesionStatus.ABSENT:
        return False
    if lesion.nodal and lesion.size_tenths is not None:
        return lesion.size_tenths >= NODE_NORMAL_BELOW_TENTHS
    return True


@dataclass(frozen=True, slots=True)
class Baseline:
    """Targets, non-targets and the note explaining the choice."""

    targets: tuple[TargetLesion, ...]
    target_tenths: dict[str, int]
    non_target_ids: tuple[str, ...]
    note: str


def _as_target(lesion: LesionSnapshot) -> TargetLesion:
    size = lesion.size_tenths or 0
    return TargetLesion(
        lesion.lesion_id,
        lesion.organ,
        organ_group(lesion.organ, lesion.nodal),
        lesion.nodal,
        tenths_to_mm(size),
    )


def _auto_select(lesions: list[LesionSnapshot]) -> tuple[list[LesionSnapshot], int]:
    """The largest measurable lesions within the limits; also how many were left out."""
    measurable = sorted(
        (lesion for lesion in lesions if is_measurable(lesion)),
        key=lambda lesion: (-(lesion.size_tenths or 0), lesion.lesion_id),
    )
    chosen: list[LesionSnapshot] = []
    per_organ: dict[str, int] = {}
    for lesion in measurable:
        group = organ_group(lesion.organ, lesion.nodal)
        if len(chosen) < MAX_TARGETS and per_organ.get(group, 0) < MAX_TARGETS_PER_ORGAN:
            chosen.append(lesion)
            per_organ[group] = per_organ.get(group, 0) + 1
    return chosen, len(measurable) - len(chosen)


def _describe(lesion: TargetLesion) -> str:
    axis = "short axis " if lesion.nodal else ""
    size = format_mm(round(lesion.baseline_mm * 10))
    return f"{lesion.lesion_id} ({lesion.organ_group}, {axis}{size})"


def classify_baseline(snapshots: Iterable[LesionSnapshot]) -> Baseline:
    """Targets (flagged by the reader, else chosen by size) and non-targets at baseline."""
    lesions = sorted(snapshots, key=lambda lesion: lesion.lesion_id)
    flagged = [lesion for lesion in lesions if lesion.target_flag]
    if flagged:
        chosen = flagged
        unmeasurable = [lesion.lesion_id for lesion in flagged if not is_measurable(lesion)]
        how = "targets as given"
        if unmeasurable:
            how += f" (not measurable by RECIST 1.1: {', '.join(unmeasurable)})"
    else:
        chosen, left_out = _auto_select(lesions)
        how = "targets chosen by size"
        if left_out:
            how += f", {left_out} measurable lesion(s) left as non-targets (5 total, 2 per organ)"
    chosen_ids = {lesion.lesion_id for lesion in chosen}
    targets = tuple(_as_target(lesion) for lesion in chosen)
    non_targets = tuple(
        lesion.lesion_id
        for lesion in lesions
        if lesion.lesion_id not in chosen_ids and is_disease(lesion)
    )
    if targets:
        note = f"{how}: " + ", ".join(_describe(target) for target in targets)
    else:
        note = "no measurable target lesion"
    return Baseline(
        targets,
        {lesion.lesion_id: lesion.size_tenths or 0 for lesion in chosen},
        non_targets,
        note,
    )
