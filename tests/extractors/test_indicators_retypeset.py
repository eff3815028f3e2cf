"""Robustness: sample content re-typeset in other layouts must give the same rows as the gold.

Each layout is set again with samples/typeset.py in another font and size, with and without table
rules, with page breaks inside tables and lists (header repeated or not), NBSP in numbers, and
variants of where labels and deadlines sit.  The expected rows are the hand-made gold rows of the
sample document the content comes from, so nothing here is derived from the extractor's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from kpi.samples.typeset import Doc as TypesetDoc
from tests.extractors.test_indicators_support import gold_keys, got_keys, run

BOLD = {"helv": "hebo", "tiro": "tibo", "cour": "cobo"}


class Doc(TypesetDoc):
    """The shared typesetter, measuring text as PyMuPDF renders it (``get_text_length`` counts
    å/ä/ö narrower than they print, so wrapped lines and table cells would run over their edge)."""

    def width(self, text: str, size: float | None = None, font: str | None = None) -> float:
        return pymupdf.Font(font or self.font).text_length(text, fontsize=size or self.size)


NBSP = "\u00a0"

# --------------------------------------------------------------------------------------------
# 1. Indicator tables (Nämndplan 2020)
# --------------------------------------------------------------------------------------------
DOC_2020 = "tyreso-namndplan-2020-ifo-arbete-integration"
TABLES_2020 = [
    (
        "Nämndmål - Insatser inom kommunen prioriteras före externa placeringar inom barn- och ungdomsvården",
        ["INDIKATORER", "PROG. UTFALL 2019", "MÅL 2020"],
        [
            ["Antal dygn på HVB-hem för barn och unga 13-20 år för året", "3 650", "2 555"],
            ["Antal helårsplaceringar på HVB-hem för barn och unga 13-20 år för året", "10", "7"],
            ["Antal placeringar i konsulentstödda jourhem för barn 0-12 år", "3 (sep. 2019)", "0"],
        ],
    ),
    (
        "Nämndmål - Stödet till personer som står långt från arbete utvecklas",
        ["INDIKATORER", "UTFALL 2019", "MÅL 2020"],
        [
            [
                "(U28507) Deltagit i daglig verksamhet socialpsykiatri och fått arbete på den reguljära "
                "arbetsmarknaden, (Ja=1, Nej=0)",
                "0",
                "1",
            ],
            [
                "(U28508) Deltagit i daglig verksamhet socialpsykiatri och fått skyddat arbete, (Ja=1, Nej=0)",
                "0",
                "1",
            ],
            [
                "(U28487) Aktuell överenskommelse om samverkan mellan socialpsykiatri och Arbetsförmedlingen, "
                "(Ja=1, Nej=0)",
                "1",
                "1",
            ],
            [
                "(U40406) Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som A. Börjat "
                "arbeta, andel (%)",
                "12.69 %",
                "25 %",
            ],
            [
                "(U40409) Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som B. Börjat "
                "studera, andel (%)",
                "2.99 %",
                "10 %",
            ],
            [
                "(N00973) Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), "
                "andel (%)",
                "40.74 %",
                "45 %",
            ],
            [
                "Aktuell rutin för samordning mellan ekonomiskt bistånd och arbetsmarknadsinsatser (1= JA, 0= NEJ)",
                "1",
                "1",
            ],
        ],
    ),
    (
        "Nämndmål - Stödet till föräldrar och närstående till barn, unga och vuxna med insatser från "
        "socialtjänsten utvecklas",
        ["INDIKATORER", "UTFALL", "MÅL 2020"],
        [["Andel enheter med plan för anhörigstöd", "Tidigare utfall för indikatorn saknas", "100 %"]],
    ),
    (
        "Nämndmål - Det förebyggandet arbetet för att minska våld i nära relation utvecklas",
        ["INDIKATORER", "UTFALL 2019", "MÅL 2020"],
        [
            [
                "(U37518) Systematisk uppföljning av resultat för att utveckla verksamheten inom våld i nära "
                "relationer, (Ja=2, Delvis= 1, Nej=0)",
                "0",
                "2",
            ],
            [
                "(U37520) Sammanställt resultaten av biståndsbeslutade insatser till enskilda på gruppnivå "
                "utifrån kön inom våld i nära relationer, (Ja=2, Nej, men genomfört uppföljning=1, Nej=0).",
                "0",
                "2",
            ],
        ],
    ),
    (
        "Alla kommunens verksamhetsområden ska bedrivas inom ramen för tilldelade ekonomiska resurser",
        ["INDIKATORER", "UTFALL DELÅRSRAPPORT 2 2019", "MÅL 2020"],
        [
            [
                "Andel verksamheter enligt verksamhetsområdets driftbudget som bedrivs inom budgeterat ram",
                "0.40 %",
                "100 %",
            ],
            [
                "Andel verksamhetsområden med prognossäkerhet augusti inom +/- 1,0 %",
                "Utfall saknas, kommer tas fram till verksamhetsberättelse 2019",
                "100 %",
            ],
        ],
    ),
    (
        "Tyresö kommun erbjuder goda anställningsvillkor och arbetsförhållanden",
        ["INDIKATORER", "UTFALL 2019", "MÅL"],
        [
            ["Sjukfrånvaro kort (< 60 dagar)", "4.27%", "4 %"],
            ["Sjukfrånvaro lång (= > 60 dagar)", "3.40%", "3 %"],
        ],
    ),
    (
        "Tyresö kommun är en attraktiv arbetsgivare dit medarbetare söker sig, är engagerade och utvecklas",
        ["INDIKATOR", "UTFALL 2018", "MÅL 2020"],
        [["(U30200) Medarbetarengagemang (HME) individ- och familjeomsorg - Totalindex", "82", "83"]],
    ),
]


def _cover(d: Doc, title: str, subtitle: str) -> None:
    d.text(title, size=d.size * 2, font=BOLD[d.font], gap_after=6)
    d.text(subtitle, size=d.size * 1.2, gap_after=4)
    d.text("Tyresö kommun", gap_after=10)


def _names(rows: list[list[str]]) -> set[str]:
    from kpi.extractors.indicators.kolada import split_code

    return {split_code(r[0])[0].rstrip(".") for r in rows}


@pytest.mark.parametrize(
    "font,size,ruled,repeat,page_h,nbsp",
    [
        ("tiro", 9.0, False, True, 560.0, False),
        ("cour", 8.0, True, False, 500.0, True),
        ("helv", 11.0, False, False, 842.0, True),
        ("tiro", 10.0, True, True, 420.0, False),
    ],
    ids=[
        "times-borderless-repeat",
        "courier-ruled-noheader-nbsp",
        "helvetica-large",
        "times-ruled-short-pages",
    ],
)
def test_indicator_tables_retypeset(tmp_path: Path, font, size, ruled, repeat, page_h, nbsp):
    d = Doc(font=font, size=size, page_size=(595.0, page_h), margin=48.0)
    _cover(d, "Nämndplan 2020", "Verksamhetsområde 3 – Individ och familjeomsorg")
    names: set[str] = set()
    name_w = 250.0 if font != "cour" else 270.0
    for heading, header, rows in TABLES_2020:
        d.text(heading, size=size * 1.15, font=BOLD[font], gap_after=4)
        body = [
            [r[0], *(re.sub(r"(?<=\d) (?=\d{3}\b)", NBSP, v) if nbsp else v for v in r[1:])] for r in rows
        ]
        d.table(
            [header, *body], widths=[name_w, 100.0, 90.0], ruled=ruled, repeat_header=repeat, size=size * 0.9
        )
        names |= _names(rows)
    pdf = d.save(tmp_path / "tables.pdf")
    got, want = got_keys(run(pdf)), gold_keys(DOC_2020, names)
    assert sum(want.values()) == 36
    assert got - want == {}, f"spurious: {sorted(got - want)}"
    assert want - got == {}, f"missed: {sorted(want - got)}"


# --------------------------------------------------------------------------------------------
# 2. Bullet indicators with value labels (Nämndplan 2019)
# --------------------------------------------------------------------------------------------
DOC_2019 = "tyreso-namndplan-2019-ifo"
BULLETS_2019 = [
    "Andelen i brukarenkät som uppger att situationen förbättrats genom kontakt med individ- och "
    "familjeomsorgen. Målvärde: Ökning från föregående mätning. 2018 års värde: 64 %",
    "Andel med långvarigt försörjningsstöd. Målvärde: Minskning från föregående mätning. 2018 års värde: 58 %",
    "Antalet pågående implementeringsarbeten av välfärds- eller informationsteknik inom individ- och "
    "familjeomsorgen. Målvärde: 3",
    "Snittpris per dygn för placeringar av unga 13-18 år i HVB-hem. Målvärde: Minskat pris jämfört med "
    "föregående mätning. Värde november 2018: 4 747 kr",
    "Korttidsfrånvaro inom individ- och familjeomsorgen. Målvärde: Minskning sedan föregående mätning. "
    "Värde december 2018: 3 %",
    "Genomsnittlig väntetid avseende försörjningsstöd: Målvärde: Minskning sedan föregående mätning. "
    "Värde 2018: elva dagar",
    "Personalomsättning inom individ- och familjeomsorgen. Målvärde: 10 % Värde 2018: Har ännu inte mätts.",
    "Lönenivå för socionomer i förhållande till branschgenomsnitt. Målvärde: Branschgenomsnitt. "
    "Värde december 2018: Har ännu inte mätts.",
]
NO_VALUE = "Enkätresultat Framgångsinsikt (SIQ) görs i sektorsledningsgrupper inom individ- och familjeomsorgen under 2019"
PARAGRAPH = (
    "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen. Målvärde: Ökning sedan "
    "föregående mätning. Värde 2018: 83 %"
)


@pytest.mark.parametrize(
    "font,size,marker,page_h,nbsp",
    [
        ("tiro", 10.0, "•", 842.0, False),
        ("cour", 9.0, "-", 430.0, True),
        ("helv", 8.5, "▪", 330.0, False),
    ],
    ids=["times-bullets", "courier-dashes-page-breaks-nbsp", "helvetica-small-pages"],
)
def test_bullet_indicators_retypeset(tmp_path: Path, font, size, marker, page_h, nbsp):
    d = Doc(font=font, size=size, page_size=(595.0, page_h), margin=50.0)
    _cover(d, "Nämndplan 2019", "Verksamhetsområde 3 – Individ- och familjeomsorg")
    d.text("Trygga - hela livet", size=size * 1.4, font=BOLD[font], gap_after=4)
    d.text("Nämndmål", size=size * 1.2, font=BOLD[font], gap_after=3)
    d.text("Kontakt med individ- och familjeomsorgen leder till positiv förändring.", gap_after=4)
    d.text("Nämndmålet följs upp genom följande indikatorer:", gap_after=3)
    for b in BULLETS_2019:
        d.bullet(b.replace("4 747", f"4{NBSP}747") if nbsp else b, marker=marker if marker != "▪" else "•")
    d.text("Verksamheterna förbättras och utvecklas", size=size * 1.2, font=BOLD[font], gap_after=3)
    d.text("Grundförutsättningen följs upp genom följande indikatorer:", gap_after=3)
    d.bullet(NO_VALUE, marker="•")
    d.text("Hållbar kvalitetsutveckling säkerställs", size=size * 1.2, font=BOLD[font], gap_after=3)
    d.text("Grundförutsättningen följs upp genom följande indikator:", gap_after=3)
    d.text(PARAGRAPH, gap_after=6)
    d.text("Förstudien ska", gap_after=3)
    d.bullet("presenteras för nämnden i maj 2019 med förslag till beslut om eventuell vidare planering")
    pdf = d.save(tmp_path / "bullets.pdf")
    names = {b.split(". Målvärde")[0].split(": Målvärde")[0] for b in [*BULLETS_2019, PARAGRAPH]} | {NO_VALUE}
    got, want = got_keys(run(pdf)), gold_keys(DOC_2019, names)
    assert sum(want.values()) == 18
    assert got - want == {}, f"spurious: {sorted(got - want)}"
    assert want - got == {}, f"missed: {sorted(want - got)}"


# --------------------------------------------------------------------------------------------
# 3. Numbered goals with indicators and deadlines (Ekerö målförslag)
# --------------------------------------------------------------------------------------------
DOC_EKERO = "ekero-socialnamnden-malforslag-2018-2022"


@pytest.mark.parametrize(
    "font,size,inline",
    [("helv", 10.0, False), ("cour", 9.0, True), ("tiro", 12.0, True)],
    ids=["helvetica-own-lines", "courier-inline-labels", "times-large-inline"],
)
def test_numbered_goals_retypeset(tmp_path: Path, font, size, inline):
    d = Doc(font=font, size=size, page_size=(595.0, 600.0))
    d.text("Förslag till mål för Socialnämnden mandatperioden 2018-2022", size=size * 1.6, font=BOLD[font])
    d.text(
        "Ekerö kommun. Dnr SN19/65-509. Kommunfullmäktige fattade i april 2019 beslut om målområdena.",
        gap_after=6,
    )

    def goal(n: int, text: str) -> None:
        d.text(f"{n}. {text}", font=BOLD[font], gap_after=3)

    def indicator(label: str, text: str, year: int, number: int | None = None) -> None:
        body = f"{number}. {text}" if number else text
        if inline:
            if label:
                d.text(f"{label} {body} ({year})", indent=12, gap_after=3)
            else:
                d.text(f"{body} ({year})", indent=12, gap_after=3)
        else:
            if label:
                d.text(label, indent=12, gap_after=2)
            d.text(body, indent=12)
            d.text(f"({year})", indent=12, gap_after=3)

    d.text("Målområde: En god integration", size=size * 1.3, font=BOLD[font], gap_after=4)
    goal(
        1,
        "Utredda etableringslån istället för bidrag vid det glapp som uppstår mellan nyanländas ersättning "
        "från Migrationsverket och Försäkringskassan för att markera en tydlig förväntan på att pengarna ska "
        "betalas tillbaka.",
    )
    indicator(
        "Indikator:", "Utredning om införande av etableringslån är presenterad för Socialnämnden.", 2018
    )
    goal(4, "Obligatorisk introduktion till vår kultur och samhällsstruktur.")
    if not inline:
        d.text("Indikatorer:", indent=12, gap_after=2)
    indicator(
        "Indikatorer:" if inline else "",
        "Deltagande i Självständighet 365 med fördjupad samhällsorientering "
        "sker när grundläggande kunskaper i svenska språket uppnåtts.",
        2020,
        1,
    )
    indicator(
        "",
        "Personer som ännu inte har påbörjat etablering erbjuds efter biståndsbedömning insatsen "
        "socialt integrationsstöd.",
        2020,
        2,
    )
    d.text("Målområde: Ekerö ska vara Sveriges bästa kommun att åldras i", size=size * 1.3, font=BOLD[font])
    goal(7, "Säkerställa valfrihet, hög kvalitet och ett värdigt bemötande.")
    indicator(
        "Indikatorer:",
        "Minst 90% av brukarna i Socialstyrelsens brukarundersökning avseende hemtjänst "
        "upplever att de har fått välja utförare.",
        2022,
        1,
    )
    goal(10, "Investera i och utveckla användandet av välfärdsteknik.")
    indicator(
        "Indikator:",
        "Minst två nya investeringssatsningar inom området välfärdsteknik genomförs under "
        "mandatperioden med syftet att stärka äldres trygghet och självständighet.",
        2022,
    )
    goal(
        12,
        "Anpassa hemtagningstiden vid sjukhusvård så att individen får en god omvårdnad i hemmet eller i "
        "det särskilda boendet.",
    )
    indicator(
        "Indikatorer:",
        "Uppdrag till hemtjänstutförare vad gäller inställetid är förändrat och implementerat.",
        2019,
        1,
    )
    indicator(
        "",
        "Det genomsnittliga antalet vårddygn för utskrivningsklara personer ska inte överstiga vad som "
        "överenskommits med Regionen om LUS.",
        2022,
        2,
    )
    d.text("Målområde: Individen i centrum", size=size * 1.3, font=BOLD[font])
    goal(13, "Tillhandahålla stöd som möjliggör för den enskilde att leva ett självständigt liv.")
    d.text("Aktiviteter i riktning mot mål 13-15 kommer att tas fram inom ramen för handlingsplanen.")
    pdf = d.save(tmp_path / "goals.pdf")
    names = {
        "Utredning om införande av etableringslån är presenterad för Socialnämnden",
        "Deltagande i Självständighet 365 med fördjupad samhällsorientering sker när grundläggande "
        "kunskaper i svenska språket uppnåtts",
        "Personer som ännu inte har påbörjat etablering erbjuds efter biståndsbedömning insatsen socialt "
        "integrationsstöd",
        "Minst 90% av brukarna i Socialstyrelsens brukarundersökning avseende hemtjänst upplever att de "
        "har fått välja utförare",
        "Minst två nya investeringssatsningar inom området välfärdsteknik genomförs under mandatperioden "
        "med syftet att stärka äldres trygghet och självständighet",
        "Uppdrag till hemtjänstutförare vad gäller inställetid är förändrat och implementerat",
        "Det genomsnittliga antalet vårddygn för utskrivningsklara personer ska inte överstiga vad som "
        "överenskommits med Regionen om LUS",
    }
    got, want = got_keys(run(pdf)), gold_keys(DOC_EKERO, names)
    assert sum(want.values()) == 7
    assert got - want == {}, f"spurious: {sorted(got - want)}"
    assert want - got == {}, f"missed: {sorted(want - got)}"


# --------------------------------------------------------------------------------------------
# 4. Two-column goal tables (Tyresö tjänsteskrivelse 2014)
# --------------------------------------------------------------------------------------------
DOC_2014 = "tyreso-tjansteskrivelse-malstrategier-ifo-2014"
GOALS_2014 = [
    (
        "Mål 1",
        "Minst fem ideella krafter och föreningar stöds så att de i utökad utsträckning är ett komplement "
        "till socialtjänsten, särskilt för ungdomar.",
        "Målet har uppfyllts då avdelningen samarbetar med Rädda barnen, Röda korset, Frälsningsarmén, Svenska "
        "kyrkan och Maskrosbarn.",
    ),
    (
        "Mål 2",
        "I högst 2,0 procent av Tyresöborna, inklusive barn, har varit i behov av försörjningsstöd under "
        "2014. (Socialstyrelsens årsstatistik: Andel biståndsmottagare i Tyresö år 2012: 2,3 procent)",
        "IFO bedömer att 44 personer som har försörjningsstöd kan vara berättigade till sjukersättning.",
    ),
]
GOAL_3_TOP = (
    "Mål 3",
    "75 procent av de personer i åldersgruppen 25 till 65 år som beviljats ekonomiskt bistånd har fått",
    "”En väg in” som är ett samarbete mellan Försäkringskassan, Arbetsförmedlingen, Arbetscentrum",
)
GOAL_3_REST = (
    "arbete eller deltar i praktik eller annan kompetenshöjande insats inom en månad från beslutet. "
    "Mätperioden är mars månad samt augusti månad 2014.",
    "och IFO startar i april 2014 och förväntas ge samordningsvinster.",
)
GOAL_4 = (
    "Mål 4",
    "Personer som söker stöd av IFO är nöjda med information, bemötande och handläggningstider.",
    "Brukarundersökningen Kvalitetsbarometern 2013 visade ett Nöjd-kund-index (NKI) på 56,8.",
)
COMMON_2014 = [
    (
        "Mål 11",
        "Minst 75 procent av alla anställda besvarar medarbetarenkäten och nöjd medarbetarindex är lägst "
        "60 procent på alla arbetsplatser.",
        "Vid den senaste mätningen hösten 2013 var svarsfrekvensen 79 procent och medarbetarindex 74.",
    ),
    (
        "Mål 13",
        "Den totala sjukfrånvaron är högst sex procent årligen.",
        "Den totala sjukfrånvaron uppgår inom IFO till 3,65 procent i genomsnitt per månad.",
    ),
]


def _goal_rows(goals, label_own_line: bool) -> list[list[str]]:
    return [
        [f"{lbl} {text}" if not label_own_line else text, f"Aktiviteter {act}"] for lbl, text, act in goals
    ]


@pytest.mark.parametrize(
    "font,size,ruled",
    [("tiro", 9.5, True), ("cour", 8.0, False), ("helv", 10.0, False)],
    ids=["times-ruled", "courier-borderless", "helvetica-borderless"],
)
def test_goal_tables_retypeset(tmp_path: Path, font, size, ruled):
    d = Doc(font=font, size=size)
    d.text("TJÄNSTESKRIVELSE 2014-03-25", font=BOLD[font], gap_after=4)
    d.text(
        "Målstrategier för individ- och familjeomsorgen 2014", size=size * 1.6, font=BOLD[font], gap_after=4
    )
    d.text("Tyresö kommun, Socialnämnden", gap_after=8)
    d.text("Verksamhetsspecifika mål", size=size * 1.2, font=BOLD[font], gap_after=4)
    w = [240.0, 240.0]
    top = [
        ["Socialnämndens mål 2014", "Målstrategi IFO"],
        *_goal_rows(GOALS_2014, False),
        [f"{GOAL_3_TOP[0]} {GOAL_3_TOP[1]}", f"Aktiviteter {GOAL_3_TOP[2]}"],
    ]
    d.table(top, widths=w, ruled=ruled, size=size * 0.9)
    d.new_page()  # the goal cell of Mål 3 breaks over the page
    d.table(
        [[GOAL_3_REST[0], GOAL_3_REST[1]], *_goal_rows([GOAL_4], False)],
        widths=w,
        ruled=ruled,
        header_rows=0,
        size=size * 0.9,
    )
    d.text("Kommungemensamma mål", size=size * 1.2, font=BOLD[font], gap_after=4)
    d.table(
        [["Kommungemensamma mål 2014", "Målstrategi IFO"], *_goal_rows(COMMON_2014, False)],
        widths=w,
        ruled=ruled,
        size=size * 0.9,
    )
    pdf = d.save(tmp_path / "goal_tables.pdf")
    got, want = got_keys(run(pdf)), gold_keys(DOC_2014)
    assert sum(want.values()) == 10
    assert got - want == {}, f"spurious: {sorted(got - want)}"
    assert want - got == {}, f"missed: {sorted(want - got)}"
