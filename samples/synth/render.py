"""Typesetting one synthetic document (nämndplan or månadsrapport) and its ground-truth rows."""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from kpi.samples.synth.content import (
    BUDGET_ROWS,
    EVENTS,
    GOAL_AREAS,
    GOALS,
    INDICATORS,
    MONTH_SHORT,
    MONTHLY_GOALS,
    MONTHS,
    RISKS,
    Indicator,
    Organ,
    name_in_year,
    paragraph,
)
from kpi.samples.typeset import Doc

BOLD = {"helv": "hebo", "tiro": "tibo", "cour": "cobo"}
LIGHTS = {"green": (0.18, 0.62, 0.27), "yellow": (0.96, 0.77, 0.0), "red": (0.85, 0.15, 0.15)}


@functools.cache
def font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)  # type: ignore[no-untyped-call]  # pymupdf: unannotated


@functools.cache
def char_width(font_name: str, char: str) -> float:
    """Advance of one character at size 1 (base-14 fonts have no kerning, so widths add up)."""
    length = font(font_name).text_length(char, fontsize=1.0)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    return float(length)


MINUS = "\u2212"
BEYOND_LATIN1 = re.compile(r"([^\x00-\xff]+)")
"""Runs of characters the base-14 fonts' one-byte encoding lacks: U+2212, en dash, bullet …"""
UNICODE_PREFIX = "u"
"""Page font names of the embedded copies of the base-14 fonts (``uhelv``) that print them."""


Point = tuple[float, float]
Colour = tuple[float, float, float]
GoldRow = dict[str, object]
"""One row of a gold CSV, by column."""


class _BatchedPage:
    """A page whose text and lines are collected in one Shape and written once (fast typesetting).

    The base-14 fonts are set with a one-byte Latin encoding that has no U+2212, en dash or
    bullet: PyMuPDF would print a middle dot (U+00B7) instead, and the PDF would not say what the
    gold says.  Such characters are therefore set in an embedded copy of the same font (subset
    when the document is written), so the text layer carries the real characters.
    """

    def __init__(self, page: pymupdf.Page) -> None:
        self._page = page
        self._shape = page.new_shape()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        self._embedded: set[str] = set()

    def insert_text(
        self,
        point: Point,
        text: str,
        fontsize: float = 11,
        fontname: str = "helv",
        color: Colour | None = None,
        **_kw: object,
    ) -> None:
        if not BEYOND_LATIN1.search(text):
            self._shape.insert_text(point, text, fontsize=fontsize, fontname=fontname, color=color)
            return
        x, y = point
        for part in BEYOND_LATIN1.split(text):
            if not part:
                continue
            name = fontname
            if BEYOND_LATIN1.fullmatch(part):
                name = UNICODE_PREFIX + fontname
                if name not in self._embedded:
                    self._page.insert_font(fontname=name, fontbuffer=font(fontname).buffer)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
                    self._embedded.add(name)
            self._shape.insert_text((x, y), part, fontsize=fontsize, fontname=name, color=color)
            x += sum(char_width(fontname, c) for c in part) * fontsize

    def draw_line(self, p1: Point, p2: Point, width: float = 1, color: Colour = (0, 0, 0)) -> None:
        self._shape.draw_line(p1, p2)
        self._shape.finish(width=width, color=color)

    def draw_circle(
        self, center: Point, radius: float, color: Colour | None = None, fill: Colour | None = None
    ) -> None:
        self._shape.draw_circle(center, radius)
        self._shape.finish(color=color, fill=fill)

    def commit(self) -> None:
        self._shape.commit()

    def __getattr__(self, name: str) -> Any:  # everything else is the wrapped page's
        return getattr(self._page, name)


class SynthDoc(Doc):
    """The shared typesetter, measuring text as PyMuPDF renders it (å/ä/ö included), drawing in batches."""

    def new_page(self) -> pymupdf.Page:
        if isinstance(self._page, _BatchedPage):
            self._page.commit()
        page = super().new_page()
        self._page = _BatchedPage(page)  # type: ignore[assignment]
        return page

    def finish_pages(self) -> None:
        if isinstance(self._page, _BatchedPage):
            self._page.commit()
            self._page = None

    def width(self, text: str, size: float | None = None, font_name: str | None = None) -> float:
        name = font_name or self.font
        return sum(char_width(name, c) for c in text) * (size or self.size)

    @property
    def bold(self) -> str:
        return BOLD[self.font]

    def heading(self, text: str, size: float) -> None:
        self.ensure(size * 4)
        self.y += size * 0.6
        self.text(text, size=size, font=self.bold, gap_after=size * 0.3)

    def running_heads(self, left: str, right: str) -> None:
        """Letterhead and title on every page but the cover; page numbers "n (N)" at the foot."""
        self.finish_pages()
        n = self._pdf.page_count
        for i in range(n):
            page = _BatchedPage(self._pdf[i])
            if i:
                page.insert_text((self.margin, 34), left, fontsize=9, fontname=self.bold)
                w = self.width(right, 7.5)
                page.insert_text(
                    (self.page_size[0] - self.margin - w, 34), right, fontsize=7.5, fontname=self.font
                )
            foot = f"{i + 1} ({n})"
            w = self.width(foot, 8.5)
            page.insert_text(
                (self.page_size[0] - self.margin - w, self.page_size[1] - 30),
                foot,
                fontsize=8.5,
                fontname=self.font,
            )
            page.commit()

    def to_bytes(self) -> bytes:
        """Deterministic bytes (no random document id)."""
        self._pdf.subset_fonts()  # only the embedded fonts that print characters beyond Latin-1
        data: bytes = self._pdf.tobytes(garbage=3, deflate=True, no_new_id=True)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        self._pdf.close()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        return data


@dataclass
class Style:
    """How one document is set: the layout choices that vary across the archive."""

    font: str
    size: float
    margin: float
    indicator_layout: str  # bullets | table
    ruled: bool
    repeat_header: bool
    nbsp: bool  # thousands separated by NBSP instead of a space
    unicode_minus: bool

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        return cls(
            font=rng.choice(["helv", "tiro", "cour"]),
            size=rng.choice([9.0, 9.5, 10.0, 10.5, 11.0]),
            margin=rng.choice([50.0, 56.0, 62.0, 70.0]),
            indicator_layout=rng.choice(["bullets", "table"]),
            ruled=rng.random() < 0.6,
            repeat_header=rng.random() < 0.5,
            nbsp=rng.random() < 0.3,
            unicode_minus=rng.random() < 0.3,
        )


@dataclass
class Gold:
    indicators: list[GoldRow] = field(default_factory=list)
    budget: list[GoldRow] = field(default_factory=list)
    goal_status: list[GoldRow] = field(default_factory=list)
    risks: list[GoldRow] = field(default_factory=list)


@dataclass
class DocSpec:
    doc_id: str
    municipality: str
    organ: Organ
    year: int
    doc_type: str  # nämndplan | månadsrapport
    month: int | None  # report month for a månadsrapport
    seed: int
    drift_year: int


def fmt_int(v: int, st: Style) -> tuple[str, str]:
    """(printed, gold value_raw) of an integer: thousands grouped, sign as the style prints it."""
    plain = f"{abs(v):,}".replace(",", " ")
    raw = ("-" if v < 0 else "") + plain
    printed = ("−" if st.unicode_minus else "-") * (v < 0) + (
        plain.replace(" ", "\u00a0") if st.nbsp else plain
    )
    return printed, raw


def indicator_value(
    ind: Indicator, rng: random.Random, base: float, st: Style
) -> tuple[str, str, float, str]:
    """(printed, raw, number, unit) of one measured value."""
    if ind.kind in ("percent", "relative"):
        v = round(base, rng.choice([0, 1]))
        num = f"{v:g}".replace(".", ",")
        return f"{num} %", f"{num} %", v, "percent"
    if ind.kind == "bool":
        v = float(base > (ind.low + ind.high) / 2)
        return str(int(v)), str(int(v)), v, "bool"
    v = round(base)
    printed, raw = fmt_int(v, st)
    if ind.kind == "kr":
        return printed + " kr", raw + " kr", float(v), "kr"
    return printed, raw, float(v), {"days": "days", "count": "count", "index": "index"}.get(ind.kind, "count")


def _series_base(ind: Indicator, spec: DocSpec, year: int) -> float:
    """The value of an indicator in a municipality and year: a level plus a drift, stable across documents."""
    r = random.Random(f"{spec.municipality}|{spec.organ.name}|{ind.names[0]}")
    level = r.uniform(ind.low, ind.high)
    step = (ind.high - ind.low) * r.uniform(-0.04, 0.04)
    return min(ind.high, max(ind.low, level + step * (year - 2015)))


def render_plan(spec: DocSpec, muni_code: str) -> tuple[bytes, Gold]:
    rng = random.Random(spec.seed)
    st = Style.draw(rng)
    y, o = spec.year, spec.organ
    doc = SynthDoc(font=st.font, size=st.size, margin=st.margin)
    gold = Gold()
    title = f"Nämndplan {y}"
    doc.y = 260
    doc.text(title, size=26, font=doc.bold, gap_after=10)
    doc.text(f"{o.name} – {o.area}", size=15, gap_after=30)
    doc.text(f"{spec.municipality} kommun", size=12)
    doc.new_page()
    doc.heading("Verksamhet och syfte", st.size + 5)
    doc.text(paragraph(rng, 4), gap_after=6)
    doc.heading("Analys och slutsatser", st.size + 5)
    for _ in range(rng.randint(1, 3)):
        doc.text(paragraph(rng, 5), gap_after=6)
    pool = rng.sample(INDICATORS, min(len(INDICATORS), rng.randint(5, 9)))
    areas = rng.sample(GOAL_AREAS, rng.randint(2, 3))
    goals = iter(rng.sample(GOALS, len(GOALS)))
    per_area = max(1, len(pool) // len(areas))
    for ai, area in enumerate(areas):
        chunk = pool[ai * per_area : (ai + 1) * per_area] if ai < len(areas) - 1 else pool[ai * per_area :]
        if not chunk:
            continue
        doc.heading(f"Strategiskt målområde - {area}", st.size + 5)
        doc.text(paragraph(rng, 3), gap_after=6)
        goal = next(goals)
        section = f"{area} > Nämndmål: {goal}"
        rows = []
        for ind in chunk:
            name = name_in_year(ind, y, spec.drift_year)
            prev = indicator_value(ind, rng, _series_base(ind, spec, y - 1), st)
            if ind.kind == "relative":
                word = "Ökning" if ind.direction == "increase" else "Minskning"
                tgt: tuple[str, str, float | None, str] = (f"{word} från föregående mätning",) * 2 + (
                    None,
                    "text",
                )
            else:
                tgt = indicator_value(
                    ind, rng, _series_base(ind, spec, y) * (1.03 if ind.direction == "increase" else 0.95), st
                )
            rows.append((ind, name, prev, tgt))
            base = {
                "doc_id": spec.doc_id,
                "municipality": spec.municipality,
                "organ": o.name,
                "doc_type": "nämndplan",
                "doc_year": y,
                "section_path": section,
                "indicator_name": name,
                "kolada_code": ind.code if st.indicator_layout == "table" else "",
                "target_direction": "",
                "note": "",
            }
            gold.indicators.append(
                {
                    **base,
                    "value_kind": "target",
                    "period": str(y),
                    "value_raw": tgt[1],
                    "value_num": "" if tgt[2] is None else tgt[2],
                    "unit": tgt[3],
                    "target_direction": ind.direction if ind.kind == "relative" else "",
                }
            )
            kind = "baseline" if st.indicator_layout == "bullets" else "outcome"
            gold.indicators.append(
                {
                    **base,
                    "value_kind": kind,
                    "period": str(y - 1),
                    "value_raw": prev[1],
                    "value_num": prev[2],
                    "unit": prev[3],
                }
            )
        if st.indicator_layout == "bullets":
            doc.heading("Nämndmål", st.size + 2)
            doc.text(goal, gap_after=4)
            doc.text("Nämndmålet följs upp genom följande indikatorer:", gap_after=3)
            for _ind, name, prev, tgt in rows:
                doc.bullet(f"{name}. Målvärde: {tgt[0]}. {y - 1} års värde: {prev[0]}")
        else:
            doc.text(f"Nämndmål - {goal}", size=st.size + 1, font=doc.bold, gap_after=2)
            table = [["INDIKATORER", f"UTFALL {y - 1}", f"MÅL {y}"]]
            table += [
                [(f"({ind.code}) " if ind.code else "") + name, prev[0], tgt[0]]
                for ind, name, prev, tgt in rows
            ]
            w = doc.page_size[0] - 2 * doc.margin
            doc.table(
                table, [w - 150, 75, 75], ruled=st.ruled, repeat_header=st.repeat_header, size=st.size - 0.5
            )
        doc.text(paragraph(rng, 2), gap_after=6)
    _risks(doc, rng, spec, gold)
    _driftbudget(doc, rng, spec, st, gold)
    doc.running_heads(f"{spec.municipality} kommun", f"{title} – {o.name}")
    return doc.to_bytes(), gold


def _risks(doc: SynthDoc, rng: random.Random, spec: DocSpec, gold: Gold) -> None:
    doc.heading("Riskhantering", doc.size + 5)
    doc.text("Riskerna följs upp inom respektive verksamhet i månadsrapporter.", gap_after=4)
    w = doc.page_size[0] - 2 * doc.margin
    for cat, titles in RISKS.items():
        doc.text(cat, size=doc.size + 1, font=doc.bold, gap_after=2)
        rows = [["Titel", "Riskvärde", "Sannolikhet", "Konsekvens"]]
        for t in rng.sample(titles, rng.randint(1, 3)):
            p, c = rng.randint(1, 5), rng.randint(1, 5)
            shown = rng.random() < 0.5
            rows.append([t, str(p * c) if shown else "", str(p), str(c)])
            gold.risks.append(
                {
                    "doc_id": spec.doc_id,
                    "category": cat,
                    "title": t,
                    "riskvarde": p * c if shown else "",
                    "sannolikhet": p,
                    "konsekvens": c,
                    "note": "",
                }
            )
        doc.table(rows, [w - 210, 70, 70, 70], ruled=True, size=doc.size - 0.5)


def _driftbudget(doc: SynthDoc, rng: random.Random, spec: DocSpec, st: Style, gold: Gold) -> None:
    y, o = spec.year, spec.organ
    doc.heading("Driftbudget", doc.size + 5)
    caption = f"{o.short} tkr"
    rows = [[caption, "", f"Budget {y}", ""], ["", "Intäkter", "Kostnader", "Nettokostnad"]]
    totals = [0, 0, 0]
    labels = rng.sample(BUDGET_ROWS, rng.randint(5, 9))
    for label in [*labels, "Summa nettokostnad"]:
        if label == "Summa nettokostnad":
            inc, cost = totals[0], totals[1]
        else:
            inc, cost = rng.randint(0, 25_000), -rng.randint(500, 90_000)
            totals[0] += inc
            totals[1] += cost
        net = inc + cost
        row = [label]
        for measure, v in (("intakter", inc), ("kostnader", cost), ("nettokostnad", net)):
            printed, raw = fmt_int(v, st)
            row.append(printed)
            gold.budget.append(
                {
                    "doc_id": spec.doc_id,
                    "table": "driftbudget",
                    "table_title": f"Driftbudget – {caption}, Budget {y}",
                    "org_unit": label,
                    "row_label": label,
                    "measure": measure,
                    "period": str(y),
                    "amount": v,
                    "unit": "tkr",
                    "value_raw": raw,
                    "note": "summarad" if label.startswith("Summa") else "",
                }
            )
        rows.append(row)
    w = doc.page_size[0] - 2 * doc.margin
    doc.table(
        rows,
        [w - 255, 85, 85, 85],
        ruled=st.ruled,
        header_rows=2,
        repeat_header=st.repeat_header,
        size=doc.size - 0.5,
        bold_rows=(len(rows) - 1,),
    )


def render_monthly(spec: DocSpec, muni_code: str) -> tuple[bytes, Gold]:
    rng = random.Random(spec.seed)
    st = Style.draw(rng)
    y, o, m = spec.year, spec.organ, spec.month or 3
    doc = SynthDoc(font=st.font, size=st.size, margin=st.margin)
    gold = Gold()
    title = f"Månadsrapport {MONTHS[m - 1]} {y}"
    doc.y = 220
    doc.text(title, size=24, font=doc.bold, gap_after=8)
    doc.text(o.office, size=14, gap_after=24)
    doc.text(f"{spec.municipality} kommun", size=12)
    doc.new_page()
    doc.heading("Mål", st.size + 5)
    doc.text(
        "Grön: målet kommer att uppnås. Gul: målet riskerar att inte uppnås. Röd: målet uppnås inte.",
        gap_after=6,
    )
    doc.heading(f"Måluppfyllelse januari - {MONTHS[m - 1]} {y}", st.size + 4)
    for gi, goal in enumerate(rng.sample(MONTHLY_GOALS, rng.randint(2, 4)), start=1):
        doc.heading(f"{gi}. {goal}", st.size + 2)
        doc.text("Viktiga händelser", font=doc.bold, gap_after=2)
        for ev in rng.sample(EVENTS, rng.randint(2, 3)):
            doc.bullet(ev)
        doc.text("Måluppfyllelse/månad", font=doc.bold, gap_after=2)
        size = min(st.size, 9.0)
        lh = size * doc.leading
        doc.ensure(2 * (lh + 4) + lh)
        w = doc.page_size[0] - 2 * doc.margin
        cw = (w - 40) / 12
        top = doc.y
        doc.table(
            [[*MONTH_SHORT, "Trend"], [""] * 13],
            [cw] * 12 + [40],
            ruled=True,
            size=size,
            align_numbers_right=False,
        )
        cy = top + (lh + 4) * 1.5
        status = rng.choice(list(LIGHTS))
        for k in range(m):
            if rng.random() < 0.3:
                status = rng.choice(list(LIGHTS))
            doc.page.draw_circle(
                (doc.margin + cw * (k + 0.5), cy), min(4.5, lh * 0.35), color=None, fill=LIGHTS[status]
            )
            gold.goal_status.append(
                {
                    "doc_id": spec.doc_id,
                    "goal_number": str(gi),
                    "goal_title": goal,
                    "month": f"{y}-{k + 1:02d}",
                    "status": status,
                    "trend": "",
                }
            )
        doc.text("Åtgärder", font=doc.bold, gap_after=2)
        doc.bullet(rng.choice(EVENTS))
    _monthly_result(doc, rng, spec, st, gold)
    doc.running_heads(f"{spec.municipality} kommun", f"{title} – {o.office}")
    return doc.to_bytes(), gold


def _monthly_result(doc: SynthDoc, rng: random.Random, spec: DocSpec, st: Style, gold: Gold) -> None:
    y, m = spec.year, spec.month or 3
    yy, py = f"{y % 100:02d}", f"{(y - 1) % 100:02d}"
    mon = MONTH_SHORT[m - 1]
    cols = [
        ("utfall_ack", f"Utfall ack. Jan {yy} - {mon} {yy}", f"{y}-01/{y}-{m:02d}"),
        ("budget_ack", f"Budget ack Jan {yy} - {mon} {yy}", f"{y}-01/{y}-{m:02d}"),
        ("avvikelse_ack", "Avvikelse ack.", f"{y}-01/{y}-{m:02d}"),
        ("arsprognos", "Årsprognos", str(y)),
        ("arsbudget", f"Årsbudget Jan {yy} - Dec {yy}", str(y)),
        ("avvikelse", "Avvikelse", str(y)),
        ("avvikelse_mot_fg_ar", f"Avvikelse mot {y - 1}", str(y)),
        ("utfall_fg_ar", f"Utfall ack. Jan {py} - {mon} {py}", f"{y - 1}-01/{y - 1}-{m:02d}"),
    ]
    doc.heading("Ekonomi", doc.size + 4)
    doc.text(paragraph(rng, 2), gap_after=6)
    caption = "Nettokostnad per vht tkr"
    labels = rng.sample(BUDGET_ROWS, rng.randint(4, 7))
    total = f"Resultat {spec.organ.short}"
    data: dict[str, dict[str, int]] = {}
    for label in labels:
        budget = -rng.randint(5_000, 120_000)
        v = {"arsbudget": budget, "budget_ack": round(budget * m / 12)}
        v["utfall_ack"] = v["budget_ack"] + rng.randint(-3_000, 3_000)
        v["avvikelse_ack"] = v["utfall_ack"] - v["budget_ack"]
        v["arsprognos"] = budget + rng.randint(-6_000, 6_000)
        v["avvikelse"] = v["arsprognos"] - budget
        v["utfall_fg_ar"] = v["utfall_ack"] + rng.randint(-4_000, 4_000)
        v["avvikelse_mot_fg_ar"] = v["utfall_ack"] - v["utfall_fg_ar"]
        data[label] = v
    data[total] = {k: sum(d[k] for d in data.values()) for k, _, _ in cols}
    rows = [[caption] + [h for _, h, _ in cols]]
    # last year's column prints its months: it is that period's outcome (warehouse/CONTRACT.md)
    as_printed = {"utfall_fg_ar": "utfall" if m == 12 else "utfall_ack"}
    for label, v in data.items():
        row = [label]
        for measure, _, period in cols:
            printed, raw = fmt_int(v[measure], st)
            row.append(printed)
            gold.budget.append(
                {
                    "doc_id": spec.doc_id,
                    "table": "monthly_result",
                    "table_title": caption,
                    "org_unit": label,
                    "row_label": label,
                    "measure": as_printed.get(measure, measure),
                    "period": period,
                    "amount": v[measure],
                    "unit": "tkr",
                    "value_raw": raw,
                    "note": "",
                }
            )
        rows.append(row)
    w = doc.page_size[0] - 2 * doc.margin
    cw = (w - 110) / 8
    doc.table(
        rows,
        [110] + [cw] * 8,
        ruled=st.ruled,
        size=7.0,
        bold_rows=(len(rows) - 1,),
        repeat_header=st.repeat_header,
    )
