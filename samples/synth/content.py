"""What the synthetic documents say: organs, goals, indicators (with name drift), budget rows, prose.

Swedish text here is sample data, written in the style of real nämndplaner and månadsrapporter.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from importlib import resources

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
MONTH_SHORT = ["Jan", "Feb", "Mars", "April", "Maj", "Juni", "Juli", "Aug", "Sep", "Okt", "Nov", "Dec"]


@dataclass(frozen=True)
class Organ:
    name: str  # nämnd
    office: str  # förvaltning
    short: str  # used in table captions
    area: str  # verksamhetsområde


ORGANS = [
    Organ("Socialnämnden", "Socialförvaltningen", "IFO", "Individ- och familjeomsorg"),
    Organ(
        "Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen", "BUN", "Förskola och grundskola"
    ),
    Organ("Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen", "KFN", "Kultur och fritid"),
    Organ("Äldrenämnden", "Äldreförvaltningen", "ÄN", "Vård och omsorg om äldre"),
]


@dataclass(frozen=True)
class Indicator:
    names: tuple[str, ...]  # the printed name drifts between these across years
    kind: str  # percent | count | days | bool | kr | relative
    code: str | None = None  # Kolada code, printed in table layouts
    low: float = 0.0
    high: float = 100.0
    direction: str = "increase"  # for relative targets


INDICATORS = [
    Indicator(
        (
            "Andel ej återaktualiseringar avseende missbruk",
            "Andel ej återaktualiserade ärenden avseende missbruk",
        ),
        "percent",
        None,
        60,
        95,
    ),
    Indicator(
        ("Andel med långvarigt försörjningsstöd", "Andelen med långvarigt ekonomiskt bistånd"),
        "percent",
        None,
        30,
        70,
    ),
    Indicator(
        (
            "Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som börjat arbeta, andel (%)",
            "Deltagare som börjat arbeta efter avslut i arbetsmarknadsverksamheten, andel (%)",
        ),
        "percent",
        "U40406",
        5,
        40,
    ),
    Indicator(
        (
            "Antal dygn på HVB-hem för barn och unga 13-20 år för året",
            "Antal vårddygn på HVB för barn och unga 13-20 år",
        ),
        "days",
        None,
        800,
        6000,
    ),
    Indicator(
        ("Antal helårsplaceringar på HVB-hem för barn och unga", "Helårsplaceringar på HVB-hem, antal"),
        "count",
        None,
        2,
        30,
    ),
    Indicator(
        ("Medarbetarengagemang (HME) - Totalindex", "Hållbart medarbetarengagemang (HME), totalindex"),
        "count",
        "U30200",
        70,
        90,
    ),
    Indicator(
        (
            "Aktuell överenskommelse om samverkan med Arbetsförmedlingen, (Ja=1, Nej=0)",
            "Överenskommelse om samverkan med Arbetsförmedlingen finns, (Ja=1, Nej=0)",
        ),
        "bool",
        "U28487",
    ),
    Indicator(
        (
            "Andelen i brukarenkät som uppger att situationen förbättrats",
            "Andel i brukarundersökningen som uppger att situationen blivit bättre",
        ),
        "relative",
        None,
        50,
        90,
    ),
    Indicator(
        ("Sjukfrånvaro kort (< 60 dagar)", "Kort sjukfrånvaro (under 60 dagar)"), "percent", None, 2, 6
    ),
    Indicator(
        (
            "Väntetid i antal dagar från ansökan till beslut",
            "Handläggningstid från ansökan till beslut, dagar",
        ),
        "days",
        None,
        10,
        60,
        "decrease",
    ),
    Indicator(
        ("Nettokostnad per invånare, kr", "Kostnad per invånare (netto), kr"), "kr", "N00901", 4000, 12000
    ),
    Indicator(
        ("Andel elever som är nöjda med sin skola", "Andelen elever som är nöjda med skolan"),
        "relative",
        None,
        60,
        90,
    ),
]

GOAL_AREAS = [
    "Trygga - hela livet",
    "Delaktiga - tillsammans",
    "I balans - för hållbarhet och hälsa",
    "Attraktiv arbetsgivare",
]

GOALS = [
    "Insatser inom kommunen prioriteras före externa placeringar",
    "Kontakt med verksamheten leder till positiv förändring",
    "Stödet till personer som står långt från arbete utvecklas",
    "Brukarna är delaktiga i utformningen av insatsen",
    "Verksamheten bedrivs inom tilldelade ekonomiska resurser",
    "Medarbetarna är engagerade och utvecklas",
]

MONTHLY_GOALS = [
    "Motiverade medarbetare hos Sveriges bästa offentliga arbetsgivare",
    "Kvalitetsförbättringar skapar vi tillsammans, hela tiden",
    "Trygg och säker vård och omsorg",
    "Hållbar ekonomi – kostnadseffektiv, balanserad och cirkulär",
]

BUDGET_ROWS = [
    "Gemensamt/Administration",
    "Placeringar vuxna",
    "Öppna insatser vuxna",
    "Placeringar barn & ungdom",
    "Öppna insatser barn & ungdom",
    "Ekonomiskt bistånd",
    "Familjerätt & familjerådgivning",
    "Socialpsykiatri",
    "Ensamkommande barn",
    "Arbetsmarknadsåtgärder",
    "Integration",
]

RISKS = {
    "Finansiella risker": [
        "Ökade kostnader för placering i HVB-hem",
        "Sänkt statlig ersättning för nyanlända",
        "Kostnader för utskrivningsklara personer från slutenvården",
        "Ökat behov av ekonomiskt bistånd",
    ],
    "Verksamhetsrisker": [
        "Ökning av antalet fall av våld i nära relationer",
        "Svårt att rekrytera socialsekreterare",
        "Kvalitetsbrister i inrapportering av statistik",
        "Hög arbetsbelastning i barn- och ungdomsenheten",
    ],
}

PROSE = [
    "Verksamheten arbetar för att invånarna ska få rätt stöd i rätt tid och att insatserna ska ge effekt.",
    "Förvaltningen har under året fortsatt arbetet med att utveckla det förebyggande arbetet.",
    "Samverkan med regionen och civilsamhället är en förutsättning för att nå målen.",
    "Kompetensförsörjningen är en fortsatt utmaning och flera rekryteringar pågår.",
    "Digitaliseringen av handläggningen har kommit längre och fler e-tjänster har införts.",
    "Kostnaderna för externa placeringar har minskat genom fler insatser i egen regi.",
    "Uppföljningen av målen sker i månadsrapporter, delårsrapport och verksamhetsberättelse.",
    "Nämnden ska bidra till att alla, oavsett funktionsförmåga, kan vara delaktiga i samhället.",
    "Antalet ärenden har ökat jämfört med föregående år vilket påverkar arbetsbelastningen.",
    "En budget i balans förutsätter att de planerade åtgärderna får avsedd effekt.",
]

EVENTS = [
    "Fortsatt många nya anmälningar gällande barn och unga som far illa.",
    "Rekrytering av ny personal pågår men det är svårt att hitta lämpliga sökande.",
    "Sjukfrånvaron har minskat jämfört med föregående månad.",
    "Pulsmätaren visar gult för hela förvaltningen.",
    "Fler placeringar i skyddade boenden på grund av ökat behov av stöd.",
    "Samverkan mellan skola, socialtjänst och polis har börjat ge resultat.",
]


def municipalities() -> list[tuple[str, str]]:
    """(name, SCB code) of every Swedish municipality, from the extractors' bundled list."""
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return [(r["name"], r["kommun"]) for r in csv.DictReader(text.splitlines())]


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(rng.sample(PROSE, sentences))


def name_in_year(ind: Indicator, year: int, drift_year: int) -> str:
    """The name as printed in ``year``: the wording changes once, in ``drift_year``."""
    return ind.names[0] if year < drift_year or len(ind.names) == 1 else ind.names[1]
