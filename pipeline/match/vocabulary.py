"""The Swedish vocabulary of indicator-name matching, as data.

:mod:`kpi.pipeline.match.names` turns a printed indicator name into a token list for comparison
using only these tables: which phrases are the same thing spelled differently (abbreviations,
synonyms, definite forms), which phrases name an organ rather than what is measured, which
parentheticals are answer legends, which words carry no meaning, and which endings are number,
definiteness or genitive agreement.  Everything is lower-case; phrases are matched on word
boundaries after Unicode NFC and lower-casing.  Add words here, not in regexes elsewhere.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Phrases rewritten to one canonical token before anything else (longest phrases first).
# Left: regular-expression fragments (lower-case, ``-`` may be followed by spaces or a line
# break).  Right: the canonical token.  Abbreviation and long form map to the same token.
# --------------------------------------------------------------------------------------------
CANONICAL_PHRASES: tuple[tuple[str, str], ...] = (
    # staff engagement survey (Hållbart medarbetarengagemang)
    (r"hållbart\s+medarbetar-?\s*engagemang", "hme"),
    (r"medarbetar-?\s*engagemang", "hme"),
    (r"nöjd[- ]?medarbetar-?\s*index", "nmi"),
    (r"nöjd[- ]?kund-?\s*index", "nki"),
    (r"nöjd[- ]?region-?\s*index", "nri"),
    (r"nöjd[- ]?inflytande-?\s*index", "nii"),
    # care settings and laws
    (r"hem\s+för\s+vård\s+eller\s+boende", "hvb"),
    (r"hvb-?\s*hem(?:met|men|men?s)?", "hvb"),
    (r"stödboende(?:t|n)?", "stodboende"),
    (r"lagen\s+om\s+stöd\s+och\s+service\s+till\s+vissa\s+funktionshindrade", "lss"),
    (r"socialtjänstlagen", "sol"),
    (r"svenska\s+för\s+invandrare", "sfi"),
    (r"samordnad\s+individuell\s+plan", "sip"),
    (r"kommunens\s+kvalitet\s+i\s+korthet", "kkik"),
    (r"särskilt?\s+boende(?:t|n)?", "sabo"),
    (r"vård-?\s+och\s+omsorgsboende(?:t|n)?", "sabo"),
    (r"ekonomiskt\s+bistånd", "ekonomiskt_bistand"),
    (r"våld\s+i\s+nära\s+relation(?:er|erna)?", "vinr"),
    # sick leave: short/long term
    (r"korttids-?\s*sjukfrånvaro(?:n)?", "sjukfranvaro kort"),
    (r"korttids-?\s*frånvaro(?:n)?", "sjukfranvaro kort"),
    (r"långtids-?\s*sjukfrånvaro(?:n)?", "sjukfranvaro lang"),
    (r"långtids-?\s*frånvaro(?:n)?", "sjukfranvaro lang"),
    (r"kort\s+sjukfrånvaro(?:n)?", "sjukfranvaro kort"),
    (r"lång\s+sjukfrånvaro(?:n)?", "sjukfranvaro lang"),
    (r"sjukfrånvaro(?:n)?", "sjukfranvaro"),
    # plus/minus
    (r"±|\+\s*/\s*-|\+\s*/\s*−|\+-", " plusminus "),
    (r"%|procent(?:en)?", " procent "),
)

# --------------------------------------------------------------------------------------------
# Organ phrases: the body or field a name is "inside" ("inom individ- och familjeomsorgen").
# They are taken out of the compared text and kept as a tag: two names whose tags are both
# present and disjoint are about different organs.  Left: regex fragment; right: the tag.
# --------------------------------------------------------------------------------------------
ORGAN_PHRASES: tuple[tuple[str, str], ...] = (
    (r"individ-?\s+och\s+familje-?\s*omsorg(?:en|ens|s)?(?::s)?", "ifo"),
    (r"ifo(?::s)?", "ifo"),
    (r"äldre-?\s*omsorg(?:en|ens|s)?", "aldreomsorg"),
    (r"äo", "aldreomsorg"),
    (r"funktionshinder-?\s*omsorg(?:en|ens|s)?", "funktionshinder"),
    (r"omsorg(?:en)?\s+om\s+personer\s+med\s+funktionsnedsättning", "funktionshinder"),
    (r"socialtjänst(?:en|ens)?", "socialtjanst"),
    (r"arbetsmarknads-?\s+och\s+socialförvaltning(?:en|ens)?", "asf"),
    (r"barn-?\s+och\s+utbildningsförvaltning(?:en|ens)?", "buf"),
    (r"kultur-?\s+och\s+fritidsförvaltning(?:en|ens)?", "kff"),
    (r"förskola(?:n|ns)?|förskolor(?:na)?", "forskola"),
    (r"grundskola(?:n|ns)?|grundskolor(?:na)?", "grundskola"),
    (r"gymnasieskola(?:n|ns)?|gymnasieskolor(?:na)?", "gymnasieskola"),
    (r"verksamhetsområde(?:t|ts|na)?", ""),
    (r"förvaltning(?:en|ens)?", ""),
    (r"nämnd(?:en|ens)?", ""),
)
# Prepositions that introduce an organ phrase ("inom IFO", "för äldreomsorgen").
ORGAN_PREPOSITIONS: tuple[str, ...] = ("inom", "för", "i", "på", "enligt", "hos")
# Words after which an organ phrase is the *object* of the name ("samverkan med barn- och
# utbildningsförvaltningen"): then it stays in the compared text as its tag.
RELATIONAL_WORDS: frozenset[str] = frozenset({"med", "mellan", "och", "samt", "till", "av", "från", "mot"})

# Labels in front of a goal title in a section path ("Nämndmål: ...", "Mål 3: ...").
GOAL_LABELS: tuple[str, ...] = ("nämndmål", "mål", "delmål", "inriktningsmål", "effektmål", "verksamhetsmål")
# Words in front of an organ's own name ("Verksamhetsområde 3 – ...") ignored for blocking.
ORGAN_UNIT_WORDS: tuple[str, ...] = ("verksamhetsområde", "vo")

# --------------------------------------------------------------------------------------------
# Parentheticals that are answer legends, not part of what is measured: "(Ja=1, Nej=0)",
# "(JA:1 Nej:0)", "(1= JA, 0= NEJ)", "(Ja=2, Delvis= 1, Nej=0)", "andel (%)".
# A parenthetical is a legend when it contains one of these words next to "=" or ":" and a digit.
# --------------------------------------------------------------------------------------------
LEGEND_WORDS: tuple[str, ...] = ("ja", "nej", "delvis", "nej, men")
UNIT_PARENTHETICALS: tuple[str, ...] = ("%", "procent", "antal", "kr", "kronor", "dagar", "tkr", "mnkr")

# --------------------------------------------------------------------------------------------
# Word forms: whole words rewritten before stemming (definite forms of the common heads).
# --------------------------------------------------------------------------------------------
WORD_FORMS: dict[str, str] = {
    "inv": "invånare",  # "kr/inv" is "kronor per invånare"; per capita is part of what is measured
    "antalet": "antal",
    "andelen": "andel",
    "snittantal": "antal snitt",
    "snittantalet": "antal snitt",
    "genomsnittligt": "snitt",
    "genomsnittlig": "snitt",
    "genomsnittliga": "snitt",
    "genomsnitt": "snitt",
    "genomsnittet": "snitt",
    "medelvärde": "snitt",
    "medel": "snitt",
    "snittpris": "pris snitt",
    "exkl": "exklusive",
    "inkl": "inklusive",
    "st": "antal",
    "ca": "",
    "barn-": "barn",
    "ungdomar": "ungdom",
    "unga": "ungdom",
}

# Words dropped from the compared text: function words that drift freely between years.
# Negations ("ej", "inte", "ingen") are deliberately NOT here: they invert what is measured.
STOPWORDS: frozenset[str] = frozenset(
    {
        "avseende",
        "gällande",
        "beträffande",
        "angående",
        "rörande",
        "inom",
        "för",
        "av",
        "i",
        "på",
        "till",
        "om",
        "från",
        "med",
        "vid",
        "under",
        "hos",
        "enligt",
        "och",
        "samt",
        "eller",
        "som",
        "att",
        "är",
        "var",
        "blir",
        "har",
        "ska",
        "skall",
        "den",
        "det",
        "de",
        "en",
        "ett",
        "dess",
        "deras",
        "sin",
        "sitt",
        "sina",
        "per",
        "år",
        "året",
        "årets",
        "totalt",
        "total",
        "totala",
        "kommunens",
        "kommunen",
        "kommun",
        "tyresöborna",
        "mellan",
        "efter",
        "före",
        "än",
    }
)

# Compound heads split off a longer word so "Ledarskapsindex" compares with "ledarskap index".
COMPOUND_HEADS: tuple[str, ...] = ("index", "frånvaro", "franvaro", "omsättning", "undersökning", "enkät")
COMPOUND_MIN_STEM = 4
"""A compound is split only when at least this many letters remain before the head."""

# Light stemming: endings of number, definiteness and genitive agreement, longest first.
# A suffix is stripped only when the remaining stem keeps at least STEM_MIN_LENGTH letters.
SUFFIXES: tuple[str, ...] = (
    "arnas",
    "ernas",
    "ornas",
    "andes",
    "arens",
    "hetens",
    "arna",
    "erna",
    "orna",
    "heten",
    "ande",
    "ende",
    "aste",
    "ades",
    "ens",
    "ets",
    "ars",
    "ers",
    "ors",
    "ade",
    "are",
    "ast",
    "het",
    "ar",
    "er",
    "or",
    "en",
    "et",
    "na",
    "ad",
    "at",
    "as",
    "es",
    "a",
    "e",
    "s",
)
STEM_MIN_LENGTH = 4
"""Shortest stem left after stripping a suffix (keeps short words like 'barn', 'ram' intact)."""

# Negation words: a name with one and a name without one measure opposite things.
NEGATIONS: frozenset[str] = frozenset({"ej", "inte", "ingen", "inga", "icke", "utan"})

# Words that say what a number is (a unit), compared like numbers: "dygn" vs "dagar" may drift,
# but "kr" vs "antal" may not.  Kept as groups of interchangeable words.
MEASURE_WORDS: tuple[frozenset[str], ...] = (
    frozenset({"andel", "procent"}),
    frozenset({"antal"}),
    frozenset({"pris", "kostnad", "kr", "kronor"}),
)

# --------------------------------------------------------------------------------------------
# Word forms that are one word in an indicator's name (tokens as the normalizer makes them:
# lower case, diacritics folded, agreement endings stripped), used by the morphology evidence
# (kpi.pipeline.match.morphology) after compounds are split: "långtids-" and "lång" are one word.
# --------------------------------------------------------------------------------------------
MORPHOLOGY_SYNONYMS: dict[str, str] = {
    "langtid": "lang",
    "korttid": "kort",
    "langvarig": "lang",
    "kortvarig": "kort",
    "procentandel": "andel",
}

# --------------------------------------------------------------------------------------------
# Bounds that make the number after them a target printed in the name ("ska understiga 6%",
# "ska uppgå till minst 83%"): next year's plan prints the same indicator with its new target, so
# the number is not part of what is measured.  Value: the target's direction ("min" = at least).
# Comparison words that usually define a measure ("mer än 60 dagar") are not here.
# --------------------------------------------------------------------------------------------
TARGET_BOUNDS: dict[str, str] = {
    "minst": "min",
    "lägst": "min",
    "inte understiga": "min",
    "ej understiga": "min",
    "överstiga": "min",
    "högst": "max",
    "max": "max",
    "maximalt": "max",
    "understiga": "max",
    "inte överstiga": "max",
    "ej överstiga": "max",
}
TARGET_BOUND_LINKS: tuple[str, ...] = ("till", "än")
"""Words that may stand between a bound and its number ("uppgå till minst", "högst än")."""

# Units a "/" after them makes a rate ("kr/inv", "antal/1000 inv", "kg/inv"): the word after the
# slash (or after "per") is what the amount is divided by, part of what is measured.
RATE_UNITS: tuple[str, ...] = ("kr", "kronor", "tkr", "kg", "ton", "antal", "st", "besök", "timmar")
RATE_WORD = "per"
