"""A whole synthetic archive: municipalities × years × document types, bad files, gold CSVs, manifest.

Everything follows from the seed: the same arguments give byte-identical PDFs and CSVs.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi.samples.synth.content import ORGANS, municipalities
from kpi.samples.synth.render import DocSpec, Gold, render_monthly, render_plan

GOLD_COLUMNS = {
    "indicators.csv": [
        "doc_id",
        "municipality",
        "organ",
        "doc_type",
        "doc_year",
        "section_path",
        "indicator_name",
        "kolada_code",
        "value_kind",
        "period",
        "value_raw",
        "value_num",
        "unit",
        "target_direction",
        "note",
    ],
    "budget.csv": [
        "doc_id",
        "table",
        "table_title",
        "org_unit",
        "row_label",
        "measure",
        "period",
        "amount",
        "unit",
        "value_raw",
        "note",
    ],
    "goal_status.csv": ["doc_id", "goal_number", "goal_title", "month", "status", "trend"],
    "risks.csv": ["doc_id", "category", "title", "riskvarde", "sannolikhet", "konsekvens", "note"],
}
MANIFEST_COLUMNS = [
    "doc_id",
    "path",
    "municipality",
    "municipality_code",
    "organ",
    "doc_type",
    "year",
    "month",
    "expected_status",
    "defect",
]
BAD_KINDS = ("empty", "html", "truncated", "junk")
"""Defects of the occasional bad file; ``truncated`` may be repaired by the PDF library, the rest fail.
(Encrypted files are left out: PDF encryption salts with random bytes, so they would not be
reproducible from the seed.)"""


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@dataclass
class Archive:
    root: Path
    documents: list[dict[str, object]] = field(default_factory=list)  # manifest rows

    @property
    def pdfs(self) -> list[Path]:
        return [self.root / str(d["path"]) for d in self.documents]


def parse_years(text: str) -> list[int]:
    """``2019-2023`` or ``2019,2021`` or ``2020``."""
    years: list[int] = []
    for part in text.split(","):
        a, _, b = part.strip().partition("-")
        years += list(range(int(a), int(b or a) + 1))
    return sorted(set(years))


def specs(
    n_municipalities: int, years: list[int], seed: int, organs: int = 1, monthly: int = 2
) -> list[tuple[DocSpec, str]]:
    """(document spec, SCB code) of every document, in a stable order."""
    rng = random.Random(seed)
    chosen = rng.sample(municipalities(), n_municipalities)
    out = []
    for name, code in chosen:
        mr = random.Random(f"{seed}|{name}")
        drift_year = mr.choice(years[1:] or years)
        for organ in mr.sample(ORGANS, min(organs, len(ORGANS))):
            for y in years:
                base = f"{slug(name)}-{slug(organ.short)}"
                dseed = int(hashlib.sha256(f"{seed}|{name}|{organ.name}|{y}".encode()).hexdigest()[:12], 16)
                out.append(
                    (
                        DocSpec(
                            f"{base}-namndplan-{y}", name, organ, y, "nämndplan", None, dseed, drift_year
                        ),
                        code,
                    )
                )
                for m in sorted(random.Random(dseed).sample(range(2, 12), min(monthly, 10))):
                    out.append(
                        (
                            DocSpec(
                                f"{base}-manadsrapport-{y}-{m:02d}",
                                name,
                                organ,
                                y,
                                "månadsrapport",
                                m,
                                dseed + m,
                                drift_year,
                            ),
                            code,
                        )
                    )
    return out


def spoil(data: bytes, kind: str) -> bytes:
    """A bad file made from a good one."""
    if kind == "empty":
        return b""
    if kind == "html":
        return b"<!DOCTYPE html><html><head><title>404</title></head><body>Sidan finns inte</body></html>\n"
    if kind == "truncated":
        return data[: len(data) * 2 // 5]
    junk = random.Random(hashlib.sha256(data).digest())
    return b"%PDF-1.7\n" + bytes(junk.randrange(256) for _ in range(4096))


def generate(
    out: str | Path,
    n_municipalities: int,
    years: list[int],
    seed: int,
    organs: int = 1,
    monthly: int = 2,
    bad_share: float = 0.02,
    limit: int | None = None,
) -> Archive:
    """Write the archive's PDFs under ``out/<municipality>/<year>/``, gold CSVs under ``out/gold/``."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    arch = Archive(root)
    gold = Gold()
    todo = specs(n_municipalities, years, seed, organs, monthly)[:limit]
    bad_rng = random.Random(f"{seed}|bad")
    for spec, code in todo:
        render = render_plan if spec.doc_type == "nämndplan" else render_monthly
        data, g = render(spec, code)
        defect = bad_rng.choice(BAD_KINDS) if bad_rng.random() < bad_share else ""
        if defect:
            data = spoil(data, defect)
        else:
            for name in ("indicators", "budget", "goal_status", "risks"):
                getattr(gold, name).extend(getattr(g, name))
        rel = Path(slug(spec.municipality)) / str(spec.year) / f"{spec.doc_id}.pdf"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
        arch.documents.append(
            {
                "doc_id": spec.doc_id,
                "path": str(rel),
                "municipality": spec.municipality,
                "municipality_code": code,
                "organ": spec.organ.name if spec.doc_type == "nämndplan" else spec.organ.office,
                "doc_type": spec.doc_type,
                "year": spec.year,
                "month": spec.month or "",
                "expected_status": "failed"
                if defect in ("empty", "html", "junk")
                else "any"
                if defect
                else "ok",
                "defect": defect,
            }
        )
    gdir = root / "gold"
    gdir.mkdir(exist_ok=True)
    for fname, rows in (
        ("indicators.csv", gold.indicators),
        ("budget.csv", gold.budget),
        ("goal_status.csv", gold.goal_status),
        ("risks.csv", gold.risks),
    ):
        _write_csv(gdir / fname, GOLD_COLUMNS[fname], rows)
    _write_csv(root / "MANIFEST.csv", MANIFEST_COLUMNS, arch.documents)
    return arch


def _write_csv(path: Path, columns: list[str], rows: Sequence[Mapping[str, object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})
