"""Generate the labelled pair set for indicator matching (run once; the CSVs are committed).

    python tests/match/make_labelled.py

Two sources:

* ``gold``: the real 2019 and 2020 Tyresö plans (``samples/gold/indicators.csv``) with the pairs a
  person ties by reading them (the wording drift between the plans) and the near misses between them;
* ``variant`` groups: two consecutive "plans" of one municipality built from real Kolada catalogue
  titles of one operating area.  The later plan prints each title reworded (abbreviated, reordered,
  definite forms, agreement endings, punctuation, hyphenation, typos, organ phrases, legends,
  years), drops some, adds new ones and adds *near-miss traps*: other catalogue titles that differ
  in one word, a number range, a negation or a measure (the hard "different" cases).  Some groups
  also print the same generic name under two goals, and siblings side by side in one document.

Outputs ``tests/match/data/labelled_occurrences.csv`` (one row per printed value) and
``tests/match/data/labelled_pairs.csv`` (group, both occurrences, label same/different, kind, ops).
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "data"
SEED = 20240601
GROUPS = 36
TITLES_PER_GROUP = 22
TRAPS_PER_GROUP = 6

ABBREVIATIONS = [
    ("individ- och familjeomsorgen", "IFO"),
    ("individ- och familjeomsorg", "IFO"),
    ("hem för vård eller boende", "HVB"),
    ("HVB-hem", "HVB"),
    ("särskilt boende", "SÄBO"),
    ("svenska för invandrare", "SFI"),
    ("samordnad individuell plan", "SIP"),
    ("hållbart medarbetarengagemang", "HME"),
    ("Medarbetarengagemang", "HME"),
    ("ekonomiskt bistånd", "ekonomiskt bistånd (försörjningsstöd)"),
]
FILLERS = [
    (" i ", " inom "),
    (" för ", " avseende "),
    (" om ", " gällande "),
    (" med ", " med "),
    (" inom ", " i "),
]
GOALS = [
    "Trygga - hela livet > Nämndmål: Insatserna ger positiv förändring för individen",
    "Delaktiga - tillsammans > Nämndmål: Brukarna är delaktiga i utformningen av insatsen",
    "I balans > Nämndmål: Verksamheten utvecklas med välfärdsteknik",
    "Attraktiv arbetsgivare > Kommunen har engagerade medarbetare",
    "Hållbar ekonomi > Verksamheten bedrivs inom tilldelad ram",
    "Kvalitet > Utlovade kvalitets- och servicenivåer är uppfyllda",
]
GENERIC = [
    "Etablerad samverkan med externa aktörer – minst en etablering är ”JA” (JA:1 Nej:0)",
    "Aktuell rutin finns och är känd av personalen, (Ja=1, Nej=0)",
    "Andel uppfyllda åtaganden i handlingsplanen",
]
ORGANS = ["Socialnämnden", "Äldrenämnden", "Barn- och utbildningsnämnden", "Vård- och omsorgsnämnden"]


# ------------------------------------------------------------------ name variants (reworded)
def op_case(s: str, r: random.Random) -> str:
    return s.lower() if r.random() < 0.5 else s[:1].upper() + s[1:].lower()


def op_punct(s: str, r: random.Random) -> str:
    choice = r.randrange(3)
    if choice == 0:
        return s.replace(",", "")
    if choice == 1:
        return s.rstrip(".") + "."
    return s.replace(" - ", ": ").replace(", ", " - ", 1)


def op_reorder(s: str, r: random.Random) -> str:
    m = re.match(r"(.+?),\s*(andel|antal)\b\s*(\(%\))?(.*)$", s, flags=re.IGNORECASE)
    if m:
        head = m.group(2).capitalize()
        if r.random() < 0.4:
            head += "en" if head == "Andel" else "et"
        return f"{head} {m.group(1)[:1].lower()}{m.group(1)[1:]} {m.group(4)}".strip()
    parts = s.split(", ")
    if len(parts) >= 2 and "(" not in s:
        return ", ".join(
            [parts[-1][:1].upper() + parts[-1][1:], parts[0][:1].lower() + parts[0][1:], *parts[1:-1]]
        )
    return s


def op_definite(s: str, r: random.Random) -> str:
    for a, b in (
        ("Antal ", "Antalet "),
        ("Andel ", "Andelen "),
        ("Antalet ", "Antal "),
        ("Andelen ", "Andel "),
    ):
        if s.startswith(a):
            return b + s[len(a) :]
    return s


# Swedish noun number/definiteness agreement: (ending, replacements) for common noun classes.
AGREEMENT = [
    ("ingar", ("ing", "ingarna")),
    ("ing", ("ingar", "ingen")),
    ("heter", ("het", "heterna")),
    ("het", ("heter", "heten")),
    ("are", ("arna", "aren")),
    ("tion", ("tioner", "tionen")),
    ("tioner", ("tion", "tionerna")),
    ("else", ("elser", "elsen")),
    ("elser", ("else", "elserna")),
]


def op_agreement(s: str, r: random.Random) -> str:
    words = s.split(" ")
    cands = [
        (k, end, reps)
        for k, w in enumerate(words)
        if w.isalpha() and w.islower()
        for end, reps in AGREEMENT
        if w.endswith(end) and len(w) - len(end) >= 3
    ]
    if not cands:
        return s
    k, end, reps = r.choice(cands)
    words[k] = words[k][: -len(end)] + r.choice(reps)
    return " ".join(words)


def op_abbrev(s: str, r: random.Random) -> str:
    for long, short in ABBREVIATIONS:
        if long.lower() in s.lower():
            return re.sub(re.escape(long), short, s, count=1, flags=re.IGNORECASE)
    return s


def op_organ(s: str, r: random.Random) -> str:
    return s.rstrip(".") + r.choice(
        (
            " inom socialtjänsten",
            " inom individ- och familjeomsorgen",
            " inom äldreomsorgen",
            " inom förvaltningen",
        )
    )


def op_filler(s: str, r: random.Random) -> str:
    a, b = r.choice(FILLERS)
    return s.replace(a, b, 1)


def op_hyphen(s: str, r: random.Random) -> str:
    return re.sub(r"(\w)- och ", r"\1 och ", s, count=1) if "- och " in s else s.replace("-", " ", 1)


def op_typo(s: str, r: random.Random) -> str:
    words = s.split(" ")
    cands = [k for k, w in enumerate(words) if w.isalpha() and len(w) >= 8]
    if not cands:
        return s
    k = r.choice(cands)
    w = words[k]
    p = r.randrange(2, len(w) - 2)
    words[k] = w[:p] + w[p + 1 :] if r.random() < 0.5 else w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    return " ".join(words)


def op_legend(s: str, r: random.Random) -> str:
    if "(Ja=1, Nej=0)" in s:
        return s.replace("(Ja=1, Nej=0)", r.choice(("(1= JA, 0= NEJ)", "(JA:1 Nej:0)", "")))
    if "(%)" in s:
        return s.replace("(%)", "").replace(" ,", ",").strip(" ,")
    return s + r.choice((" (Ja=1, Nej=0)", " (%)")) if r.random() < 0.3 else s


def op_drop_word(s: str, r: random.Random) -> str:
    words = s.split(" ")
    cands = [
        k
        for k, w in enumerate(words)
        if w.lower()
        in {"kommunens", "kommunala", "totalt", "samtliga", "alla", "hållbart", "genomsnittlig", "aktuell"}
    ]
    if not cands:
        return s
    del words[r.choice(cands)]
    return " ".join(words)


OPS = {
    f.__name__[3:]: f
    for f in (
        op_case,
        op_punct,
        op_reorder,
        op_definite,
        op_agreement,
        op_abbrev,
        op_organ,
        op_filler,
        op_hyphen,
        op_typo,
        op_legend,
        op_drop_word,
    )
}


def variant(s: str, r: random.Random) -> tuple[str, list[str]]:
    """A reworded printing of ``s`` with 1-3 operations that change it."""
    for _ in range(20):
        ops = r.sample(sorted(OPS), r.choice((1, 2, 2, 3)))
        out = s
        applied = []
        for op in ops:
            new = OPS[op](out, r)
            if new != out:
                out, applied = new, [*applied, op]
        if applied and out != s:
            return out, applied
    return s.lower(), ["case"]


# ------------------------------------------------------------------ catalogue
def catalogue() -> list[dict]:
    with open(ROOT / "extractors/data/kpi_catalogue.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] and len(r["name"]) < 160]
    return rows


def unit_of(title: str) -> str:
    t = title.lower()
    if "(ja=" in t or "ja=1" in t:
        return "bool"
    if "andel" in t or "(%)" in t:
        return "percent"
    if "antal" in t:
        return "count"
    if "kr/" in t or " kr" in t:
        return "kr"
    return "index"


def value_for(unit: str, r: random.Random) -> float:
    return {
        "bool": float(r.randint(0, 1)),
        "percent": round(r.uniform(5, 95), 1),
        "count": float(r.randint(1, 400)),
        "kr": float(r.randint(500, 90000)),
        "index": float(r.randint(40, 95)),
    }[unit]


def fmt(v: float, unit: str) -> str:
    if unit == "percent":
        return f"{v:.1f} %".replace(".", ",")
    return f"{v:g}"


# ------------------------------------------------------------------ writers
class Writer:
    def __init__(self) -> None:
        self.occ: list[dict] = []
        self.pairs: list[dict] = []

    def add(
        self,
        group: str,
        doc: str,
        year: int,
        muni: tuple[str, str],
        organ: str,
        goal: str,
        name: str,
        code: str | None,
        unit: str,
        values: dict[int, float],
        target: float | None,
    ) -> dict:
        base = {
            "group": group,
            "doc_id": doc,
            "year": year,
            "municipality": muni[1],
            "municipality_code": muni[0],
            "organ": organ,
            "section_path": goal,
            "indicator_name": name,
            "kolada_code": code or "",
            "unit": unit,
        }
        for period, v in sorted(values.items()):
            self.occ.append(
                {
                    **base,
                    "value_kind": "outcome",
                    "period": str(period),
                    "value_num": v,
                    "value_raw": fmt(v, unit),
                }
            )
        if target is not None:
            self.occ.append(
                {
                    **base,
                    "value_kind": "target",
                    "period": str(year),
                    "value_num": target,
                    "value_raw": fmt(target, unit),
                }
            )
        if not values and target is None:
            self.occ.append(
                {
                    **base,
                    "value_kind": "target",
                    "period": str(year),
                    "value_num": "",
                    "value_raw": "Ökning från föregående mätning",
                }
            )
        return base

    def pair(self, group: str, a: dict, b: dict, label: str, kind: str, ops: list[str] | tuple = ()) -> None:
        self.pairs.append(
            {
                "group": group,
                "doc_a": a["doc_id"],
                "name_a": a["indicator_name"],
                "section_a": a["section_path"],
                "doc_b": b["doc_id"],
                "name_b": b["indicator_name"],
                "section_b": b["section_path"],
                "label": label,
                "kind": kind,
                "ops": "+".join(ops),
            }
        )


def gold_group(w: Writer) -> None:
    """The real Tyresö plans 2019 and 2020, with the pairs a reader ties."""
    with open(ROOT / "samples/gold/indicators.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["doc_id"].startswith("tyreso-namndplan")]
    seen: dict[tuple, dict] = {}
    for r in rows:
        key = (r["doc_id"], r["indicator_name"], r["section_path"])
        base = {
            "group": "gold",
            "doc_id": r["doc_id"],
            "year": int(r["doc_year"]),
            "municipality": "Tyresö",
            "municipality_code": "0138",
            "organ": r["organ"],
            "section_path": r["section_path"],
            "indicator_name": r["indicator_name"],
            "kolada_code": r["kolada_code"],
            "unit": r["unit"],
        }
        seen.setdefault(key, base)
        kind = "outcome" if r["value_kind"] == "baseline" else r["value_kind"]
        w.occ.append(
            {
                **base,
                "value_kind": kind,
                "period": r["period"],
                "value_num": r["value_num"],
                "value_raw": r["value_raw"],
            }
        )
    by_name = {(b["doc_id"][17:21], b["indicator_name"]): b for b in seen.values()}
    same = [
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende ledarskap",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Ledarskapsindex",
        ),
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende styrning",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Styrningsindex",
        ),
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende motivation",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Motivationsindex",
        ),
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Totalindex",
        ),
        ("Korttidsfrånvaro inom individ- och familjeomsorgen", "Sjukfrånvaro kort (< 60 dagar)"),
        ("Långtidsfrånvaro inom individ- och familjeomsorgen", "Sjukfrånvaro lång (= > 60 dagar)"),
        (
            "Andel verksamheter enligt verksamhetsområdet individ- och familjeomsorgs driftbudget som bedrivs "
            "inom budgeterad ram",
            "Andel verksamheter enligt verksamhetsområdets driftbudget som bedrivs inom budgeterat ram",
        ),
        (
            "Andel verksamheter enligt verksamhetsområdet individ- och familjeomsorgs driftbudget med "
            "prognossäkerhet (differensen mellan prognosen och utfallet som andel av omsättning) i augusti inom ±1 %",
            "Andel verksamhetsområden med prognossäkerhet augusti inom +/- 1,0 %",
        ),
    ]
    different = [
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende ledarskap",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Styrningsindex",
        ),
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende styrning",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Ledarskapsindex",
        ),
        (
            "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende motivation",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Totalindex",
        ),
        ("Korttidsfrånvaro inom individ- och familjeomsorgen", "Sjukfrånvaro lång (= > 60 dagar)"),
        (
            "Snittantal placeringar av unga 13-18 år i HVB-hem",
            "Antal helårsplaceringar på HVB-hem för barn och unga 13-20 år för året",
        ),
        (
            "Snittantal placeringar av unga 13-18 år i HVB-hem",
            "Antal dygn på HVB-hem för barn och unga 13-20 år för året",
        ),
        (
            "Snittpris per dygn för placeringar av unga 13-18 år i HVB-hem",
            "Antal dygn på HVB-hem för barn och unga 13-20 år för året",
        ),
        (
            "Andel placeringar av unga 13-18 år i arvoderade familjehem",
            "Antal placeringar i konsulentstödda jourhem för barn 0-12 år",
        ),
        (
            "Personalomsättning inom individ- och familjeomsorgen",
            "Medarbetarengagemang (HME) individ- och familjeomsorg - Totalindex",
        ),
        (
            "Andel verksamheter enligt verksamhetsområdet individ- och familjeomsorgs driftbudget som bedrivs "
            "inom budgeterad ram",
            "Andel verksamhetsområden med prognossäkerhet augusti inom +/- 1,0 %",
        ),
    ]
    for label, pairs in (("same", same), ("different", different)):
        for a, b in pairs:
            w.pair("gold", by_name[("2019", a)], by_name[("2020", b)], label, "gold")


def variant_group(
    w: Writer,
    g: int,
    titles_by_area: dict[str, list[dict]],
    all_titles: list[dict],
    munis: list[tuple[str, str]],
    r: random.Random,
) -> None:
    group = f"v{g:02d}"
    area = r.choice([a for a, ts in titles_by_area.items() if len(ts) >= TITLES_PER_GROUP + TRAPS_PER_GROUP])
    pool = titles_by_area[area][:]
    r.shuffle(pool)
    base = pool[:TITLES_PER_GROUP]
    rest = list(pool[TITLES_PER_GROUP:]) + [t for t in all_titles if t not in pool]
    muni, organ = r.choice(munis), r.choice(ORGANS)
    year = r.randint(2016, 2022)
    doc_a, doc_b = f"{group}-plan-{year}", f"{group}-plan-{year + 1}"
    printed_code = r.random() < 0.3  # some plans print Kolada codes, most do not

    a_rows: dict[str, dict] = {}
    for t in base:
        unit = unit_of(t["name"])
        v = value_for(unit, r)
        goal = r.choice(GOALS)
        a_rows[t["concept"]] = w.add(
            group,
            doc_a,
            year,
            muni,
            organ,
            goal,
            t["name"],
            t["concept"] if printed_code and r.random() < 0.5 else None,
            unit,
            {year - 1: v} if r.random() < 0.7 else {},
            value_for(unit, r),
        )
        a_rows[t["concept"]]["_v"] = v
    kept = [t for t in base if r.random() < 0.85]
    for t in kept:
        a = a_rows[t["concept"]]
        name, ops = variant(t["name"], r)
        unit = a["unit"]
        goal = a["section_path"] if r.random() < 0.7 else r.choice(GOALS)
        values = {year: value_for(unit, r)}
        if r.random() < 0.5 and "_v" in a:
            values[year - 1] = a["_v"]  # last year's outcome printed again
        code = t["concept"] if r.random() < 0.15 else None
        b = w.add(group, doc_b, year + 1, muni, organ, goal, name, code, unit, values, value_for(unit, r))
        w.pair(group, a, b, "same", "variant", ops)
    # near-miss traps: the most similar other titles, printed in the later plan
    base_names = {t["name"] for t in base}
    traps = 0
    for t in r.sample(base, len(base)):
        if traps >= TRAPS_PER_GROUP:
            break
        near = max(
            (u for u in rest if u["name"] not in base_names),
            key=lambda u: fuzz.token_sort_ratio(u["name"], t["name"]),
        )
        if fuzz.token_sort_ratio(near["name"], t["name"]) < 70:
            continue
        rest.remove(near)
        unit = unit_of(near["name"])
        a = a_rows[t["concept"]]
        name = near["name"] if r.random() < 0.5 else variant(near["name"], r)[0]
        b = w.add(
            group,
            doc_b,
            year + 1,
            muni,
            organ,
            a["section_path"],
            name,
            None,
            unit,
            {year: value_for(unit, r), year - 1: value_for(unit, r)} if r.random() < 0.5 else {},
            value_for(unit, r),
        )
        w.pair(group, a, b, "different", "trap")
        traps += 1
    # new names in the later plan
    for t in rest[:3]:
        unit = unit_of(t["name"])
        w.add(
            group,
            doc_b,
            year + 1,
            muni,
            organ,
            r.choice(GOALS),
            t["name"],
            None,
            unit,
            {},
            value_for(unit, r),
        )
    # a generic name under two goals in both plans: tied goal by goal
    if g % 3 == 0:
        gen = GENERIC[g % len(GENERIC)]
        goals = r.sample(GOALS, 3)
        a1 = w.add(group, doc_a, year, muni, organ, goals[0], gen, None, "bool", {}, 1.0)
        a2 = w.add(group, doc_a, year, muni, organ, goals[1], gen, None, "bool", {}, 1.0)
        b1 = w.add(group, doc_b, year + 1, muni, organ, goals[0], gen, None, "bool", {}, 1.0)
        b3 = w.add(group, doc_b, year + 1, muni, organ, goals[2], gen, None, "bool", {}, 1.0)
        w.pair(group, a1, b1, "same", "generic")
        w.pair(group, a2, b1, "different", "generic")
        w.pair(group, a1, b3, "different", "generic")
        w.pair(group, a2, b3, "different", "generic")


def main() -> None:
    r = random.Random(SEED)
    cat = catalogue()
    by_area: dict[str, list[dict]] = defaultdict(list)
    for t in cat:
        by_area[t["operating_area"]].append(t)
    with open(ROOT / "extractors/data/municipalities.csv", newline="", encoding="utf-8") as fh:
        munis = [(row[k1], row[k2]) for row in csv.DictReader(fh) for k1, k2 in [tuple(list(row)[:2])]]
    w = Writer()
    gold_group(w)
    for g in range(GROUPS):
        variant_group(w, g, by_area, cat, munis, r)
    OUT.mkdir(parents=True, exist_ok=True)
    cols = [
        "group",
        "doc_id",
        "year",
        "municipality",
        "municipality_code",
        "organ",
        "section_path",
        "indicator_name",
        "kolada_code",
        "unit",
        "value_kind",
        "period",
        "value_num",
        "value_raw",
    ]
    with open(OUT / "labelled_occurrences.csv", "w", newline="", encoding="utf-8") as fh:
        cw = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        cw.writeheader()
        cw.writerows(w.occ)
    with open(OUT / "labelled_pairs.csv", "w", newline="", encoding="utf-8") as fh:
        cw = csv.DictWriter(fh, fieldnames=list(w.pairs[0]))
        cw.writeheader()
        cw.writerows(w.pairs)
    print(
        f"{len(w.occ)} value rows, {len(w.pairs)} labelled pairs "
        f"({sum(p['label'] == 'same' for p in w.pairs)} same)"
    )


if __name__ == "__main__":
    main()
