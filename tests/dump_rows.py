"""Dump every extracted row of every PDF under some folders, one JSON line each, for before/after diffs.

A refactor that must not change extraction results is checked by dumping before and after and
comparing the files byte for byte::

    .venv/bin/python tests/dump_rows.py samples /tmp/archive > /tmp/before.jsonl
    # ... change the code ...
    .venv/bin/python tests/dump_rows.py samples /tmp/archive > /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

Documents are taken in path order; within a document the rows keep the order the recognizers
emitted them in (so a reordering shows too). Timings are left out; floats are printed by ``repr``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpi.extractors.extract import extract_pdf  # noqa: E402
from kpi.extractors.records import TABLES  # noqa: E402


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def dump(paths: list[str], out: Any) -> int:
    pdfs = sorted(p for root in paths for p in Path(root).rglob("*") if p.suffix.lower() == ".pdf")
    for pdf in pdfs:
        data = pdf.read_bytes()
        result = extract_pdf(str(pdf), hashlib.sha256(data).hexdigest(), data=data)
        head = {
            "file": str(pdf),
            "status": str(result.status),
            "error": result.error,
            "meta": _plain(dataclasses.asdict(result.meta)),
        }
        out.write(json.dumps(head, ensure_ascii=False, sort_keys=True) + "\n")
        for table in TABLES:
            for record in getattr(result, table):
                row = {k: _plain(v) for k, v in dataclasses.asdict(record).items()}
                out.write(json.dumps({"table": table, **row}, ensure_ascii=False, sort_keys=True) + "\n")
    return len(pdfs)


if __name__ == "__main__":
    n = dump(sys.argv[1:], sys.stdout)
    print(f"{n} documents", file=sys.stderr)
