"""The clinical vocabulary of the simulation: drugs and regimens, cancers, their histologies.

Canonical names are what the gold and `treatments.csv` carry (`Treatment.name.value`);
`forms` are the ways French reports write them. Regimens keep their usual acronym (FOLFOX,
R-CHOP), single drugs their international non-proprietary name in lower case, procedures
their French name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Drug:
    name: str  # canonical
    category: str  # TreatmentCategory value
    forms: tuple[str, ...]  # as written in reports (brand names included)
    cycle_days: int  # 0: taken every day (hormone therapy)


DRUGS: dict[str, Drug] = {
    drug.name: drug
    for drug in (
        Drug("FOLFOX", "chemotherapy", ("FOLFOX", "FOLFOX 6 modifié", "Folfox", "FOLFOX4"), 14),
        Drug("FOLFIRI", "chemotherapy", ("FOLFIRI", "Folfiri"), 14),
        Drug("XELOX", "chemotherapy", ("XELOX", "CAPOX", "Xelox"), 21),
        Drug("bevacizumab", "targeted", ("bévacizumab", "bevacizumab", "Avastin"), 14),
        Drug("EC", "chemotherapy", ("EC", "épirubicine-cyclophosphamide", "EC100"), 21),
        Drug("paclitaxel", "chemotherapy", ("paclitaxel", "Taxol", "paclitaxel hebdomadaire"), 7),
        Drug("trastuzumab", "targeted", ("trastuzumab", "Herceptin", "trastuzumab SC"), 21),
        Drug("palbociclib", "targeted", ("palbociclib", "Ibrance"), 28),
        Drug("letrozole", "hormone_therapy", ("létrozole", "letrozole", "Femara"), 0),
        Drug("fulvestrant", "hormone_therapy", ("fulvestrant", "Faslodex"), 28),
        Drug("tamoxifen", "hormone_therapy", ("tamoxifène", "tamoxifene", "Nolvadex"), 0),
        Drug(
            "carboplatin-pemetrexed",
            "chemotherapy",
            ("carboplatine-pémétrexed", "carboplatine + pémétrexed", "Carbo-Pémétrexed"),
            21,
        ),
        Drug("pembrolizumab", "immunotherapy", ("pembrolizumab", "Keytruda"), 21),
        Drug("nivolumab", "immunotherapy", ("nivolumab", "Opdivo"), 14),
        Drug("docetaxel", "chemotherapy", ("docétaxel", "Taxotère", "docetaxel"), 21),
        Drug("R-CHOP", "chemotherapy", ("R-CHOP", "R-CHOP 21", "R-CHOP21"), 21),
        Drug("R-DHAP", "chemotherapy", ("R-DHAP", "R-DHAOx"), 21),
    )
}

# A regimen is what one line gives: its drugs (each a Treatment in the gold) and its cycles.
Regimen = tuple[str, ...]


@dataclass(frozen=True)
class Procedure:
    name: str  # the simulation's French name
    gold: str  # the gold's normalised name, in English as for drugs ("lumpectomy")
    category: str
    forms: tuple[str, ...]


PROCEDURES: dict[str, Procedure] = {
    procedure.name: procedure
    for procedure in (
        Procedure(
            "colectomie",
            "colectomy",
            "surgery",
            ("colectomie", "hémicolectomie", "colectomie segmentaire"),
        ),
        Procedure(
            "proctectomie",
            "rectal resection",
            "surgery",
            ("proctectomie", "résection antérieure du rectum"),
        ),
        Procedure(
            "tumorectomie", "lumpectomy", "surgery", ("tumorectomie", "mastectomie partielle")
        ),
        Procedure("mastectomie", "mastectomy", "surgery", ("mastectomie", "mastectomie totale")),
        Procedure("lobectomie", "lobectomy", "surgery", ("lobectomie", "lobectomie pulmonaire")),
        Procedure(
            "radiothérapie", "radiotherapy", "radiotherapy", ("radiothérapie", "RT", "irradiation")
        ),
    )
}


@dataclass(frozen=True)
class Histology:
    label: str  # canonical (gold value)
    icdo: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class CancerProfile:
    site: str  # CancerSite value
    weight: float
    histology: Histology
    sided: bool  # has a laterality (breast, lung)
    female_share: float
    metastatic_share: float  # metastatic (or advanced) at diagnosis
    relapse_share: float  # of the others: relapse during follow-up
    metastasis_organs: tuple[tuple[str, float], ...]  # organ → weight
    lines: tuple[Regimen, ...]  # advanced-disease lines, in order


PROFILES: tuple[CancerProfile, ...] = (
    CancerProfile(
        site="colorectal",
        weight=0.3,
        histology=Histology(
            "adénocarcinome", "8140/3", ("adénocarcinome", "adénocarcinome lieberkühnien", "ADK")
        ),
        sided=False,
        female_share=0.45,
        metastatic_share=0.6,
        relapse_share=0.5,
        metastasis_organs=(
            ("liver", 0.6),
            ("lung", 0.25),
            ("lymph_node", 0.1),
            ("peritoneum", 0.05),
        ),
        lines=(("FOLFOX", "bevacizumab"), ("FOLFIRI", "bevacizumab"), ("XELOX",)),
    ),
    CancerProfile(
        site="breast",
        weight=0.3,
        histology=Histology(
            "carcinome infiltrant de type non spécifique",
            "8500/3",
            (
                "carcinome infiltrant de type non spécifique",
                "carcinome canalaire infiltrant",
                "CCI",
            ),
        ),
        sided=True,
        female_share=0.99,
        metastatic_share=0.25,
        relapse_share=0.5,
        metastasis_organs=(("liver", 0.35), ("lung", 0.25), ("lymph_node", 0.25), ("bone", 0.15)),
        lines=(("letrozole", "palbociclib"), ("paclitaxel",), ("docetaxel",)),
    ),
    CancerProfile(
        site="lung",
        weight=0.25,
        histology=Histology(
            "adénocarcinome", "8140/3", ("adénocarcinome", "adénocarcinome invasif", "ADK")
        ),
        sided=True,
        female_share=0.35,
        metastatic_share=0.7,
        relapse_share=0.5,
        metastasis_organs=(("lymph_node", 0.35), ("adrenal", 0.2), ("liver", 0.2), ("bone", 0.25)),
        lines=(("carboplatin-pemetrexed", "pembrolizumab"), ("docetaxel",), ("nivolumab",)),
    ),
    CancerProfile(
        site="lymphoma",
        weight=0.15,
        histology=Histology(
            "lymphome B diffus à grandes cellules",
            "9680/3",
            ("lymphome B diffus à grandes cellules", "LBDGC", "DLBCL"),
        ),
        sided=False,
        female_share=0.45,
        metastatic_share=1.0,  # nodal disease measured from the start
        relapse_share=0.0,
        metastasis_organs=(("lymph_node", 1.0),),
        lines=(("R-CHOP",), ("R-DHAP",)),
    ),
)

PROFILE_BY_SITE: dict[str, CancerProfile] = {profile.site: profile for profile in PROFILES}

# Anatomical sub-locations, as a (canonical value, written forms) list per organ.
LIVER_SEGMENTS: tuple[str, ...] = ("II", "III", "IV", "V", "VI", "VII", "VIII")
LUNG_LOBES: tuple[tuple[str, str], ...] = (  # (canonical, side or "" when the lobe implies it)
    ("lobe supérieur", ""),
    ("lobe inférieur", ""),
    ("lobe moyen", "right"),
    ("lingula", "left"),
)
NODE_STATIONS: dict[str, tuple[str, ...]] = {
    # canonical → stations a cancer spreads to; "sided" ones get a laterality
    "colorectal": ("lombo-aortique", "mésentérique", "iliaque"),
    "breast": ("axillaire", "sus-claviculaire", "mammaire interne"),
    "lung": ("médiastinale", "hilaire", "sus-claviculaire"),
    "lymphoma": (
        "cervicale",
        "axillaire",
        "médiastinale",
        "lombo-aortique",
        "iliaque",
        "inguinale",
        "sus-claviculaire",
    ),
}
SIDED_STATIONS = frozenset(
    {
        "axillaire",
        "sus-claviculaire",
        "hilaire",
        "iliaque",
        "inguinale",
        "cervicale",
        "mammaire interne",
    }
)
BREAST_QUADRANTS: tuple[str, ...] = ("QSE", "QSI", "QIE", "QII", "union des quadrants supérieurs")
