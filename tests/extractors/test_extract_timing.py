"""extract_pdf reports where its time went: page model, metadata and each recognizer."""

from __future__ import annotations

from pathlib import Path

from kpi.extractors.extract import extract_pdf
from kpi.extractors.registry import recognizers

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "pdf" / "tyreso-manadsrapport-2024-03-asf.pdf"


def test_stage_seconds_name_every_stage_and_sum_to_at_most_the_total():
    r = extract_pdf(SAMPLE, "x")
    assert r.status == "ok"
    expected = {"pages", "metadata", *(name for name, _ in recognizers())}
    assert set(r.stage_seconds) == expected
    assert all(v >= 0 for v in r.stage_seconds.values())
    assert sum(r.stage_seconds.values()) <= r.seconds + 1e-6


def test_a_file_that_is_not_a_pdf_has_no_stages(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    r = extract_pdf(bad, "y")
    assert r.status == "failed"
    assert r.stage_seconds == {}
