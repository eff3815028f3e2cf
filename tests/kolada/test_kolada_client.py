"""The Kolada API v3 client against recorded responses served on 127.0.0.1 (never the network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kolada_server import DATA, ROUTES

from kpi.pipeline.kolada.client import KoladaClient, KoladaError
from kpi.pipeline.kolada.values import read_values, totals
from tests.conftest import run_kpi


def test_values_follow_pages_and_keep_every_gender(server, tmp_path: Path) -> None:
    base, _ = server
    client = KoladaClient(base, cache_dir=tmp_path / "cache")
    values = client.values("U30200", "138")
    assert {v.period for v in values} == {2013, 2015, 2016, 2018}
    t = totals(values)[("U30200", "0138")]
    assert t == {2013: 80.22668889, 2015: 74.72222222, 2016: 75.11111111, 2018: 82.47222222}
    assert {v.kpi_title for v in values} == {
        "Medarbetarengagemang (HME) individ- och familjeomsorg - Totalindex"
    }
    assert {v.municipality for v in values} == {"Tyresö"}
    assert any(v.value is None for v in values)  # a missing value is kept as missing, not 0
    assert client.requests == 3


def test_cache_answers_without_network_and_survives_an_outage(server, tmp_path: Path) -> None:
    base, srv = server
    first = KoladaClient(base, cache_dir=tmp_path / "cache").values("U30200", "0138")
    again = KoladaClient(base, cache_dir=tmp_path / "cache")
    assert again.values("U30200", "0138") == first and again.requests == 0
    srv.shutdown()
    srv.server_close()
    stale = KoladaClient(base, cache_dir=tmp_path / "cache", max_age=0, timeout=2)
    assert stale.values("U30200", "0138") == first  # network down: the old answer is used
    with pytest.raises(KoladaError):
        KoladaClient(base, cache_dir=tmp_path / "empty", timeout=2).values("U30200", "0138")


def test_injected_transport(tmp_path: Path) -> None:
    seen = []

    def opener(url: str, timeout: float) -> bytes:
        seen.append(url)
        name = ROUTES[url.removeprefix("https://api.kolada.se")]
        return (DATA / name).read_bytes()

    values = KoladaClient(cache_dir=tmp_path, opener=opener).values("U30200", "0138")
    assert len(values) == 11 and seen[0] == "https://api.kolada.se/v3/kpi/U30200"


def test_cli_fetch_writes_the_values_csv_format(server, tmp_path: Path) -> None:
    base, _ = server
    out = tmp_path / "values.csv"
    run_kpi(
        "kolada",
        "fetch",
        "--municipality",
        "0138",
        "--kpi",
        "U30200",
        "--out",
        str(out),
        "--cache",
        str(tmp_path / "cache"),
        "--base-url",
        base,
        check=True,
    )
    header = out.read_text(encoding="utf-8").splitlines()[0]
    bundled = Path(__file__).resolve().parents[2] / "samples/kolada/values_tyreso_0138_ekero_0125.csv"
    assert header == bundled.read_text(encoding="utf-8").splitlines()[0]
    mine = totals(read_values(out))[("U30200", "0138")]
    assert mine == dict(totals(read_values(bundled))[("U30200", "0138")].items())


def test_a_next_page_that_is_not_a_url_is_a_kolada_error(tmp_path: Path) -> None:
    # found by the type checker: ``next_url`` was used as given, so a malformed answer crashed
    # with AttributeError (a traceback from `kpi kolada fetch`) instead of a KoladaError
    def opener(url: str, timeout: float) -> bytes:
        return json.dumps({"values": [], "next_url": {"href": "elsewhere"}}).encode()

    with pytest.raises(KoladaError, match="not a URL"):
        KoladaClient(cache_dir=tmp_path, opener=opener).kpi_title("U30200")
