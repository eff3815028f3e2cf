"""Swedish-aware normalization of printed indicator names for matching.

The printed name stays untouched in the warehouse; this module derives a *comparison form*:

1. NFC, lower case, typographic quotes and dashes unified;
2. answer legends ("(Ja=1, Nej=0)") and unit parentheticals ("andel (%)") removed;
3. organ phrases ("inom individ- och familjeomsorgen") taken out and kept as tags;
4. abbreviations and their long forms rewritten to one token (HME, HVB, SFI, ...);
5. hyphenation and punctuation turned into spaces, decimal zeros dropped ("1,0" -> "1"),
   years (1990-2099) dropped (a plan's "under 2019" becomes "under 2020" next year);
6. definite forms ("Antalet" -> "antal"), compound heads ("Ledarskapsindex" -> "ledarskap
   index"), stop words and agreement endings (light suffix stripping).

All Swedish words come from :mod:`kpi.pipeline.match.vocabulary`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kpi.pipeline.match import vocabulary as V

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = dict.fromkeys(map(ord, "”“„\"'’‘´`«»"), " ")
_YEAR = re.compile(r"^(19[9]\d|20\d\d)$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PAREN = re.compile(r"\(([^()]*)\)")
_DIGIT_GROUPS = re.compile(r"(?<![\d,.])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d,.])")
"""A number printed in groups of three ("1 000 invånare") is one number."""
_WORD = re.compile(r"[a-zåäöéü0-9_]+")


def _phrase_regex(fragment: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\wåäö]){fragment}(?![\wåäö])")


_CANONICAL = tuple((_phrase_regex(f), tok) for f, tok in V.CANONICAL_PHRASES)
_PREPS = "|".join(V.ORGAN_PREPOSITIONS)
_ORGANS = tuple(
    (re.compile(rf"(?:(?<![\wåäö])([\wåäö]+)\s+)?(?<![\wåäö]){f}(?![\wåäö])"), tag)
    for f, tag in V.ORGAN_PHRASES
)
_GOAL_LABEL = re.compile(r"^(?:" + "|".join(V.GOAL_LABELS) + r")\s*\d*\s*[:.]?\s*")
_ORGAN_UNIT = re.compile(r"(?<![\wåäö])(?:" + "|".join(V.ORGAN_UNIT_WORDS) + r")\s*\d+\s*-?")
_LEGEND_WORD = re.compile(r"(?<![\wåäö])(" + "|".join(re.escape(w) for w in V.LEGEND_WORDS) + r")(?![\wåäö])")
_BOUNDS = sorted(V.TARGET_BOUNDS, key=len, reverse=True)
_TARGET = re.compile(
    rf"(?<![\wåäö])({'|'.join(map(re.escape, _BOUNDS))})"
    rf"(?:\s+(?:{'|'.join(V.TARGET_BOUND_LINKS)}))?\s+(\d+(?:[.,]\d+)?)(?![\d])"
)
_RATE = re.compile(
    rf"(?:(?<![\wåäö])(?:{'|'.join(V.RATE_UNITS)})\s*/|(?<![\wåäö]){V.RATE_WORD}\s)\s*(?:\d+\s*)?([a-zåäö]+)"
)
_HEADS = tuple(sorted(V.COMPOUND_HEADS, key=len, reverse=True))
_SUFFIXES = tuple(sorted(V.SUFFIXES, key=len, reverse=True))


@dataclass(frozen=True)
class NormName:
    """The comparison form of one printed name."""

    tokens: tuple[str, ...]
    organs: frozenset[str]
    numbers: frozenset[str]
    negated: bool
    paren_numbers: frozenset[str] = frozenset()
    """Numbers inside a parenthetical ("(18+ år)", "(6151)"): they explain, so a name without
    them may be the same indicator, but two names whose explanations differ are not."""
    target_bound: str | None = None
    """``min`` or ``max`` when the name prints its own target ("ska understiga 6%"): the target's
    number is then no part of the name (:data:`kpi.pipeline.match.vocabulary.TARGET_BOUNDS`)."""
    per: str | None = None
    """What the amount is divided by ("kr/inv", "antal per 1 000 invånare" -> "invanare"): a rate
    and a total are different measures."""
    minor_words: frozenset[str] = frozenset()
    """Stop words the name printed (folded, stemmed and as printed): not compared, but a
    compound part of the other name may be one of them ("Kommunbidrag" / "Bidrag för kommun")."""

    @property
    def text(self) -> str:
        """Tokens in printed order, space-joined (what fuzzy scorers compare)."""
        return " ".join(self.tokens)

    @property
    def sorted_text(self) -> str:
        """Tokens sorted: word-order drift does not change it."""
        return " ".join(sorted(self.tokens))


def _is_legend(inner: str) -> bool:
    """``Ja=1, Nej=0`` / ``JA:1 Nej:0`` / ``1= JA, 0= NEJ`` / ``%``: not part of the name."""
    s = inner.strip()
    if s in V.UNIT_PARENTHETICALS:
        return True
    return bool(_LEGEND_WORD.search(s)) and bool(re.search(r"\d\s*[=:]|[=:]\s*\d", s))


def _strip_legends(s: str) -> str:
    return _PAREN.sub(lambda m: " " if _is_legend(m.group(1)) else m.group(0), s)


def _number_token(m: re.Match[str]) -> str:
    raw = m.group(0).replace(",", ".")
    if "." in raw:
        raw = raw.rstrip("0").rstrip(".")
    return f" {raw.replace('.', 'd')} "


def stem(word: str) -> str:
    """Strip one agreement ending, keeping a stem of at least STEM_MIN_LENGTH letters."""
    if not word.isalpha():
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= V.STEM_MIN_LENGTH:
            return word[: -len(suf)]
    return word


def _split_compound(word: str) -> list[str]:
    for head in _HEADS:
        if word.endswith(head) and len(word) - len(head) >= V.COMPOUND_MIN_STEM:
            return [word[: -len(head)], head]
    return [word]


def ascii_fold(word: str) -> str:
    """å, ä, ö, é ... without their marks: drift in diacritics ("lang"/"lång") does not count."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def fold_text(text: str) -> str:
    """NFC, lower case, unified dashes and quotes, single spaces."""
    s = unicodedata.normalize("NFC", text or "").lower().translate(_DASHES).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> NormName:
    """The comparison form of a printed indicator name (see the module docstring)."""
    s = _strip_legends(fold_text(text))
    organs: set[str] = set()
    minor: list[str] = []

    def take_organ(tag: str) -> Callable[[re.Match[str]], str]:
        def repl(m: re.Match[str]) -> str:
            before = m.group(1) or ""
            if before in V.RELATIONAL_WORDS:  # the organ is what the name is about: keep it
                return f"{before} {tag or m.group(0)[len(m.group(1) or '') :]} "
            if tag:
                organs.add(tag)
            for w in _WORD.findall(m.group(0)[len(before) :]):
                minor.extend((ascii_fold(w), ascii_fold(stem(w))))
            return " " if before in V.ORGAN_PREPOSITIONS else f"{before} "

        return repl

    for rx, tag in _ORGANS:
        s = rx.sub(take_organ(tag), s)
    for rx, tok in _CANONICAL:
        s = rx.sub(f" {tok} ", s)
    s = _DIGIT_GROUPS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), s)
    per = {ascii_fold(stem(V.WORD_FORMS.get(m.group(1), m.group(1)))) for m in _RATE.finditer(s)}
    # a number after a bound is the name's target ("ska understiga 6%"): not part of the name
    bounds = {V.TARGET_BOUNDS[m.group(1)] for m in _TARGET.finditer(s)}
    s = _TARGET.sub(lambda m: f" {m.group(1)} ", s)
    # numbers inside a remaining parenthetical explain ("(< 60 dagar)"); outside they define
    outside = {_number_token(m).strip() for m in _NUMBER.finditer(_PAREN.sub(" ", s))}
    inside = {_number_token(n).strip() for m in _PAREN.finditer(s) for n in _NUMBER.finditer(m.group(1))}
    s = _NUMBER.sub(_number_token, s)
    s = s.replace("-", " ").replace("/", " ")
    tokens: list[str] = []
    numbers: set[str] = set()
    negated = False
    for w in _WORD.findall(s):
        if _YEAR.match(w):
            continue
        if w[0].isdigit():
            if w in outside:
                numbers.add(w)
            tokens.append(w)
            continue
        if w in V.NEGATIONS:
            negated = True
            tokens.append("ej")
            continue
        for form in V.WORD_FORMS.get(w, w).split():
            for part in _split_compound(form):
                if part in V.STOPWORDS:
                    minor += [ascii_fold(part), ascii_fold(stem(part))]
                    continue
                t = ascii_fold(stem(part))
                if not tokens or tokens[-1] != t:
                    tokens.append(t)
    if not tokens:  # a name that is only minor words or a body ("Totalt", "Förskola"): those
        tokens = sorted(organs) or list(dict.fromkeys(minor[1::2]))
    return NormName(
        tuple(tokens),
        frozenset(organs),
        frozenset(numbers),
        negated,
        frozenset(inside),
        next(iter(bounds)) if len(bounds) == 1 else None,
        min(per) if per else None,
        frozenset(minor),
    )


def normalize_context(section_path: str | None) -> str:
    """Comparison form of a goal context: the last part of the section path, normalized."""
    if not section_path:
        return ""
    last = section_path.split(" > ")[-1]
    last = _GOAL_LABEL.sub("", fold_text(last))
    return normalize_name(last).sorted_text


def normalize_organ(organ: str | None) -> tuple[str, ...]:
    """An organ as printed, split on ';' into parts, each a sorted token string (for blocking)."""
    if not organ:
        return ()
    parts = []
    for p in fold_text(organ).split(";"):
        p = _ORGAN_UNIT.sub(" ", p)
        n = normalize_name(p)
        words = sorted(set(n.tokens) | set(n.organs))
        if words:
            parts.append(" ".join(words))
    return tuple(parts)
