"""Issue 19: Kolada like rKolada/koladapy — municipalities by name or code, years, every code a
warehouse holds fetched into it (recorded responses on 127.0.0.1), a clear offline message, and
Kolada's value beside each row of ``indicator_series`` (view ``indicator_series_kolada``)."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import duckdb
import pytest
from kolada_server import Recorded

from kpi.extractors.records import DocumentMeta, ExtractionResult, IndicatorValue
from kpi.pipeline.kolada.compare import compare
from kpi.pipeline.kolada.municipalities import UnknownMunicipality, parse_years, resolve_municipality
from kpi.pipeline.kolada.values import read_values
from kpi.warehouse.db import connect
from tests.conftest import SAMPLES, run_kpi
from tests.warehouse.loading import load_result

VALUES = SAMPLES / "kolada" / "values_tyreso_0138_ekero_0125.csv"
N00973 = "Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), andel (%)"


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (an offline Kolada)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _plan(tmp: Path) -> Path:
    """A warehouse with a Tyresö plan printing two Kolada codes (and one uncoded indicator)."""
    r = ExtractionResult(doc_id=hashlib.sha256(b"tyreso-plan-2020").hexdigest(), source_path="plan.pdf")
    r.meta = DocumentMeta(
        title="Nämndplan 2020",
        municipality="Tyresö",
        municipality_code="0138",
        organ="Socialnämnden",
        doc_type="nämndplan",
        year=2020,
        period="2020",
        page_count=1,
    )
    for name, code, period, raw, num, unit in [
        (N00973, "N00973", "2019", "47.46 %", 47.46, "percent"),
        ("Totalindex HME", "U30200", "2018", "82", 82.0, "index"),
        ("Utan kod", None, "2019", "3", 3.0, "count"),
    ]:
        r.indicator_values.append(
            IndicatorValue(3, None, "Mål 1", name, code, "outcome", period, raw, num, unit)
        )
    db = tmp / "w.duckdb"
    con = connect(db)
    try:
        load_result(con, r, "test")
    finally:
        con.close()
    return db


def _kolada_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT kolada_code, municipality_code, period, value_num, round(kolada_value, 4)"
            " FROM indicator_series_kolada ORDER BY kolada_code NULLS LAST, period"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "given, code",
    [
        ("Tyresö", "0138"),
        ("tyresö kommun", "0138"),
        ("TYRESÖ KOMMUN", "0138"),
        ("138", "0138"),
        ("0138", "0138"),
        ("Göteborgs stad", "1480"),
        ("Göteborg", "1480"),
        ("Karlstad", "1780"),  # a name that ends in -stad is the name
        ("Karlstads kommun", "1780"),
    ],
)
def test_municipality_by_name_or_code(given: str, code: str) -> None:
    assert resolve_municipality(given) == code


def test_unknown_municipality_names_the_closest() -> None:
    with pytest.raises(UnknownMunicipality, match=r"did you mean Tyresö \(0138\)"):
        resolve_municipality("Tyreso")
    with pytest.raises(UnknownMunicipality, match="no municipality code"):
        resolve_municipality("9999")


def test_years() -> None:
    assert parse_years([], "2018-2024") == set(range(2018, 2025))
    assert parse_years([2015], "2018,2020") == {2015, 2018, 2020}
    assert parse_years([], None) is None
    with pytest.raises(ValueError, match="no year"):
        parse_years([], "20x8")


def test_cli_fetch_by_name_with_years(server, tmp_path: Path) -> None:
    base, _ = server
    out = tmp_path / "v.csv"
    run_kpi(
        "kolada", "fetch", "-m", "Tyresö kommun", "-k", "u30200", "--years", "2015-2016",
        "--out", str(out), "--cache", str(tmp_path / "c"), "--base-url", base, check=True,
    )  # fmt: skip
    values = read_values(out)
    assert {v.period for v in values} == {2015, 2016} and {v.municipality_id for v in values} == {"0138"}
    run_kpi(
        "kolada", "fetch", "-m", "0138", "-k", "U30200", "--year", "2018",
        "--out", str(out), "--cache", str(tmp_path / "c"), "--base-url", base, check=True,
    )  # fmt: skip
    assert {v.period for v in read_values(out)} == {2018}


def test_cli_unknown_name_never_reaches_the_network(server, tmp_path: Path) -> None:
    base, _ = server
    Recorded.hits.clear()
    proc = run_kpi(
        "kolada", "fetch", "-m", "Tyreso", "-k", "U30200", "--out", str(tmp_path / "v.csv"),
        "--cache", str(tmp_path / "c"), "--base-url", base,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "did you mean Tyresö (0138)" in proc.stderr and "Traceback" not in proc.stderr
    assert Recorded.hits == [] and not (tmp_path / "v.csv").exists()


def test_cli_fetch_db_fetches_every_code_the_warehouse_holds(server, tmp_path: Path) -> None:
    base, _ = server
    db = _plan(tmp_path)
    Recorded.hits.clear()
    proc = run_kpi("kolada", "fetch", "--db", str(db), "--cache", str(tmp_path / "c"), "--base-url", base)
    assert proc.returncode == 0, proc.stderr
    asked = {h.split("?")[0] for h in Recorded.hits if "/data/" in h}
    assert asked == {"/v3/data/kpi/N00973/municipality/0138", "/v3/data/kpi/U30200/municipality/0138"}
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute(
            "SELECT kpi, min(period), max(period) FROM kolada_values GROUP BY kpi ORDER BY kpi"
        ).fetchall()
    finally:
        con.close()
    # the years printed, two either side: N00973 2019 -> 2017..2021; U30200 2018 -> 2016..2018 published
    assert stored == [("N00973", 2017, 2021), ("U30200", 2016, 2018)]
    # the view: Kolada's value beside each row of indicator_series
    rows = _kolada_rows(db)
    assert ("N00973", "0138", "2019", 47.46, 47.4576) in rows
    assert ("U30200", "0138", "2018", 82.0, 82.4722) in rows
    assert any(r[0] is None and r[4] is None for r in rows)  # an uncoded row stays, without a value
    again = run_kpi("kolada", "fetch", "--db", str(db), "--cache", str(tmp_path / "c"), "--base-url", base)
    assert again.returncode == 0 and "0 requests" in again.stdout  # cached on disk
    assert _kolada_rows(db) == rows  # fetched twice, stored once


def test_cli_offline_says_where_the_cache_is_and_names_values(tmp_path: Path) -> None:
    db = _plan(tmp_path)
    cache = tmp_path / "kolada-cache"
    base = f"http://127.0.0.1:{closed_port()}/v3"
    proc = run_kpi("kolada", "fetch", "--db", str(db), "--cache", str(cache), "--base-url", base)
    assert proc.returncode == 1
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert str(cache) in err and "--values" in err and "Traceback" not in err
    # offline with the bundled values file instead
    proc = run_kpi("kolada", "fetch", "--db", str(db), "--values", str(VALUES), "--base-url", base)
    assert proc.returncode == 0, proc.stderr
    assert ("N00973", "0138", "2019", 47.46, 47.4576) in _kolada_rows(db)


def test_compare_in_python_returns_a_dataframe(tmp_path: Path) -> None:
    db = _plan(tmp_path)
    frame = compare(db, VALUES)
    assert list(frame["kolada_code"]) == ["N00973", "U30200"] or set(frame["kolada_code"]) == {
        "N00973",
        "U30200",
    }
    by = frame.set_index("kolada_code")
    assert by.at["N00973", "status"] == "match" and by.at["U30200", "status"] == "match"
    assert by.at["U30200", "kolada_value"] == pytest.approx(82.47222222)
    assert len(compare(db, VALUES, municipality="Tyresö kommun", years=[2019])) == 1
    assert compare(db, VALUES, municipality="Ekerö").empty
    with pytest.raises(LookupError, match="Tyresö"):
        compare(db, VALUES, municipality="Tyreso")
    with pytest.raises(LookupError, match="kpi kolada fetch --db"):
        compare(db)  # no values stored in the warehouse yet, and no file given


def test_cli_compare_keeps_the_values_for_the_view(tmp_path: Path) -> None:
    db = _plan(tmp_path)
    run_kpi("kolada", "compare", "--db", str(db), "--values", str(VALUES), check=True)
    assert ("U30200", "0138", "2018", 82.0, 82.4722) in _kolada_rows(db)
    assert set(compare(db)["status"]) == {"match"}  # the warehouse's values, without a file


def test_the_client_takes_codes_only(tmp_path: Path) -> None:
    from kpi.pipeline.kolada.client import KoladaClient

    asked: list[str] = []

    def opener(url: str, timeout: float) -> bytes:
        asked.append(url)
        raise AssertionError("no request for a name")

    client = KoladaClient(cache_dir=tmp_path, opener=opener)
    with pytest.raises(ValueError, match="no 4-digit municipality code"):
        client.values("U30200", "Tyresö")
    with pytest.raises(ValueError, match="no Kolada KPI id"):
        client.values("Tyresö", "0138")
    assert asked == []
