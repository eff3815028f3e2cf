"""The rewording procedure of the held-out pair set (issue 18), fixed before the matcher ran on it.

Each operation rewrites a printed name the way a council's next plan rewrites it.  They were
written from the kinds of drift the issue names and from reading real plans, **not** from the
matcher's output: the set measures the matcher, so the matcher may not shape it.  The word list
that compound splitting uses is built from the printed names themselves and the Kolada catalogue
titles (:func:`lexicon`), not from :mod:`kpi.pipeline.match`.

Operations that keep the meaning (the pair is labelled ``same``):

``compound_split``   a compound printed as its parts: "Långtidsfrånvaro" -> "frånvaro, långtid",
                     "Nettokostnadsavvikelse" -> "nettokostnad avvikelse",
                     "Personalkostnader" -> "Kostnader för personal"
``inflect``          a word in another form: definite/indefinite, plural definite
                     ("Andel" -> "Andelen", "tolkar" -> "tolkarna", "Antalet" -> "Antal")
``drop_paren``       a parenthetical dropped: "(%)", "(HME)", "(åa)"
``notation``         a number, unit or sign written another way: "%" <-> "procent",
                     "kr/inv" -> "kronor per invånare", "0–20" -> "0-20", "1,0" -> "1", "±" -> "+/-"
``reorder``          the parts around a comma swapped ("Nettokostnad bibliotek, kr/invånare" ->
                     "kr/invånare, nettokostnad bibliotek")
``target_change``    the target a name carries changed ("ska uppgå till minst 32%" -> "... 35%"):
                     the same indicator with next year's target

Operations that change the meaning (the reworded name replaces the original, labelled
``different``):

``swap_group``       a population or provider swapped (kvinnor/män, barn/vuxna, HVB/familjehem,
                     tolk/översättare, kommunala/fristående, 0-12/13-20 år …)
``swap_measure``     what is measured swapped (Antal/Andel, Nettokostnad/Kostnad, besökare/deltagare)
``change_number``    a defining number changed (an age, "inom 3 år" -> "inom 4 år") — not a target
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")
FUNCTION_WORDS = frozenset(
    [
        "och",
        "i",
        "för",
        "av",
        "med",
        "som",
        "till",
        "på",
        "om",
        "inom",
        "vid",
        "per",
        "från",
        "under",
        "efter",
        "ska",
        "eller",
        "det",
        "den",
        "de",
        "en",
        "ett",
        "är",
        "att",
        "har",
        "kan",
        "som",
        "till",
        "samt",
        "mot",
        "utan",
        "genom",
        "över",
        "upp",
        "ut",
        "in",
    ]
)
"""Words that are no part of a compound's meaning (a verb's particle: "genomgått" is no
"genom" + "gått")."""
COMPOUND_HEAD_MIN = 3
COMPOUND_TAIL_MIN = 4
COMPOUND_WORD_MIN = 9

INFLECTIONS: tuple[tuple[str, str], ...] = (
    ("Andelen", "Andel"),
    ("Andel", "Andelen"),
    ("Antalet", "Antal"),
    ("Antal", "Antalet"),
)
"""Leading measure words in their other form (definite <-> indefinite)."""
PLURAL_ENDINGS = ("ar", "er", "or")
"""An indefinite plural noun ("tolkar", "besökare" excluded: ends in -e) gets the definite -na."""
DEFINITE_SINGULAR = (("ning", "en"), ("het", "en"), ("tion", "en"), ("del", "en"))

NOTATIONS: tuple[tuple[str, str], ...] = (
    (" procent", " %"),
    ("%", " procent"),
    ("kr/invånare", "kronor per invånare"),
    ("kr/inv", "kr per invånare"),
    ("antal/1000 inv", "antal per 1 000 invånare"),
    ("–", "-"),
    ("±", "+/-"),
    ("+/-", "±"),
    (",0 ", " "),
    ("(%)", "%"),
    (" - ", " – "),
)
"""Notation pairs (left -> right); the first that applies is used."""
TARGET_WORDS = ("minst", "högst", "understiga", "överstiga", "uppgå till", "lägst")
"""Words after which a number is the name's target, not part of its definition."""

GROUP_SWAPS: tuple[tuple[str, str], ...] = (
    ("kvinnor", "män"),
    ("män", "kvinnor"),
    ("flickor", "pojkar"),
    ("barn", "vuxna"),
    ("vuxna", "barn"),
    ("HVB", "familjehem"),
    ("familjehem", "HVB"),
    ("tolkar", "översättare"),
    ("tolk", "översättare"),
    ("översättare", "tolkar"),
    ("kommunala", "fristående"),
    ("gymnasieskola", "grundskola"),
    ("grundskola", "gymnasieskola"),
    ("hemtjänst", "särskilt boende"),
    ("bibliotek", "simhall"),
    ("simhall", "bibliotek"),
    ("Hammenhögsbadet", "Tobisviksbadet"),
    ("Tobisviksbadet", "Sankt Olofsbadet"),
    ("Sankt Olofsbadet", "Hammenhögsbadet"),
    ("Nolhaga slott", "Gräfsnäs"),
    ("Gräfsnäs", "Nolhaga slott"),
    ("missbruk", "försörjningsstöd"),
    ("försörjningsstöd", "missbruk"),
    ("personalkostnader", "lokalkostnader"),
    ("Personalkostnader", "Lokalhyror"),
    ("intäkter", "kostnader"),
    ("Intäkter", "Kostnader"),
    ("kostnader", "intäkter"),
    ("Förskola", "Fritidshem"),
    ("Fritidshem", "Förskola"),
    ("Grundskola", "Förskoleklass"),
)
MEASURE_SWAPS: tuple[tuple[str, str], ...] = (
    ("Antal", "Andel"),
    ("Andel", "Antal"),
    ("Nettokostnad", "Kostnad"),
    ("Kostnad", "Intäkt"),
    ("besökare", "deltagare"),
    ("deltagare", "besökare"),
    ("Sjukfrånvaro", "Personalomsättning"),
    ("nettokostnader", "intäkter"),
    ("resultat", "budget"),
)

Op = Callable[[str, random.Random], str | None]


def lexicon(names: Iterable[str]) -> frozenset[str]:
    """Words (lower case) of the printed names and the Kolada catalogue titles."""
    words = {w.lower() for n in names for w in WORD.findall(n)}
    with open(ROOT / "extractors/data/kpi_catalogue.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            words.update(w.lower() for w in WORD.findall(r["name"]))
    return frozenset(w for w in words if len(w) >= COMPOUND_HEAD_MIN)


def _replace_word(s: str, old: str, new: str) -> str | None:
    pat = re.compile(rf"(?<![\wåäöÅÄÖ]){re.escape(old)}(?![\wåäöÅÄÖ])")
    out, n = pat.subn(new, s, count=1)
    return out if n else None


def op_compound_split(lex: frozenset[str]) -> Op:
    def op(s: str, r: random.Random) -> str | None:
        for w in sorted(WORD.findall(s), key=len, reverse=True):
            if len(w) < COMPOUND_WORD_MIN:
                continue
            low = w.lower()
            for i in range(COMPOUND_HEAD_MIN, len(low) - COMPOUND_TAIL_MIN + 1):
                head, tail = low[:i], low[i:]
                if tail not in lex:
                    continue
                stem = head[:-1] if head.endswith("s") and head[:-1] in lex else head
                if stem not in lex or stem in FUNCTION_WORDS:
                    continue
                form = r.randrange(3)
                if form == 0:
                    new = f"{stem} {tail}"
                    new = new[:1].upper() + new[1:] if w[:1].isupper() else new
                    return _replace_word(s, w, new)
                if form == 1:
                    new = f"{tail} för {stem}"
                    new = new[:1].upper() + new[1:] if w[:1].isupper() else new
                    return _replace_word(s, w, new)
                rest = _replace_word(s, w, tail[:1].upper() + tail[1:] if w[:1].isupper() else tail)
                return f"{rest}, {stem}" if rest else None
        return None

    return op


def op_inflect(s: str, r: random.Random) -> str | None:
    for a, b in INFLECTIONS:
        if s.startswith(a + " "):
            return b + s[len(a) :]
    words = [
        m.group(0)
        for m in WORD.finditer(s)
        if len(m.group(0)) >= 5
        and m.group(0).lower() not in FUNCTION_WORDS
        and not re.search(r"\d\s*$", s[: m.start()])  # "60 dagar" stays
    ]
    r.shuffle(words)
    for w in words:
        if w.endswith(PLURAL_ENDINGS):
            return _replace_word(s, w, w + "na")
        for end, suffix in DEFINITE_SINGULAR:
            if w.endswith(end):
                return _replace_word(s, w, w + suffix)
    return None


def op_drop_paren(s: str, r: random.Random) -> str | None:
    out = re.sub(r"\s*\([^()]*\)", "", s, count=1).strip()
    return out if out != s and out else None


def op_notation(s: str, r: random.Random) -> str | None:
    for a, b in NOTATIONS:
        m = re.search(re.escape(a) + (r"(?![\wåäöÅÄÖ])" if a[-1].isalnum() else ""), s)
        if m:
            return s[: m.start()] + b + s[m.end() :]
    return None


def op_reorder(s: str, r: random.Random) -> str | None:
    parts = s.split(", ")
    if len(parts) != 2 or not parts[1]:
        return None
    return f"{parts[1][:1].upper()}{parts[1][1:]}, {parts[0][:1].lower()}{parts[0][1:]}"


def op_target_change(s: str, r: random.Random) -> str | None:
    m = re.search(rf"\b(?:{'|'.join(TARGET_WORDS)})\s+(\d+)", s)
    if not m:
        return None
    n = int(m.group(1))
    new = n + r.choice((-3, -2, -1, 1, 2, 3)) if n > 3 else n + 1
    return s[: m.start(1)] + str(new) + s[m.end(1) :]


def _swap(pairs: tuple[tuple[str, str], ...]) -> Op:
    def op(s: str, r: random.Random) -> str | None:
        for a, b in pairs:
            out = _replace_word(s, a, b)
            if out:
                return out
        return None

    return op


def op_change_number(s: str, r: random.Random) -> str | None:
    for m in re.finditer(r"\d+", s):
        before = s[: m.start()].rstrip()
        if before.endswith(TARGET_WORDS) or re.search(r"(?:19|20)\d\d", m.group(0)):
            continue  # a target, or a year (next year's plan names its own year)
        n = int(m.group(0))
        return s[: m.start()] + str(n + (1 if n < 10 else 5)) + s[m.end() :]
    return None


def same_ops(lex: frozenset[str]) -> dict[str, Op]:
    return {
        "compound_split": op_compound_split(lex),
        "inflect": op_inflect,
        "drop_paren": op_drop_paren,
        "notation": op_notation,
        "reorder": op_reorder,
        "target_change": op_target_change,
    }


DIFFERENT_OPS: dict[str, Op] = {
    "swap_group": _swap(GROUP_SWAPS),
    "swap_measure": _swap(MEASURE_SWAPS),
    "change_number": op_change_number,
}


def reword(name: str, ops: dict[str, Op], r: random.Random, k: int) -> tuple[str, list[str]]:
    """``name`` rewritten by up to ``k`` of ``ops`` (in random order, each applied at most once)."""
    names = list(ops)
    r.shuffle(names)
    done: list[str] = []
    for op in names:
        if len(done) == k:
            break
        out = ops[op](name, r)
        if out and out != name:
            name, done = out, [*done, op]
    return name, done
