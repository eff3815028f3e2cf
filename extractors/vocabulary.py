"""Swedish document vocabulary, as data: document types, organ words, title cues.

Normalization vocabulary (number words, month names, units, direction phrases) lives in
:mod:`extractors.normalize.vocabulary`; this module holds the words that recognize what a
document *is* and how it is structured.  Recognizers import from here instead of writing
Swedish literals into their regexes.
"""

from __future__ import annotations

# Document type: (canonical doc_type, title/cue words, lower-case, most specific first).
DOC_TYPES: list[tuple[str, tuple[str, ...]]] = [
    ("månadsrapport", ("månadsrapport", "månadsuppföljning", "ekonomisk månadsrapport")),
    ("delårsrapport", ("delårsrapport", "delårsbokslut", "tertialrapport", "tertialuppföljning")),
    ("nämndplan", ("nämndplan", "verksamhetsplan", "nämndens plan", "mål och budget", "budget och verksamhetsplan")),
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
    {"Ale", "Vara", "Mora", "Sala", "Åre", "Habo", "Bjuv", "Lund", "Boden", "Berg", "Tranås", "Ånge",
     "Gnosjö", "Salem", "Tidaholm", "Kil", "Vansbro", "Gagnef", "Öckerö", "Orust", "Flen", "Håbo", "Mark"}
)

# Words that, at the head of a page, introduce the date or period of the document.
PERIOD_LABELS = ("rapportperiod", "period", "avser", "per")
