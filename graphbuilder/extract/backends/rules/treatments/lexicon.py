"""Anticancer treatments as French reports name them, with one canonical name each.

Regimens keep their usual acronym (FOLFOX, R-CHOP), drugs their international non-proprietary
name in English, lower case (the name every registry and the FHIR export understand); French
spellings and brand names are written forms. Procedures and generic treatments get an English
canonical name too ("lumpectomy", "radiotherapy", "chemotherapy").
"""

from __future__ import annotations

from graphbuilder.extract.model import TreatmentCategory as C

# (canonical name, category, written forms as folded regular expressions)
Entry = tuple[str, C, str]

REGIMENS: tuple[Entry, ...] = (
    ("FOLFIRINOX", C.CHEMOTHERAPY, r"m?folfirinox(?:\s+modifie)?"),
    ("FOLFOXIRI", C.CHEMOTHERAPY, r"folfoxiri"),
    ("FOLFOX", C.CHEMOTHERAPY, r"m?folfox\s*(?:4|6|7)?(?:\s+modifie)?"),
    ("FOLFIRI", C.CHEMOTHERAPY, r"folfiri"),
    ("XELOX", C.CHEMOTHERAPY, r"xelox|capox"),
    ("XELIRI", C.CHEMOTHERAPY, r"xeliri"),
    ("LV5FU2", C.CHEMOTHERAPY, r"lv5-?fu2?"),
    ("FEC", C.CHEMOTHERAPY, r"fec\s*(?:100|75|50)?"),
    ("R-CHOP", C.CHEMOTHERAPY, r"r-?chop\s*(?:14|21)?|r-?mini-?chop"),
    ("CHOP", C.CHEMOTHERAPY, r"chop"),
    ("R-DHAP", C.CHEMOTHERAPY, r"r-?dha(?:p|ox|c)"),
    ("R-CVP", C.CHEMOTHERAPY, r"r-?cvp"),
    ("ABVD", C.CHEMOTHERAPY, r"abvd"),
    ("BEACOPP", C.CHEMOTHERAPY, r"beacopp\w*"),
    ("GEMOX", C.CHEMOTHERAPY, r"gemox"),
    ("TCH", C.CHEMOTHERAPY, r"tchp?"),
    ("EC", C.CHEMOTHERAPY, r"epirubicine[- ]+cyclophosphamide|e-?c ?100"),
    ("AC", C.CHEMOTHERAPY, r"(?:doxorubicine|adriamycine)[- ]+cyclophosphamide"),
    ("TC", C.CHEMOTHERAPY, r"docetaxel[- ]+cyclophosphamide"),
)
# Acronyms that are ordinary letters in lower case: matched on the original text, in capitals.
UPPERCASE_REGIMENS: tuple[Entry, ...] = (
    ("EC", C.CHEMOTHERAPY, r"EC\s*(?:100|90|75)?"),
    ("AC", C.CHEMOTHERAPY, r"AC"),
    ("TC", C.CHEMOTHERAPY, r"TC"),
)

DRUGS: tuple[Entry, ...] = (
    # chemotherapy
    ("fluorouracil", C.CHEMOTHERAPY, r"5-?fu|5-?fluoro-?uracile?|fluoro-?uracile?"),
    ("capecitabine", C.CHEMOTHERAPY, r"capecitabine|xeloda"),
    ("oxaliplatin", C.CHEMOTHERAPY, r"oxaliplatine?|eloxatine"),
    ("irinotecan", C.CHEMOTHERAPY, r"irinotecan|campto"),
    ("carboplatin", C.CHEMOTHERAPY, r"carboplatine?|carbo(?=\s*[-+/])"),
    ("cisplatin", C.CHEMOTHERAPY, r"cisplatine?"),
    ("pemetrexed", C.CHEMOTHERAPY, r"pemetrexed|alimta"),
    (
        "nab-paclitaxel",
        C.CHEMOTHERAPY,
        r"nab-?paclitaxel|abraxane|paclitaxel (?:lie a l'albumine|albumine)",
    ),
    ("paclitaxel", C.CHEMOTHERAPY, r"paclitaxel(?:\s+hebdomadaire)?|taxol"),
    ("docetaxel", C.CHEMOTHERAPY, r"docetaxel|taxotere"),
    ("gemcitabine", C.CHEMOTHERAPY, r"gemcitabine|gemzar"),
    ("etoposide", C.CHEMOTHERAPY, r"etoposide|vp-?16"),
    ("vinorelbine", C.CHEMOTHERAPY, r"vinorelbine|navelbine"),
    ("epirubicin", C.CHEMOTHERAPY, r"epirubicine?"),
    ("doxorubicin", C.CHEMOTHERAPY, r"doxorubicine?|adriamycine|doxorubicine liposomale|caelyx"),
    ("cyclophosphamide", C.CHEMOTHERAPY, r"cyclophosphamide|endoxan"),
    ("temozolomide", C.CHEMOTHERAPY, r"temozolomide|temodal"),
    ("eribulin", C.CHEMOTHERAPY, r"eribuline|halaven"),
    ("trifluridine-tipiracil", C.CHEMOTHERAPY, r"trifluridine[- ]tipiracil|lonsurf"),
    ("methotrexate", C.CHEMOTHERAPY, r"methotrexate"),
    ("bendamustine", C.CHEMOTHERAPY, r"bendamustine"),
    ("mitomycin", C.CHEMOTHERAPY, r"mitomycine"),
    # targeted therapy (antibody-drug conjugates first: they contain an antibody's name)
    ("trastuzumab emtansine", C.TARGETED, r"trastuzumab[- ]emtansine|t-?dm-?1|kadcyla"),
    ("trastuzumab deruxtecan", C.TARGETED, r"trastuzumab[- ]deruxtecan|t-?dxd|enhertu"),
    ("sacituzumab govitecan", C.TARGETED, r"sacituzumab(?:[- ]govitecan)?|trodelvy"),
    ("trastuzumab", C.TARGETED, r"trastuzumab(?:\s+sc)?|herceptin\w*"),
    ("pertuzumab", C.TARGETED, r"pertuzumab|perjeta"),
    ("bevacizumab", C.TARGETED, r"bevacizumab|avastin"),
    ("cetuximab", C.TARGETED, r"cetuximab|erbitux"),
    ("panitumumab", C.TARGETED, r"panitumumab|vectibix"),
    ("aflibercept", C.TARGETED, r"aflibercept|zaltrap"),
    ("ramucirumab", C.TARGETED, r"ramucirumab"),
    ("regorafenib", C.TARGETED, r"regorafenib|stivarga"),
    ("osimertinib", C.TARGETED, r"osimertinib|tagrisso"),
    ("erlotinib", C.TARGETED, r"erlotinib|tarceva"),
    ("gefitinib", C.TARGETED, r"gefitinib|iressa"),
    ("afatinib", C.TARGETED, r"afatinib"),
    ("alectinib", C.TARGETED, r"alectinib|alecensa"),
    ("brigatinib", C.TARGETED, r"brigatinib"),
    ("lorlatinib", C.TARGETED, r"lorlatinib"),
    ("crizotinib", C.TARGETED, r"crizotinib"),
    ("sotorasib", C.TARGETED, r"sotorasib"),
    ("palbociclib", C.TARGETED, r"palbociclib|ibrance"),
    ("ribociclib", C.TARGETED, r"ribociclib|kisqali"),
    ("abemaciclib", C.TARGETED, r"abemaciclib|verzenios"),
    ("olaparib", C.TARGETED, r"olaparib|lynparza"),
    ("niraparib", C.TARGETED, r"niraparib|zejula"),
    ("sunitinib", C.TARGETED, r"sunitinib|sutent"),
    ("pazopanib", C.TARGETED, r"pazopanib"),
    ("cabozantinib", C.TARGETED, r"cabozantinib|cabometyx"),
    ("lenvatinib", C.TARGETED, r"lenvatinib"),
    ("sorafenib", C.TARGETED, r"sorafenib|nexavar"),
    ("axitinib", C.TARGETED, r"axitinib"),
    ("everolimus", C.TARGETED, r"everolimus|afinitor"),
    ("alpelisib", C.TARGETED, r"alpelisib"),
    ("dabrafenib", C.TARGETED, r"dabrafenib"),
    ("trametinib", C.TARGETED, r"trametinib"),
    ("encorafenib", C.TARGETED, r"encorafenib"),
    ("binimetinib", C.TARGETED, r"binimetinib"),
    ("vemurafenib", C.TARGETED, r"vemurafenib"),
    ("lapatinib", C.TARGETED, r"lapatinib"),
    ("tucatinib", C.TARGETED, r"tucatinib"),
    ("imatinib", C.TARGETED, r"imatinib|glivec"),
    ("ibrutinib", C.TARGETED, r"ibrutinib"),
    ("rituximab", C.TARGETED, r"rituximab|mabthera"),
    ("obinutuzumab", C.TARGETED, r"obinutuzumab"),
    # immunotherapy
    ("pembrolizumab", C.IMMUNOTHERAPY, r"pembrolizumab|keytruda"),
    ("nivolumab", C.IMMUNOTHERAPY, r"nivolumab|opdivo"),
    ("atezolizumab", C.IMMUNOTHERAPY, r"atezolizumab|tecentriq"),
    ("durvalumab", C.IMMUNOTHERAPY, r"durvalumab|imfinzi"),
    ("ipilimumab", C.IMMUNOTHERAPY, r"ipilimumab|yervoy"),
    ("avelumab", C.IMMUNOTHERAPY, r"avelumab|bavencio"),
    ("cemiplimab", C.IMMUNOTHERAPY, r"cemiplimab|libtayo"),
    ("dostarlimab", C.IMMUNOTHERAPY, r"dostarlimab"),
    ("tremelimumab", C.IMMUNOTHERAPY, r"tremelimumab"),
    # hormone therapy
    ("tamoxifen", C.HORMONE_THERAPY, r"tamoxifene?|nolvadex"),
    ("letrozole", C.HORMONE_THERAPY, r"letrozole|femara"),
    ("anastrozole", C.HORMONE_THERAPY, r"anastrozole|arimidex"),
    ("exemestane", C.HORMONE_THERAPY, r"exemestane|aromasine"),
    ("fulvestrant", C.HORMONE_THERAPY, r"fulvestrant|faslodex"),
    ("aromatase inhibitor", C.HORMONE_THERAPY, r"anti-?aromatases?|inhibiteurs? de l'aromatase"),
    ("goserelin", C.HORMONE_THERAPY, r"gosereline|zoladex"),
    ("leuprorelin", C.HORMONE_THERAPY, r"leuproreline|eligard|enantone"),
    ("triptorelin", C.HORMONE_THERAPY, r"triptoreline|decapeptyl"),
    ("degarelix", C.HORMONE_THERAPY, r"degarelix|firmagon"),
    ("enzalutamide", C.HORMONE_THERAPY, r"enzalutamide|xtandi"),
    ("abiraterone", C.HORMONE_THERAPY, r"abiraterone|zytiga"),
    ("apalutamide", C.HORMONE_THERAPY, r"apalutamide|erleada"),
    ("darolutamide", C.HORMONE_THERAPY, r"darolutamide|nubeqa"),
    ("bicalutamide", C.HORMONE_THERAPY, r"bicalutamide|casodex"),
)

PROCEDURES: tuple[Entry, ...] = (
    ("lumpectomy", C.SURGERY, r"tumorectomie|mastectomie partielle|zonectomie|quadrantectomie"),
    ("mastectomy", C.SURGERY, r"mastectomie(?:\s+totale)?"),
    ("axillary dissection", C.SURGERY, r"curage (?:ganglionnaire )?axillaire"),
    (
        "sentinel node biopsy",
        C.SURGERY,
        r"(?:technique du |procedure du |exerese du |biopsie du )?"
        r"ganglions? sentinelles?",
    ),
    (
        "colectomy",
        C.SURGERY,
        r"(?:hemi)?colectomie(?:\s+(?:droite|gauche|segmentaire|totale))?|"
        r"sigmoidectomie",
    ),
    (
        "rectal resection",
        C.SURGERY,
        r"resection (?:anterieure )?du rectum|proctectomie|"
        r"amputation abdomino-?perineale",
    ),
    ("hepatectomy", C.SURGERY, r"hepatectomie|metastasectomie hepatique|segmentectomie hepatique"),
    ("lobectomy", C.SURGERY, r"lobectomie(?:\s+pulmonaire)?"),
    ("pneumonectomy", C.SURGERY, r"pneumonectomie"),
    ("pancreaticoduodenectomy", C.SURGERY, r"duodeno-?pancreatectomie(?:\s+cephalique)?|\bdpc\b"),
    ("pancreatectomy", C.SURGERY, r"(?:spleno-?)?pancreatectomie(?:\s+(?:gauche|caudale|totale))?"),
    ("gastrectomy", C.SURGERY, r"gastrectomie"),
    ("esophagectomy", C.SURGERY, r"oesophagectomie|esophagectomie"),
    ("prostatectomy", C.SURGERY, r"prostatectomie"),
    ("nephrectomy", C.SURGERY, r"nephrectomie"),
    ("cystectomy", C.SURGERY, r"cystectomie"),
    ("hysterectomy", C.SURGERY, r"hysterectomie|annexectomie"),
    (
        "stereotactic radiotherapy",
        C.RADIOTHERAPY,
        r"radiotherapie (?:en conditions )?"
        r"stereotaxique|stereotaxie|sbrt|radiochirurgie",
    ),
    ("brachytherapy", C.RADIOTHERAPY, r"curietherapie"),
    (
        "radiotherapy",
        C.RADIOTHERAPY,
        r"radio-?chimiotherapie(?:\s+concomitante)?|radiotherapie"
        r"(?:\s+(?:externe|adjuvante|exclusive|palliative|"
        r"conformationnelle|mammaire|thoracique))?|irradiation|"
        r"rcmi|tomotherapie",
    ),
)
UPPERCASE_PROCEDURES: tuple[Entry, ...] = (("radiotherapy", C.RADIOTHERAPY, r"RT|RTH"),)

# Named only by kind: kept when no drug of that kind is named in the same sentence.
GENERIC: tuple[Entry, ...] = (
    (
        "chemotherapy",
        C.CHEMOTHERAPY,
        r"chimiotherapie(?:\s+(?:adjuvante|neo-?adjuvante|"
        r"d'induction|palliative|de (?:premiere|seconde) ligne))?|"
        r"polychimiotherapie",
    ),
    ("immunotherapy", C.IMMUNOTHERAPY, r"immunotherapie"),
    ("hormone therapy", C.HORMONE_THERAPY, r"hormonotherapie(?:\s+adjuvante)?"),
    ("targeted therapy", C.TARGETED, r"therapie ciblee"),
    ("surgery", C.SURGERY, r"chirurgie(?:\s+(?:d'exerese|carcinologique|radicale))?"),
)
