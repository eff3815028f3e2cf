"""Document metadata read from each sample's and real report's own text."""

from __future__ import annotations

import pytest

from kpi.extractors.document import detect_metadata, detect_municipality
from kpi.extractors.layout import DocumentModel
from tests.conftest import SAMPLES

EXPECTED = {
    "pdf/tyreso-namndplan-2019-ifo.pdf": {
        "title": "Nämndplan 2019",
        "municipality": "Tyresö",
        "municipality_code": "0138",
        "organ": "Verksamhetsområde 3 – Individ- och familjeomsorg",
        "doc_type": "nämndplan",
        "year": 2019,
        "period": "2019",
    },
    "pdf/tyreso-namndplan-2020-ifo-arbete-integration.pdf": {
        "title": "Nämndplan 2020",
        "municipality": "Tyresö",
        "municipality_code": "0138",
        "organ": "Verksamhetsområde 3 – Individ och familjeomsorg; Verksamhetsområde 8 - Arbete och integration",
        "doc_type": "nämndplan",
        "year": 2020,
        "period": "2020",
    },
    "pdf/tyreso-manadsrapport-2024-03-asf.pdf": {
        "title": "Månadsrapport mars 2024",
        "municipality": "Tyresö",
        "municipality_code": "0138",
        "organ": "Arbetsmarknads- och socialförvaltningen",
        "doc_type": "månadsrapport",
        "year": 2024,
        "period": "2024-03",
    },
    "pdf/tyreso-tjansteskrivelse-malstrategier-ifo-2014.pdf": {
        "municipality": "Tyresö",
        "municipality_code": "0138",
        "organ": "Socialnämnden",
        "doc_type": "tjänsteskrivelse",
        "year": 2014,
        "period": "2014",
    },
    "pdf/ekero-socialnamnden-malforslag-2018-2022.pdf": {
        "title": "Förslag till mål för Socialnämnden mandatperioden 2018-2022",
        "municipality": "Ekerö",
        "municipality_code": "0125",
        "organ": "Socialnämnden",
        "doc_type": "målförslag",
        "year": 2019,
        "period": "2018-01/2022-12",
    },
    "real/goteborg-intraservice-delarsrapport-2026-03.pdf": {
        "municipality": "Göteborg",
        "municipality_code": "1480",
        "organ": "Nämnden för Intraservice",
        "doc_type": "delårsrapport",
        "year": 2026,
        "period": "2026-01/2026-03",
    },
    "real/simrishamn-kfn-arsbokslut-2025.pdf": {
        "municipality": "Simrishamn",
        "municipality_code": "1291",
        "organ": "Kultur- och fritidsnämnden",
        "doc_type": "årsredovisning",
        "year": 2025,
        "period": "2025",
    },
    "real/ljungby-bun-kvalitet-resultat-grundskola-2024.pdf": {
        "municipality": "Ljungby",
        "municipality_code": "0781",
        "doc_type": "other",
        "year": 2024,
        "period": "2024",
    },
    "real/goteborg-stadsrevision-arsredogorelse-2024.pdf": {
        "municipality": "Göteborg",
        "municipality_code": "1480",
        "organ": "Stadsrevisionen",  # the title names it in the genitive; the letterhead is KF's
        "year": 2024,
        "period": "2024",
    },
}


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_metadata_of_each_sample(rel: str) -> None:
    with DocumentModel(str(SAMPLES / rel)) as doc:
        meta = detect_metadata(doc)
    got = {k: getattr(meta, k) for k in EXPECTED[rel]}
    assert got == EXPECTED[rel]
    assert meta.page_count and meta.page_count > 0


def test_metadata_does_not_come_from_the_file_name(tmp_path) -> None:
    """The same bytes under a meaningless name give the same metadata."""
    src = SAMPLES / "pdf/tyreso-manadsrapport-2024-03-asf.pdf"
    other = tmp_path / "scan_0001.pdf"
    other.write_bytes(src.read_bytes())
    with DocumentModel(str(src)) as a, DocumentModel(str(other)) as b:
        assert detect_metadata(a) == detect_metadata(b)


@pytest.mark.parametrize(
    "text, name, code",
    [
        ("Kommunstyrelsen i Ale kommun beslutade", "Ale", "1440"),
        ("Det ska vara tydligt vad vi gör i Mora kommun.", "Mora", "2062"),
        ("Det ska vara tydligt.", None, None),  # 'vara' alone is a verb, not Vara kommun
        ("Göteborgs Stad, Nämnden för Intraservice", "Göteborg", "1480"),
        ("Budget för Simrishamns kommun 2025", "Simrishamn", "1291"),
    ],
)
def test_detect_municipality(text: str, name: str | None, code: str | None) -> None:
    assert detect_municipality(text) == (name, code)


def test_typeset_cover_gives_metadata(tmp_path) -> None:
    """A cover we typeset ourselves, another font and layout, another municipality."""
    from tests.pdfgen import Doc

    d = Doc(font="tiro", size=11)
    d.put(60, 120, "Nämndplan 2023", size=28, font="tiro")
    d.put(60, 160, "Kultur- och fritidsnämnden", size=18, font="tiro")
    d.y = 200
    d.text("Kultur- och fritidsnämnden i Kiruna kommun ansvarar för bibliotek och idrottsanläggningar.")
    d.text("Kiruna kommun har under året arbetat med nämndens mål.")
    path = d.save(tmp_path / "x.pdf")
    with DocumentModel(str(path)) as doc:
        m = detect_metadata(doc)
    assert (m.title, m.municipality, m.municipality_code, m.organ, m.doc_type, m.year, m.period) == (
        "Nämndplan 2023",
        "Kiruna",
        "2584",
        "Kultur- och fritidsnämnden",
        "nämndplan",
        2023,
        "2023",
    )


def test_cover_title_words_keep_their_order_when_spans_sit_at_different_heights(tmp_path) -> None:
    """Spans of one title line whose tops differ (mixed sizes, OCR) are read left to right."""
    from tests.pdfgen import Doc

    d = Doc()
    d.put(60, 120, "Nämndplan", size=26)
    d.put(215, 118, "2021", size=30)  # a larger year whose top sits higher than the word before it
    d.y = 160
    d.text("Socialnämnden i Tyresö kommun ansvarar för individ- och familjeomsorgen.")
    path = d.save(tmp_path / "t.pdf")
    with DocumentModel(str(path)) as doc:
        assert detect_metadata(doc).title == "Nämndplan 2021"


@pytest.mark.parametrize(
    "text, organ",
    [
        ("Stadsrevisionens årsredogörelse 2024", "Stadsrevisionen"),
        ("Socialnämndens verksamhetsplan", "Socialnämnden"),
        ("Kommunstyrelsens delårsrapport", "Kommunstyrelsen"),
        ("Kommunfullmäktiges beslut", "Kommunfullmäktige"),
        ("Socialnämnden", "Socialnämnden"),
    ],
)
def test_a_body_named_in_the_genitive_is_the_body(text: str, organ: str) -> None:
    from kpi.extractors.document import _organ_candidates

    assert _organ_candidates(text)[:1] == [organ]
