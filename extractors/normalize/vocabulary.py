"""The Swedish vocabulary of normalization, as data.

This module is THE one place where Swedish words used to turn printed text into typed values
live: number words, month names, unit words, target-direction phrases, missing-value phrases and
period keywords.  Code in :mod:`kpi.extractors.normalize` (and any extractor that needs, say, month
names) imports these tables instead of writing Swedish literals into regexes.

All keys are lower-case.  Lookups should go through :func:`fold` (lower-case, NFC, trailing dot
removed, whitespace collapsed); :data:`MONTHS` does that by itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar, overload

from kpi.extractors.domain import TargetDirection

_V = TypeVar("_V")
_T = TypeVar("_T")


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Canonical lookup form of a word or phrase: NFC, case-folded, single spaces, no final dot."""
    word = unicodedata.normalize("NFC", word)
    word = re.sub(r"\s+", " ", word).strip().casefold()
    return word.rstrip(".").strip()


class FoldingDict(dict[str, _V]):
    """A ``dict`` with lower-case keys whose lookups fold the key first (see :func:`fold`).

    ``MONTHS["Mars"]``, ``MONTHS["sep."]`` and ``"DEC" in MONTHS`` all work.
    """

    def __init__(self, data: Mapping[str, _V]):
        super().__init__({fold(k): v for k, v in data.items()})

    def __getitem__(self, key: str) -> _V:
        return super().__getitem__(fold(key) if isinstance(key, str) else key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(fold(key))

    @overload
    def get(self, key: object, default: None = None) -> _V | None: ...
    @overload
    def get(self, key: object, default: _V) -> _V: ...
    @overload
    def get(self, key: object, default: _T) -> _V | _T: ...
    def get(self, key: object, default: object = None) -> object:
        if not isinstance(key, str):
            return default
        return super().get(fold(key), default)


# --------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------
_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("januari", "jan", "janu"),
    2: ("februari", "feb", "febr"),
    3: ("mars", "mar"),
    4: ("april", "apr"),
    5: ("maj",),
    6: ("juni", "jun"),
    7: ("juli", "jul"),
    8: ("augusti", "aug"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "okt"),
    11: ("november", "nov"),
    12: ("december", "dec"),
}

MONTHS: FoldingDict[int] = FoldingDict({form: n for n, forms in _MONTH_FORMS.items() for form in forms})
"""Swedish month name or abbreviation -> month number 1..12, case-insensitive, with or without
a trailing dot: ``MONTHS["Mars"] == MONTHS["mar."] == 3``, ``MONTHS["sept"] == 9``."""

MONTH_NAMES: tuple[str, ...] = tuple(forms[0] for _, forms in sorted(_MONTH_FORMS.items()))
"""Full month names, index 0 = januari."""

MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "jan",
    "feb",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)
"""The short forms Swedish report tables print in column headers (``Jan 24 - Mars 24``)."""

# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------
NUMBER_WORDS: FoldingDict[int] = FoldingDict(
    {
        "noll": 0,
        "en": 1,
        "ett": 1,
        "två": 2,
        "tre": 3,
        "fyra": 4,
        "fem": 5,
        "sex": 6,
        "sju": 7,
        "åtta": 8,
        "nio": 9,
        "tio": 10,
        "elva": 11,
        "tolv": 12,
        "tretton": 13,
        "fjorton": 14,
        "femton": 15,
        "sexton": 16,
        "sjutton": 17,
        "arton": 18,
        "aderton": 18,
        "nitton": 19,
        "tjugo": 20,
        "trettio": 30,
        "fyrtio": 40,
        "femtio": 50,
        "sextio": 60,
        "sjuttio": 70,
        "åttio": 80,
        "nittio": 90,
        "hundra": 100,
        "etthundra": 100,
        "tusen": 1000,
        "ettusen": 1000,
    }
)
"""Cardinal number words -> value.  Compounds (``tjugofem``, ``tvåhundra``) are built by
:mod:`kpi.extractors.normalize.numbers` from these parts."""

WEAK_NUMBER_WORDS: frozenset[str] = frozenset({"en", "ett"})
"""Number words that are also the indefinite article: read as 1 only when they are the whole
text or follow a comparison word (``minst en``)."""

TENS_WORDS: frozenset[str] = frozenset(
    {"tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"}
)
UNIT_NUMBER_WORDS: frozenset[str] = frozenset(
    {"en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"}
)

HUNDRED_WORD = "hundra"
THOUSAND_WORD = "tusen"
ONE_PREFIXES: frozenset[str] = frozenset({"", "en", "ett"})
"""What may stand before ``hundra``/``tusen`` to mean one of them (``hundra``, ``etthundra``)."""

FRACTION_WORDS: FoldingDict[float] = FoldingDict(
    {
        "hälften": 0.5,
        "halva": 0.5,
        "halvdelen": 0.5,
        "en tredjedel": 1 / 3,
        "två tredjedelar": 2 / 3,
        "en fjärdedel": 0.25,
        "en kvarts": 0.25,
        "tre fjärdedelar": 0.75,
    }
)
"""Fraction phrases -> share of a whole (0..1).  :func:`parse_value` stores them as percent
(``hälften`` -> 50, unit ``percent``)."""

MULTIPLIER_WORDS: FoldingDict[float] = FoldingDict(
    {
        "tusen": 1e3,
        "miljon": 1e6,
        "miljoner": 1e6,
        "milj": 1e6,
        "miljard": 1e9,
        "miljarder": 1e9,
    }
)
"""Words that scale a number when they are not part of a money unit (``2 miljoner invånare``)."""

# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------
PERCENT_WORDS: tuple[str, ...] = ("procent",)
PERCENTAGE_POINT_WORDS: tuple[str, ...] = ("procentenheter", "procentenhet")
UNIT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        # money, longest phrases first where they share words
        "miljarder kronor": "mdkr",
        "miljard kronor": "mdkr",
        "mdkr": "mdkr",
        "mdr kr": "mdkr",
        "md kr": "mdkr",
        "mdr": "mdkr",
        "miljarder kr": "mdkr",
        "miljoner kronor": "mkr",
        "miljon kronor": "mkr",
        "miljoner kr": "mkr",
        "milj kr": "mkr",
        "milj. kr": "mkr",
        "mkr": "mkr",
        "msek": "mkr",
        "mnkr": "mnkr",
        "mn kr": "mnkr",
        "tusen kronor": "tkr",
        "tusentals kronor": "tkr",
        "tkr": "tkr",
        "tsek": "tkr",
        "ksek": "tkr",
        "kronor": "kr",
        "kr": "kr",
        "sek": "kr",
        "kr/dygn": "kr",
        # shares
        "%": "percent",
        "procent": "percent",
        "procentenheter": "percent",
        # time
        "dagar": "days",
        "dag": "days",
        "dygn": "days",
        "vårddygn": "days",
        # counts and indexes
        "antal": "count",
        "antalet": "count",
        "st": "count",
        "st.": "count",
        "stycken": "count",
        "index": "index",
    }
)
"""Printed unit word or phrase (lower-case) -> canonical unit.  Canonical units are the
warehouse's (``percent``, ``kr``, ``tkr``, ``mkr``, ``days``, ``count``, ``index``, ``bool``,
``scale``) plus the budget spellings ``mnkr`` and ``mdkr``."""

MONEY_UNITS_IN_TKR: Mapping[str, float] = MappingProxyType(
    {
        "kr": 0.001,
        "tkr": 1.0,
        "mkr": 1000.0,
        "mnkr": 1000.0,
        "mdkr": 1_000_000.0,
    }
)
"""Money unit -> how many tkr one unit is (used by :func:`to_tkr`)."""

CANONICAL_UNITS: frozenset[str] = frozenset(
    {"percent", "kr", "tkr", "mkr", "mnkr", "mdkr", "days", "count", "index", "bool", "scale", "text"}
)

# Words in an indicator *name* that tell the unit of a bare number printed for it, in priority
# order (the first family with a hit wins).  Regex fragments, matched case-insensitively at word
# starts; parenthesised parts of the name are ignored for these (``Sjukfrånvaro kort (< 60
# dagar)`` is not measured in days).
NAME_UNIT_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("index", (r"\w*index\b",)),
    (
        "percent",
        (
            r"andel(en|ar|arna)?\b",
            r"procent\w*",
            r"%",
            r"sjukfrånvaro\w*",
            r"svarsfrekvens\w*",
            r"personalomsättning\w*",
        ),
    ),
    ("kr", (r"kronor\b", r"kr\b", r"\w*kostnad\w*", r"\w*pris\b", r"belopp\w*")),
    (
        "days",
        (
            r"dygn\w*",
            r"dagar\b",
            r"antal dagar",
            r"\w*väntetid\w*",
            r"\w*utredningstid\w*",
            r"\w*handläggningstid\w*",
            r"vårdtid\w*",
        ),
    ),
    ("count", (r"antal\w*", r"snittantal\w*", r"\w*antalet\b", r"st\b")),
)

DENOMINATOR_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "inv": "inv",
        "invånare": "inv",
        "kommuninvånare": "inv",
        "invånare)": "inv",
        "dygn": "dygn",
        "vårddygn": "dygn",
        "dag": "dag",
        "elev": "elev",
        "elever": "elev",
        "barn": "barn",
        "brukare": "brukare",
        "hushåll": "hushåll",
        "årsarbetare": "årsarbetare",
        "åa": "årsarbetare",
        "anställd": "anställd",
        "medarbetare": "anställd",
        "timme": "timme",
        "tim": "timme",
        "h": "timme",
        "månad": "månad",
        "mån": "månad",
        "vecka": "vecka",
        "år": "år",
        "besök": "besök",
        "besökare": "besökare",
        "plats": "plats",
        "platser": "plats",
        "låntagare": "låntagare",
        "ärende": "ärende",
        "deltagare": "deltagare",
        "m2": "m2",
        "kvm": "m2",
    }
)
"""What a rate is counted per ("kr/inv", "antal per 1 000 invånare", "kr/dygn") -> the form kept
in ``indicator_values.unit_per`` (a count in front is kept: ``1000 inv``)."""

# Coded answers printed in an indicator name: "(Ja=1, Nej=0)", "(JA:1 Nej:0)", "(1= JA, 0= NEJ)",
# "(Ja=2, Delvis= 1, Nej=0)".
ANSWER_WORDS: FoldingDict[int] = FoldingDict({"ja": 1, "nej": 0})
"""Answer word -> value when no scale is printed (bool)."""
ANSWER_HEADS: frozenset[str] = frozenset({"ja", "nej", "delvis"})
"""Words an answer label starts with (``Nej, men genomfört uppföljning=1`` is a label)."""

# --------------------------------------------------------------------------------------------
# Target directions (relative targets and comparison words)
# --------------------------------------------------------------------------------------------
DIRECTION_PHRASES: tuple[tuple[str, TargetDirection | None], ...] = (
    # negated comparisons first (longest match wins anyway)
    ("inte överstiga", TargetDirection.DECREASE),
    ("ej överstiga", TargetDirection.DECREASE),
    ("inte överskrida", TargetDirection.DECREASE),
    ("ej överskrida", TargetDirection.DECREASE),
    ("inte högre än", TargetDirection.DECREASE),
    ("inte mer än", TargetDirection.DECREASE),
    ("inte understiga", TargetDirection.INCREASE),
    ("ej understiga", TargetDirection.INCREASE),
    ("inte lägre än", TargetDirection.INCREASE),
    ("inte mindre än", TargetDirection.INCREASE),
    # bounds
    ("högst", TargetDirection.DECREASE),
    ("max", TargetDirection.DECREASE),
    ("maximalt", TargetDirection.DECREASE),
    ("maximum", TargetDirection.DECREASE),
    ("understiga", TargetDirection.DECREASE),
    ("under", None),  # "under 2014" is a time, not a bound: ignored
    ("minst", TargetDirection.INCREASE),
    ("lägst", TargetDirection.INCREASE),
    ("minimum", TargetDirection.INCREASE),
    ("minimalt", TargetDirection.INCREASE),
    ("överstiga", TargetDirection.INCREASE),
    ("mer än", TargetDirection.INCREASE),
    ("fler än", TargetDirection.INCREASE),
    ("färre än", TargetDirection.DECREASE),
    ("mindre än", TargetDirection.DECREASE),
    # relative targets
    ("ökning", TargetDirection.INCREASE),
    ("ökad", TargetDirection.INCREASE),
    ("ökat", TargetDirection.INCREASE),
    ("öka", TargetDirection.INCREASE),
    ("ökar", TargetDirection.INCREASE),
    ("höjning", TargetDirection.INCREASE),
    ("höjd", TargetDirection.INCREASE),
    ("höja", TargetDirection.INCREASE),
    ("förbättring", TargetDirection.INCREASE),
    ("förbättrad", TargetDirection.INCREASE),
    ("förbättrat", TargetDirection.INCREASE),
    ("förbättras", TargetDirection.INCREASE),
    ("högre", TargetDirection.INCREASE),
    ("fler", TargetDirection.INCREASE),
    ("större", TargetDirection.INCREASE),
    ("minskning", TargetDirection.DECREASE),
    ("minskad", TargetDirection.DECREASE),
    ("minskat", TargetDirection.DECREASE),
    ("minska", TargetDirection.DECREASE),
    ("minskar", TargetDirection.DECREASE),
    ("sänkning", TargetDirection.DECREASE),
    ("sänkt", TargetDirection.DECREASE),
    ("sänka", TargetDirection.DECREASE),
    ("lägre", TargetDirection.DECREASE),
    ("färre", TargetDirection.DECREASE),
    ("kortare", TargetDirection.DECREASE),
    ("mindre", TargetDirection.DECREASE),
    ("branschgenomsnitt", TargetDirection.EQUAL),
    ("branschgenomsnittet", TargetDirection.EQUAL),
    ("bibehålla", TargetDirection.EQUAL),
    ("bibehållen", TargetDirection.EQUAL),
    ("bibehållet", TargetDirection.EQUAL),
    ("oförändrad", TargetDirection.EQUAL),
    ("oförändrat", TargetDirection.EQUAL),
    ("i nivå med", TargetDirection.EQUAL),
    ("samma nivå", TargetDirection.EQUAL),
    ("rikssnitt", TargetDirection.EQUAL),
    ("rikssnittet", TargetDirection.EQUAL),
    ("riksgenomsnitt", TargetDirection.EQUAL),
    ("riksgenomsnittet", TargetDirection.EQUAL),
)
"""Phrase -> target direction (``increase``/``decrease``/``equal``; ``None`` means "this word
looks like a direction but is not one" and only blocks shorter matches)."""

COMPARISON_WORDS: frozenset[str] = frozenset(
    {
        "högst",
        "max",
        "maximalt",
        "maximum",
        "minst",
        "lägst",
        "minimum",
        "minimalt",
        "mer än",
        "fler än",
        "färre än",
        "mindre än",
        "inte mer än",
        "inte mindre än",
        "inte högre än",
        "inte lägre än",
    }
)
"""Direction words that bound a printed number (``minst fem``) rather than replace it."""

APPROXIMATION_WORDS: tuple[str, ...] = (
    "ca",
    "ca.",
    "cirka",
    "circa",
    "drygt",
    "knappt",
    "omkring",
    "ungefär",
    "ung",
    "ung.",
    "runt",
    "nästan",
    "närmare",
)
"""Words that make a printed number approximate (``cirka 80``); the value is kept and flagged."""

# --------------------------------------------------------------------------------------------
# Missing values
# --------------------------------------------------------------------------------------------
MISSING_PHRASES: tuple[str, ...] = (
    "saknas",
    "har ännu inte mätts",
    "ännu inte mätts",
    "har inte mätts",
    "inte mätts",
    "ej mätt",
    "ej mätts",
    "mäts ej",
    "mäts inte",
    "inte mätt",
    "ej tillgänglig",
    "ej tillgängligt",
    "inte tillgänglig",
    "inte tillgängligt",
    "uppgift saknas",
    "data saknas",
    "ej aktuell",
    "ej aktuellt",
    "inte aktuellt",
    "kommer tas fram",
    "kommer att tas fram",
    "tas fram senare",
    "redovisas senare",
    "ej redovisat",
    "ej beräknat",
    "ingen mätning",
    "ny indikator",
    "nytt mått",
    "n/a",
    "uppgift saknas",
)
"""Phrases that say "no value here"; the value is NULL and the phrase goes to ``note``."""

PLACEHOLDER_CELLS: frozenset[str] = frozenset(
    {"-", "–", "—", "−", "..", "...", "…", "x", "*", "n/a", "na", "i.u", "i.u.", "iu", "**"}
)  # "i.u": ingen uppgift (no data); "**": a footnote mark alone where a value would be
"""Whole-cell placeholders for "no value" in tables."""

# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------
PERIOD_KIND_WORDS: tuple[tuple[str, str], ...] = (
    # most specific first: "PROG. UTFALL" is a forecast, "års värde" a baseline
    ("prog. utfall", "forecast"),
    ("prog utfall", "forecast"),
    ("prognos", "forecast"),
    ("årsprognos", "forecast"),
    ("helårsprognos", "forecast"),
    ("prog", "forecast"),
    ("utfall", "outcome"),
    ("resultat", "outcome"),
    ("målvärde", "target"),
    ("mål", "target"),
    ("års värde", "baseline"),
    ("värde", "baseline"),
    ("basvärde", "baseline"),
    ("referensvärde", "baseline"),
    ("nuläge", "baseline"),
    ("årsbudget", "budget"),
    ("budget", "budget"),
    ("plan", "plan"),
)
"""Header keyword -> value-kind hint carried by :class:`~kpi.extractors.normalize.periods.Period`."""

PART_YEAR_REPORTS: Mapping[str, Mapping[int, int]] = MappingProxyType(
    {
        # word -> {number -> end month}; all spans start in January
        "delårsrapport": {1: 4, 2: 8, 3: 12},
        "delårsrapporten": {1: 4, 2: 8, 3: 12},
        "delårsbokslut": {1: 4, 2: 8, 3: 12},
        "delårsbokslutet": {1: 4, 2: 8, 3: 12},
        "delår": {1: 4, 2: 8, 3: 12},
        "tertial": {1: 4, 2: 8, 3: 12},
        "tertialrapport": {1: 4, 2: 8, 3: 12},
        "t": {1: 4, 2: 8, 3: 12},
        "kvartal": {1: 3, 2: 6, 3: 9, 4: 12},
        "kvartalsrapport": {1: 3, 2: 6, 3: 9, 4: 12},
        "q": {1: 3, 2: 6, 3: 9, 4: 12},
        "halvår": {1: 6, 2: 12},
    }
)
"""Part-of-year reports: ``delårsrapport 2 2019`` covers 2019-01..2019-08 (Tyresö's tertials).
Municipalities that number their delårsrapporter by quarter print the end month instead
(``delårsrapport mars 2026``), which the month patterns read."""

HALF_YEAR_WORDS: frozenset[str] = frozenset({"halvårsrapport", "halvårsbokslut", "halvårsuppföljning"})
TERM_WORDS: frozenset[str] = frozenset({"mandatperioden", "mandatperiod", "planperioden", "perioden"})
YEAR_WORDS: tuple[str, ...] = ("verksamhetsåret", "budgetåret", "året", "år")
"""Words that may introduce a year (``år 2019``, ``Kommunbidraget för år 2019``)."""
YEAR_PREPOSITIONS: tuple[str, ...] = ("för", "under")
"""Words between a header keyword and its year (``Utfall för 2019``)."""
YEARS_GENITIVE = "års"
"""``2018 års värde``."""
SPAN_WORDS: tuple[str, ...] = ("till", "t.o.m.", "t.o.m", "tom")
"""Words (besides dashes) that join the ends of a span (``januari till mars 2024``)."""
ORDINAL_NUMBER_WORDS: tuple[str, ...] = ("nr", "nr.")
"""``Delårsrapport nr 2``."""
ORDINAL_SUFFIXES: tuple[str, ...] = ("a", "e", ":a", ":e")
"""``2:a tertialen``."""
DEFINITE_SUFFIXES: tuple[str, ...] = ("en", "et")
"""``tertialet``, ``delårsrapporten``."""
