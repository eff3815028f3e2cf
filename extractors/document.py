"""Document metadata: title, municipality (+ SCB code), organ, doc_type, year, period.

Read from the document's own text: the cover (largest type on page 1), running headers and
title lines, and labelled fields ("Organisation: …").  The file name is used only as a last
resort, and the PDF's metadata title only as a cue when the text gives none.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from kpi.extractors import vocabulary as V
from kpi.extractors.layout import DocumentModel, Page
from kpi.extractors.normalize.vocabulary import MONTHS
from kpi.extractors.paths import display_path
from kpi.extractors.records import DocumentMeta

FRONT_PAGES = 3  # pages read for title, organ and period cues
SCAN_PAGES = 12  # pages read for municipality mention counts

YEAR = r"(?:19|20)\d\d"
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) >= 3), key=len, reverse=True))


@lru_cache(maxsize=1)
def municipalities() -> dict[str, str]:
    """Municipality name -> 4-digit SCB code, from the bundled list of 290 kommuner."""
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return {row["name"]: row["kommun"] for row in csv.DictReader(text.splitlines())}


def size_chars(page: Page) -> Counter[float]:
    """Characters per type size (rounded to 0.1 pt) on a page; counted once per page, for the
    front pages here and for every page by the indicator flow."""
    chars = page.memo.get("size_chars")
    if chars is None:
        chars = Counter()
        for s in page.spans:
            chars[round(float(s["size"]), 1)] += len(s["text"].strip())
        page.memo["size_chars"] = chars
    return chars


def body_size(pages: list[Page]) -> float:
    """The type size carrying the most characters: the body text."""
    chars: Counter[float] = Counter()
    for p in pages:
        chars.update(size_chars(p))
    return chars.most_common(1)[0][0] if chars else 10.0


def _is_municipality_line(text: str) -> bool:
    name, _ = detect_municipality(text)
    return name is not None and len(text.split()) <= 3


def _cover_lines(page: Page, body: float) -> list[tuple[float, str]]:
    """(size, text) of the lines set clearly larger than body text on the page, in reading order.

    Page numbers and a bare municipality name ("Tyresö kommun", the letterhead) are left out.
    """
    big = sorted(
        (s["bbox"][1], s["bbox"][3], s["bbox"][0], s["size"], s["text"].strip())
        for s in page.spans
        if s["size"] >= body * 1.3 and len(s["text"].strip()) > 2
    )
    # Spans whose vertical extents overlap by half form one line, read left to right.
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for span in big:
        if rows:
            last = rows[-1]
            top, bottom = min(r[0] for r in last), max(r[1] for r in last)
            overlap = min(bottom, span[1]) - max(top, span[0])
            if overlap >= 0.5 * min(bottom - top, span[1] - span[0]):
                last.append(span)
                continue
        rows.append([span])
    out = [(max(r[3] for r in row), " ".join(r[4] for r in sorted(row, key=lambda r: r[2]))) for row in rows]
    return [
        (size, re.sub(r"\s+", " ", t))
        for size, t in out
        if not re.fullmatch(r"\d{1,3}(\s*\(\d+\))?", t) and not _is_municipality_line(t)
    ]


_DOC_TYPE_OF = {cue: doc_type for doc_type, cues in reversed(V.DOC_TYPES) for cue in reversed(cues)}
"""Cue -> document type (a cue listed twice keeps its first type)."""
_DOC_TYPE_CUE = re.compile(
    rf"(?<![\wåäö])(?:{'|'.join(re.escape(cue) for _, cues in V.DOC_TYPES for cue in cues)})(?![\wåäö])"
)
"""Every cue, in the list's order: the leftmost cue wins, and of cues starting at the same place
the one listed first (the order in which the regex tries its alternatives)."""


def _doc_type(text: str) -> str | None:
    m = _DOC_TYPE_CUE.search(text.lower())
    return _DOC_TYPE_OF[m.group(0)] if m else None


@lru_cache(maxsize=1)
def _name_heads() -> tuple[re.Pattern[str], dict[str, list[tuple[int, str]]], list[tuple[int, str]]]:
    """A regex listing every two-character piece of a text that could begin a municipality's
    name; the names by their first two characters, with their place in the list; and the names
    shorter than two characters (none in practice), which are always searched for."""
    by_head: dict[str, list[tuple[int, str]]] = {}
    short: list[tuple[int, str]] = []
    for i, name in enumerate(municipalities()):
        if len(name) >= 2:
            by_head.setdefault(name[:2], []).append((i, name))
        else:
            short.append((i, name))
    firsts = "".join(sorted({re.escape(h[0]) for h in by_head}))
    return re.compile(rf"(?=([{firsts}].))", re.DOTALL), by_head, short


@cache
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\wåäöÅÄÖ-]){re.escape(name)}(s?)(?![\wåäöÅÄÖ-])"
        rf"(\s+(?:{'|'.join(V.MUNICIPALITY_SUFFIXES)})\b)?",
        re.IGNORECASE,
    )


def _names_in(text: str) -> list[str]:
    """The municipality names printed in ``text`` as they are spelled in the list (case counts).

    One scan collects the text's two-character pieces that start like a name, so only the few
    names starting with one of them are searched for (instead of all 290 in a long text)."""
    heads, by_head, short = _name_heads()
    candidates = list(short)
    for head in set(heads.findall(text)):
        candidates += by_head.get(head, ())
    candidates.sort()  # the list's order: it breaks ties between equally counted names
    return [name for _, name in candidates if name in text]


def detect_municipality(text: str) -> tuple[str | None, str | None]:
    counts: Counter[str] = Counter()
    for name in _names_in(text):
        for m in _name_pattern(name).finditer(text):
            with_suffix = bool(m.group(2))
            if name in V.MUNICIPALITY_COMMON_WORDS and not with_suffix:
                continue
            counts[name] += 5 if with_suffix else 1
    if not counts:
        return None, None
    name = counts.most_common(1)[0][0]
    return name, municipalities()[name]


_ORGAN_WORD = r"[A-ZÅÄÖ][\wåäöÅÄÖ]*(?:-)?(?:\s+och\s+[\wåäöÅÄÖ]+)?"


def _organ_candidates(text: str) -> list[str]:
    suf = "|".join(V.ORGAN_SUFFIXES)
    pats = [
        rf"\b(?:{'|'.join(s.capitalize() for s in V.ORGAN_PREFIX_FORMS)})\s+[A-ZÅÄÖ][\wåäö]+",
        rf"\b[A-ZÅÄÖ][\wåäö]*(?:-\s+och\s+[\wåäö]+)?(?:{suf})s?\b",
    ]
    out = []
    for p in pats:
        out += [_nominative(re.sub(r"\s+", " ", m.group(0))) for m in re.finditer(p, text)]
    return out


def _nominative(organ: str) -> str:
    """A body named in the genitive ("Stadsrevisionens årsredogörelse") is the body."""
    if organ.endswith("s") and organ[:-1].lower().endswith(V.ORGAN_SUFFIXES):
        return organ[:-1]
    return organ


def _organ(front: list[Page], cover: list[str]) -> str | None:
    text = "\n".join(p.text for p in front)
    # 1. a labelled field
    m = re.search(rf"\b(?:{'|'.join(V.ORGAN_LABELS)})\s*:\s*([^\n]+?)(?:\s{{2,}}|$|\n)", text, re.IGNORECASE)
    if m:
        cands = _organ_candidates(m.group(1))
        if cands:
            return cands[0]
    # 2. the cover title's own lines: a body, or the plan's verksamhetsområden
    vo = [ln for ln in cover if ln.lower().startswith(V.UNIT_OF_OPERATION_WORDS)]
    if vo:
        return "; ".join(dict.fromkeys(vo))
    for ln in cover:
        cands = _organ_candidates(ln)
        if cands:
            return cands[0]
    # 3. a line of its own in the front pages that is only a body's name
    for p in front:
        for line in p.lines:
            t = line.text.strip()
            c = _organ_candidates(t)
            if c and c[0] == t:
                return t
    # 4. the most frequent capitalized body in the front pages
    counts = Counter(c for c in _organ_candidates(text) if not c.lower().startswith("kommun"))
    return counts.most_common(1)[0][0] if counts else None


_NUMBERED_UNIT = re.compile(
    rf"^(?:{'|'.join(re.escape(w) for w in V.UNIT_OF_OPERATION_WORDS)})\s*\d*\s*[–—:-]?\s*", re.IGNORECASE
)
_COMPOUND_DASH = re.compile(rf"(?<=[^\W\d_])-\s+(?=(?:{'|'.join(V.COMPOUND_CONJUNCTIONS)})\b)")


def canonical_organ(organ: str | None) -> str | None:
    """One key for a body whose printed name varies between documents, by three named rules:

    * ``first_named``: of several bodies ("A; B"), the first;
    * ``unit_numbering``: a unit's number dropped ("Verksamhetsområde 3 – Individ- och
      familjeomsorg" -> "Individ- och familjeomsorg");
    * ``compound_dash``: a compound's dash before "och" dropped ("Individ- och familjeomsorg"
      and "Individ och familjeomsorg" are one body).

    Whitespace is collapsed and the first letter upper-cased.  A researcher's crosswalk
    (``kpi organs --crosswalk``) overrides the result in the warehouse.
    """
    if not organ or not organ.strip():
        return None
    first = organ.split(";")[0].strip()
    name = _NUMBERED_UNIT.sub("", first) or first
    name = " ".join(_COMPOUND_DASH.sub(" ", name).split())
    return name[:1].upper() + name[1:] if name else None


def _years(text: str) -> list[int]:
    return [int(y) for y in re.findall(rf"(?<!\d)({YEAR})(?!\d)", text)]


def _period(doc_type: str | None, title: str, front_text: str) -> tuple[int | None, str | None]:
    """(year, period) from the title first, then labelled dates in the front pages."""
    low = title.lower()
    span = re.search(rf"({YEAR})\s*[-–]\s*({YEAR})", title)
    month = re.search(rf"\b({_MONTH_ALT})\.?\s+({YEAR})\b", low)
    label = re.search(
        rf"\b(?:{'|'.join(V.PERIOD_LABELS)})\s*:?\s*({YEAR})-(\d\d)-\d\d", front_text, re.IGNORECASE
    )
    if doc_type == "månadsrapport" and month:
        y, mo = int(month.group(2)), MONTHS[month.group(1).lower()]
        return y, f"{y}-{mo:02d}"
    if doc_type == "delårsrapport":
        if month:
            y, mo = int(month.group(2)), MONTHS[month.group(1).lower()]
            return y, f"{y}-01/{y}-{mo:02d}"
        if label:
            y = int(label.group(1))
            return y, f"{y}-01/{y}-{label.group(2)}"
    if span:
        a, b = int(span.group(1)), int(span.group(2))
        dated = [y for y in _years(front_text) if a <= y <= b and y != a]
        dates = re.findall(rf"\b(?:{_MONTH_ALT})\s+({YEAR})\b|({YEAR})-\d\d-\d\d", front_text.lower())
        doc_years = [int(x or z) for x, z in dates if a <= int(x or z) <= b]
        year = max(doc_years) if doc_years else (min(dated) if dated else a)
        return year, f"{a}-01/{b}-12"
    ys = _years(title)
    if ys:
        return ys[-1], str(ys[-1])
    if label:
        return int(label.group(1)), label.group(1)
    ys = _years(front_text)
    if ys:
        y = Counter(ys).most_common(1)[0][0]
        return y, str(y)
    return None, None


def _title(cover: list[tuple[float, str]], doc: DocumentModel) -> str:
    """The lines in the largest type of the cover, joined (a title may wrap over lines)."""
    if cover:
        top = max(size for size, _ in cover)
        parts = [t for size, t in cover if size >= top * 0.9][:3]
        title = re.sub(r"\s*[-–]\s*$", "", " ".join(parts)).strip()
        if title:
            return title
    meta_title = (doc.raw.metadata or {}).get("title") or ""
    return meta_title.strip() or display_path(Path(doc.path).stem)


def detect_metadata(doc: DocumentModel) -> DocumentMeta:
    front = [doc.page(n) for n in range(1, min(FRONT_PAGES, doc.page_count) + 1)]
    body = body_size(front)
    cover: list[tuple[float, str]] = []
    for p in front:
        cover = _cover_lines(p, body)
        if cover:
            break
    title = _title(cover, doc)
    front_text = "\n".join(p.text for p in front)
    scan_text = "\n".join(doc.page(n).text for n in range(1, min(SCAN_PAGES, doc.page_count) + 1))
    doc_type = _doc_type(title) or _doc_type(front_text[:2000]) or V.DOC_TYPE_OTHER
    municipality, code = detect_municipality(scan_text)
    if municipality is None:
        municipality, code = detect_municipality(display_path(Path(doc.path).stem).replace("-", " ").title())
    year, period = _period(doc_type, title, front_text)
    organ = _organ(front, [t for _, t in cover])
    return DocumentMeta(
        title=title,
        municipality=municipality,
        municipality_code=code,
        organ=organ,
        organ_canonical=canonical_organ(organ),
        doc_type=doc_type,
        year=year,
        period=period,
        page_count=doc.page_count,
    )
