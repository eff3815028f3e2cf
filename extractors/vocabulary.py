"""Swedish document vocabulary, as data: document types, organ words, title cues.

Normalization vocabulary (number words, month names, units, direction phrases) lives in
:mod:`kpi.extractors.normalize.vocabulary`; this module holds the words that recognize what a
document *is* and how it is structured.  Recognizers import from here instead of writing
Swedish literals into their regexes.
"""

from __future__ import annotations

from kpi.extractors.domain import Assessment, LightStatus, TableKind, Trend, ValueKind

# Document type: (canonical doc_type, title/cue words, lower-case, most specific first).
DOC_TYPES: list[tuple[str, tuple[str, ...]]] = [
    ("månadsrapport", ("månadsrapport", "månadsuppföljning", "ekonomisk månadsrapport")),
    ("delårsrapport", ("delårsrapport", "delårsbokslut", "tertialrapport", "tertialuppföljning")),
    (
        "nämndplan",
        ("nämndplan", "verksamhetsplan", "nämndens plan", "mål och budget", "budget och verksamhetsplan"),
    ),
    ("verksamhetsberättelse", ("verksamhetsberättelse",)),
    ("årsredovisning", ("årsredovisning", "årsbokslut", "bokslut")),
    ("tjänsteskrivelse", ("tjänsteskrivelse", "tjänsteutlåtande")),
    ("målförslag", ("förslag till mål", "målförslag", "förslag till verksamhetsmål")),
]
DOC_TYPE_OTHER = "other"

# Organs: words that end the name of a body, as printed ("Socialnämnden", "Kommunstyrelsen").
ORGAN_SUFFIXES = ("nämnden", "nämnd", "förvaltningen", "styrelsen", "fullmäktige", "revisionen")
ORGAN_PREFIX_FORMS = ("nämnden för", "förvaltningen för")
ORGAN_LABELS = ("organisation", "nämnd", "förvaltning")  # "Organisation: Kultur- och fritidsnämnden"
# "Verksamhetsområde 3 – Individ- och familjeomsorg" is how a nämndplan names its part.
UNIT_OF_OPERATION_WORDS = ("verksamhetsområde",)

# Municipality cues: "Tyresö kommun", "Göteborgs Stad", "Region Halland" is out of scope.
MUNICIPALITY_SUFFIXES = ("kommun", "kommuns", "stad", "stads")
# Municipality names that are also ordinary Swedish words: count them only next to a suffix.
MUNICIPALITY_COMMON_WORDS = frozenset(
    {
        "Ale",
        "Vara",
        "Mora",
        "Sala",
        "Åre",
        "Habo",
        "Bjuv",
        "Lund",
        "Boden",
        "Berg",
        "Tranås",
        "Ånge",
        "Gnosjö",
        "Salem",
        "Tidaholm",
        "Kil",
        "Vansbro",
        "Gagnef",
        "Öckerö",
        "Orust",
        "Flen",
        "Håbo",
        "Mark",
    }
)

# Words that, at the head of a page, introduce the date or period of the document.
PERIOD_LABELS = ("rapportperiod", "period", "avser", "per")

# --------------------------------------------------------------------------------------------
# Indicators (extractors.indicators): how plans and reports print indicators and their goals.
# All lower-case; matched case-insensitively at word boundaries.
# --------------------------------------------------------------------------------------------
# Words naming the first column of an indicator table ("INDIKATORER | UTFALL 2019 | MÅL 2020").
INDICATOR_COLUMN_LABELS = (
    "indikatorer",
    "indikator",
    "mått/nyckeltal",
    "nyckeltal",
    "mått",
    "mätetal",
    "statistik",
    "resultatmått",
    "målindikator",
    "målindikatorer",
    "indikator/mått",
    "kvalitetsmått",
)
# Header words of a value column -> value kind, most specific first.  `budget`/`plan` columns
# of a non-financial table (visitors, loans) are planned levels: stored as targets.
INDICATOR_COLUMN_KINDS: tuple[tuple[str, ValueKind], ...] = (
    ("prog. utfall", ValueKind.FORECAST),
    ("prog utfall", ValueKind.FORECAST),
    ("prognos", ValueKind.FORECAST),
    ("prog.", ValueKind.FORECAST),
    ("prog", ValueKind.FORECAST),
    ("utfall", ValueKind.OUTCOME),
    ("bokslut", ValueKind.OUTCOME),
    ("resultat", ValueKind.OUTCOME),
    ("värde", ValueKind.OUTCOME),
    ("nuläge", ValueKind.OUTCOME),
    ("basvärde", ValueKind.OUTCOME),
    ("referensvärde", ValueKind.OUTCOME),
    ("jämförelse", ValueKind.OUTCOME),
    ("målvärde", ValueKind.TARGET),
    ("målnivå", ValueKind.TARGET),
    ("mål", ValueKind.TARGET),
    ("budget", ValueKind.TARGET),
    ("plan", ValueKind.TARGET),
)
# Column words that mean "the document's own reporting period" ("Utfall perioden").
REPORT_PERIOD_WORDS = ("perioden", "period")
# Words that mark a table as financial (budget tables are extracted elsewhere, not as indicators).
FINANCIAL_TABLE_WORDS = (
    "tkr",
    "mkr",
    "mnkr",
    "mdkr",
    "kronor",
    "driftbudget",
    "kommunbidrag",
    "anslag",
    "nettokostnad",
    "nettokostnader",
    "intäkter",
    "kostnader",
    "driftredovisning",
    "investeringar",
    "resultaträkning",
)
# Labels that print a value inside running text or a bullet: "Målvärde: 3", "2018 års värde: 64 %",
# "Värde november 2018: 7".  Each label is a kind word, optionally with a period, then a colon.
VALUE_LABEL_KINDS: tuple[tuple[str, ValueKind, str], ...] = (
    # (label word, value kind, value role)
    ("målvärde", ValueKind.TARGET, "target"),
    ("målnivå", ValueKind.TARGET, "target"),
    ("mål", ValueKind.TARGET, "target"),
    ("års värde", ValueKind.OUTCOME, "baseline"),
    ("värde", ValueKind.OUTCOME, "baseline"),
    ("basvärde", ValueKind.OUTCOME, "baseline"),
    ("referensvärde", ValueKind.OUTCOME, "baseline"),
    ("nuläge", ValueKind.OUTCOME, "baseline"),
    ("utfall", ValueKind.OUTCOME, "outcome"),
    ("resultat", ValueKind.OUTCOME, "outcome"),
    ("prognos", ValueKind.FORECAST, "forecast"),
)
# Sentences that announce a list of indicators: "Nämndmålet följs upp genom följande indikatorer:".
INDICATOR_INTRO_WORDS = ("indikator", "indikatorer", "indikatorn", "nyckeltal", "mått", "mätetal")
# The label before an indicator under a numbered goal: "Indikator:", "Indikatorer:".
INDICATOR_LABELS = ("indikatorer", "indikator", "mått", "nyckeltal", "mätetal")
# Goal labels, from the broadest level down: (label, rank).  A heading or paragraph that starts
# with one of these names a level of the goal hierarchy; "Mål 3" and "3." number goals.
GOAL_LABELS: tuple[tuple[str, int], ...] = (
    ("strategiskt målområde", 1),
    ("strategiska målområden", 1),
    ("målområde", 1),
    ("fokusområde", 1),
    ("grundförutsättningar", 1),
    ("grundförutsättning", 1),
    ("perspektiv", 1),
    ("strategiskt mål", 2),
    ("strategiska mål", 2),
    ("inriktningsmål", 2),
    ("kommunmål", 2),
    ("kommungemensamma mål", 2),
    ("verksamhetsspecifika mål", 2),
    ("övergripande mål", 2),
    ("nämndmål", 3),
    ("verksamhetsmål", 3),
    ("förvaltningsmål", 3),
    ("effektmål", 3),
    ("mål", 3),
)
# A column of goals beside a column of activities ("Mål 2 … | Aktiviteter …").
GOAL_ACTIVITY_LABELS = ("aktiviteter", "aktivitet", "målstrategi", "åtgärder", "strategi", "kommentar")
# Words after a line-end hyphen that show the hyphen is a compound dash ("barn- och unga").
COMPOUND_CONJUNCTIONS = frozenset({"och", "eller", "samt", "respektive", "resp.", "till", "som", "&"})
# Clauses in a column header that name a comparison, not the column's own period
# ("Utfall perioden jämfört med samma period föregående år").
COMPARISON_CLAUSES = ("jämfört med", "jämfört mot", "jmf med", "i jämförelse med", "i förhållande till")
# Document types that plan ahead: an "Utfall" column without a year is the year before the plan.
PLAN_DOC_TYPES = frozenset({"nämndplan", "målförslag"})
# Key-figure tables (kpi.extractors.indicators.key_figures): column headers naming a group that a
# municipality is compared with; a header naming one of these gives values about that group.
COMPARISON_GROUPS = (
    "liknande kommuner",
    "liknande kommuner ovägt medel",
    "liknande kommuner (ovägt medel)",
    "jämförbara kommuner",
    "jämförelsekommuner",
    "kommungruppen",
    "kommungrupp",
    "kommungenomsnitt",
    "kommungenomsnittet",
    "genomsnitt kommuner",
    "alla kommuner",
    "samtliga kommuner",
    "riket",
    "rikssnitt",
    "riksgenomsnitt",
    "riksgenomsnittet",
    "sverige",
    "länet",
    "länssnitt",
    "länsgenomsnitt",
    "regionen",
    "gr-snitt",
    "gr snitt",
    "gr-kommuner",
    "göteborgsregionen",
    "göteborgsregionen genomsnitt",
    "storstadsregionen",
    "ovägt medel",
    "vägt medel",
)
# Column headers of a report that name its own period without a date ("Aktuell period (ack sedan
# årets början)", "Utfall perioden"), and the same period a year before ("Motsvarande period
# föregående år"). Matched with spaces and punctuation removed: a word a line break split
# ("Motsvaran de") still matches.
CURRENT_PERIOD_PHRASES = ("aktuell period", "perioden", "ack sedan årets början", "hittills i år", "period")
SAME_PERIOD_LAST_YEAR_PHRASES = (
    "motsvarande period föregående år",
    "samma period föregående år",
    "motsvarande period fg år",
)
# A column header with one of these compares two values (a change), it holds no value of its own.
CHANGE_HEADER_WORDS = ("jämfört med", "jämfört mot", "förändring", "differens", "avvikelse")
# Words that name a Kolada code printed inside an indicator's name (", Kolada U07428").
KOLADA_CODE_LABELS = ("kolada-id", "kolada id", "koladakod", "kolada")
# A column header word that makes the year beside it a year of outcomes ("År 2023").
YEAR_COLUMN_WORDS = ("år", "helår", "läsår", "kalenderår")
# The header of a first column that holds years, one per row (the table is read transposed).
YEAR_ROW_HEADERS = frozenset({"år", "period", "läsår", "årtal"})
# Words a key-figure column header may print besides its period, kind and subject.
KEY_FIGURE_HEADER_FILLERS = frozenset(
    {
        "ack.",
        "ack",
        "t.o.m.",
        "tom",
        "per",
        "helår",
        "hittills",
        "totalt",
        "tertial",
        "kvartal",
        "halvår",
        "delår",
        "perioden",
        "period",
    }
)

# --------------------------------------------------------------------------------------------
# Budget and financial tables, risk tables, monthly goal lights (extractors.budget, .risks,
# .status_lights, .tables)
# --------------------------------------------------------------------------------------------
# Words that end a table-row label line when the label goes on on the next line.
LABEL_CONNECTOR_WORDS = frozenset(
    {
        "och",
        "samt",
        "för",
        "i",
        "av",
        "med",
        "till",
        "inom",
        "vid",
        "eller",
        "om",
        "på",
        "från",
        "mot",
        "under",
        "som",
        "utan",
        "&",
    }
)
# Flows a financial column or row names: printed word (folded) -> flow (domain.BudgetFlow).
BUDGET_FLOW_WORDS: tuple[tuple[str, str], ...] = (
    ("nettokostnader", "nettokostnad"),
    ("nettokostnad", "nettokostnad"),
    ("intäkter", "intakter"),
    ("kostnader", "kostnader"),
    ("nettointäkter", "resultat"),  # income less costs: the result
)
# Kinds of a financial column: printed word prefix -> kind.  Longest prefixes are tried first.
BUDGET_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("budgetavvikelse", "deviation"),
    ("prognosavvikelse", "deviation"),
    ("avvikelse", "deviation"),
    ("avvik", "deviation"),
    ("återstår", "deviation"),
    ("differens", "deviation"),
    ("diff", "deviation"),
    ("årsprognos", "forecast"),
    ("helårsprognos", "forecast"),
    ("prognos", "forecast"),
    ("årsbudget", "year_budget"),
    ("helårsbudget", "year_budget"),
    ("budget", "budget"),
    ("plan", "plan"),
    ("utfall", "outcome"),
    ("bokslut", "outcome"),
    ("redovisat", "outcome"),
    ("kommunbidrag", "grant"),
    ("anslag", "grant"),
)
# Abbreviated kind words, matched only as whole words ("Avv. prognos/ budget 2026"; a prefix
# "avv" would also take "Avveckling").
BUDGET_KIND_ABBREVIATIONS: tuple[tuple[str, str], ...] = (("avv", "deviation"),)
# Words that make a column cumulative for the part of the year reported ("Utfall ack.").
BUDGET_ACCUMULATED_WORDS = frozenset({"ack", "ackumulerat", "ackumulerad", "period", "perioden", "periodens"})
# Words that make a column cover the whole year in a report ("Helår", "Prognos helår").
BUDGET_FULL_YEAR_WORDS = frozenset({"helår", "helåret", "år", "året"})
# Of those, the words that make a budget column the whole year's budget on their own ("Budget
# kostnader helår" is an "Årsbudget"; "år" alone says too little).
BUDGET_WHOLE_YEAR_WORDS = frozenset({"helår", "helåret"})
# Phrases that place a column in the previous year ("Utfall fg år", "Bokslut föregående år").
PREVIOUS_YEAR_PHRASES = ("fg år", "fg. år", "föregående år", "förra året", "fg år", "f.g. år")
# The word that turns "Avvikelse mot 2023" into a comparison with another period.
BUDGET_AGAINST_WORDS = frozenset({"mot", "jmf", "jämfört"})
# Row labels of total rows, checked against the rows they sum (prefixes, folded).
TABLE_CONTINUED_WORDS = ("forts", "fortsättning", "fortsätter")
"""A caption that says a table goes on from the page before (``Driftbudget, forts.``)."""

TOTAL_ROW_WORDS = ("summa", "totalt", "total", "resultat", "netto", "sammanlagt")
# Table kinds by the words of their title, caption or stub (first hit wins).
BUDGET_TABLE_KIND_WORDS: tuple[tuple[str, TableKind], ...] = (
    ("driftbudget", TableKind.DRIFTBUDGET),
    ("driftredovisning", TableKind.DRIFTBUDGET),
    ("driftsbudget", TableKind.DRIFTBUDGET),
    ("anslag", TableKind.ANSLAG),
)
# Row/line labels that name a grant paid to the nämnd ("Kommunbidrag 2019: 253 146 tkr").
GRANT_WORDS = ("kommunbidrag", "anslag", "budgetram", "ramtilldelning")
# Header words of indicator tables: a table with one of these is an indicator table, not a
# budget table (kpi.extractors.indicators reads it).
INDICATOR_TABLE_WORDS = ("målvärde", "indikator", "nyckeltal", "mått", "målnivå", "mål ", "statistik")
# Document types that report on a period (their budget tables compare outcome with budget).
REPORT_DOC_TYPES = frozenset({"månadsrapport", "delårsrapport"})

# Risk tables: "Titel | Riskvärde | Sannolikhet | Konsekvens".
RISK_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("riskvärde", "risk_value"),
    ("sannolikhet", "probability"),
    ("konsekvens", "consequence"),
)
RISK_TITLE_WORDS = ("titel", "risk", "risker", "beskrivning", "riskbeskrivning")

# Goal lights: the header of a month row ("Måluppfyllelse/månad: Jan Feb Mars … Dec Trend").
TREND_WORDS = ("trend", "trendförändring", "trendpil")
# Legend words that name a light colour (used to calibrate colours when a legend is printed).
STATUS_COLOUR_WORDS: tuple[tuple[str, LightStatus], ...] = (
    ("grön", LightStatus.GREEN),
    ("gul", LightStatus.YELLOW),
    ("röd", LightStatus.RED),
    ("grönt", LightStatus.GREEN),
    ("gult", LightStatus.YELLOW),
    ("rött", LightStatus.RED),
)
# Legend words for trend marks.
TREND_LEGEND_WORDS: tuple[tuple[str, Trend], ...] = (
    ("positiv", Trend.POSITIVE),
    ("uppåtgående", Trend.POSITIVE),
    ("förbättring", Trend.POSITIVE),
    ("oförändrad", Trend.STABLE),
    ("stabil", Trend.STABLE),
    ("nedåtgående", Trend.NEGATIVE),
    ("negativ", Trend.NEGATIVE),
    ("försämring", Trend.NEGATIVE),
)
# Verb phrases that bound a value without printing a number ("ska inte överstiga vad som
# överenskommits med Regionen"): the rest of the sentence is the target.
BOUND_VERB_PHRASES = (
    "inte överstiga",
    "ej överstiga",
    "inte överskrida",
    "ej överskrida",
    "inte understiga",
    "ej understiga",
    "överstiga",
    "understiga",
)
# "Mål 3" / "Delmål 2" at the head of a goal-table row.
GOAL_ROW_LABELS = ("mål", "delmål", "målsättning", "verksamhetsmål", "nämndmål", "effektmål")
# Words that make a forecast an earlier one ("Fg prognos": the previous report's forecast).
PREVIOUS_WORDS = frozenset({"fg", "föregående", "tidigare", "förra"})
# Goal assessments (extractors/goal_assessments.py): column headers, folded.
ASSESSMENT_HEADERS = frozenset(
    {"bedömning", "status", "måluppfyllelse", "måluppfyllnad", "uppfyllelse", "måluppfyllelsegrad"}
)
COMPLETION_HEADERS = frozenset({"färdiggrad", "genomförandegrad", "slutförandegrad"})
# Stub headers of a table of activities (a colour means completed / in progress / not started).
ACTIVITY_LEVELS = frozenset(
    {
        "aktivitet",
        "aktiviteter",
        "uppdrag",
        "åtgärd",
        "åtgärder",
        "insats",
        "insatser",
        "uppföljning av uppdrag",
    }
)
# A label that starts a comment under a goal row, not a goal.
COMMENT_LABELS = frozenset({"kommentar", "kommentarer", "analys", "motivering"})
# Assessment words, folded, as printed in a cell or a legend.  Longer phrases are tried first.
ASSESSMENT_WORDS: dict[str, Assessment] = {
    "uppfyllt": Assessment.FULFILLED,
    "uppfylld": Assessment.FULFILLED,
    "uppfyllda": Assessment.FULFILLED,
    "helt uppfyllt": Assessment.FULFILLED,
    "målet är uppfyllt": Assessment.FULFILLED,
    "uppnått": Assessment.FULFILLED,
    "uppnådd": Assessment.FULFILLED,
    "helt uppnått": Assessment.FULFILLED,
    "målet är uppnått": Assessment.FULFILLED,
    "delvis uppfyllt": Assessment.PARTLY_FULFILLED,
    "delvis uppfylld": Assessment.PARTLY_FULFILLED,
    "delvis uppnått": Assessment.PARTLY_FULFILLED,
    "delvis uppnådd": Assessment.PARTLY_FULFILLED,
    "målet är delvis uppfyllt": Assessment.PARTLY_FULFILLED,
    "målet är delvis uppnått": Assessment.PARTLY_FULFILLED,
    "ej uppfyllt": Assessment.NOT_FULFILLED,
    "ej uppfylld": Assessment.NOT_FULFILLED,
    "inte uppfyllt": Assessment.NOT_FULFILLED,
    "inte uppfylld": Assessment.NOT_FULFILLED,
    "ej uppnått": Assessment.NOT_FULFILLED,
    "inte uppnått": Assessment.NOT_FULFILLED,
    "ej uppnådd": Assessment.NOT_FULFILLED,
    "målet är inte uppfyllt": Assessment.NOT_FULFILLED,
    "målet är inte uppnått": Assessment.NOT_FULFILLED,
    "ej bedömt": Assessment.NOT_ASSESSED,
    "ej bedömd": Assessment.NOT_ASSESSED,
    "inte bedömt": Assessment.NOT_ASSESSED,
    "kan ej bedömas": Assessment.NOT_ASSESSED,
    "kan inte bedömas": Assessment.NOT_ASSESSED,
    "ej mätbart": Assessment.NOT_ASSESSED,
    "genomförd": Assessment.COMPLETED,
    "genomfört": Assessment.COMPLETED,
    "avslutad": Assessment.COMPLETED,
    "avslutat": Assessment.COMPLETED,
    "klar": Assessment.COMPLETED,
    "klart": Assessment.COMPLETED,
    "slutförd": Assessment.COMPLETED,
    "pågående": Assessment.IN_PROGRESS,
    "pågår": Assessment.IN_PROGRESS,
    "påbörjad": Assessment.IN_PROGRESS,
    "påbörjat": Assessment.IN_PROGRESS,
    "delvis genomförd": Assessment.IN_PROGRESS,
    "ej påbörjad": Assessment.NOT_STARTED,
    "ej påbörjat": Assessment.NOT_STARTED,
    "inte påbörjad": Assessment.NOT_STARTED,
    "inte påbörjat": Assessment.NOT_STARTED,
    "ej startad": Assessment.NOT_STARTED,
    "ej genomförd": Assessment.NOT_STARTED,
    "inte genomförd": Assessment.NOT_STARTED,
}
