"""Kolada codes proposed for uncoded indicators by matching their names with catalogue titles.

The bundled catalogue (``extractors/data/kpi_catalogue.csv``) holds Kolada titles such as
"Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), andel (%)".
A suggestion (method ``kolada_title``) is only a proposal: it goes to the review list, and a
researcher's `same` turns it into the indicator's code on the next run.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from kpi.pipeline.match import names as names_module
from kpi.pipeline.match import vocabulary as vocabulary_module
from kpi.pipeline.match.names import NormName, normalize_name
from kpi.pipeline.match.rules import name_similarity, rule_substitution, vetoes

SUGGEST_MIN = 80.0
"""Name similarity a catalogue title needs to be proposed."""
CANDIDATE_MIN = 50.0
"""First-pass (token-sorted) similarity for a title to be scored at all."""


@dataclass(frozen=True)
class Suggestion:
    kolada_code: str
    kpi_title: str
    score: float


CACHE_ENV = "KPI_CACHE_DIR"
"""Environment variable naming the folder of kpi's cache files (empty: no cache files)."""
CACHE_FILE = "kolada-titles-normalized.json"
"""The normalized catalogue titles, with the key they were computed under."""
CACHE_FORMAT = "2-1"
"""Bump when the cache file's layout changes."""

Entry = tuple[str, str, NormName]


def cache_dir() -> Path | None:
    """``$KPI_CACHE_DIR``, else ``$XDG_CACHE_HOME/kpi`` (``~/.cache/kpi``); None when disabled."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env.strip() else None
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "kpi"


def _catalogue_text() -> str:
    return resources.files("kpi.extractors.data").joinpath("kpi_catalogue.csv").read_text(encoding="utf-8")


def normalizer_key(catalogue_text: str) -> str | None:
    """What the normalized titles depend on, hashed: the catalogue, the normalizer's code and vocabulary,
    and the Unicode and Python versions; None when the normalizer's source cannot be read."""
    h = hashlib.sha256()
    for part in (CACHE_FORMAT, sys.version, unicodedata.unidata_version, catalogue_text):
        h.update(part.encode("utf-8") + b"\0")
    for module in (names_module, vocabulary_module):
        try:
            h.update(Path(module.__file__ or "").read_bytes() + b"\0")
        except OSError:
            return None
    return h.hexdigest()


def _to_json(n: NormName) -> dict[str, object]:
    """Every field of a normalized name, sets as sorted lists (whatever fields it gains)."""
    out: dict[str, object] = {}
    for f in fields(NormName):
        v = getattr(n, f.name)
        out[f.name] = sorted(v) if isinstance(v, frozenset) else list(v) if isinstance(v, tuple) else v
    return out


def _from_json(d: dict[str, object]) -> NormName:
    known = {f.name for f in fields(NormName)}
    if set(d) - known:
        raise KeyError("a field this version does not know")  # the cache is computed again
    args = {
        k: (tuple(v) if k == "tokens" else frozenset(v)) if isinstance(v, list) else v for k, v in d.items()
    }
    return NormName(**args)  # type: ignore[arg-type]


def _read_cache(path: Path, key: str) -> tuple[Entry, ...] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return tuple((code, title, _from_json(norm)) for code, title, norm in data["titles"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing, from another version, or damaged: computed again


def _write_cache(path: Path, key: str, entries: tuple[Entry, ...]) -> None:
    titles = [[code, title, _to_json(n)] for code, title, n in entries]
    data = {"key": key, "titles": titles}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk only costs the next run the same work


@lru_cache(maxsize=1)
def catalogue() -> tuple[Entry, ...]:
    """(code, title, normalized title) of every bundled catalogue KPI.

    Normalizing the 2,040 titles takes most of a second, so the result is kept in a cache file
    (:func:`cache_dir`) under a key that changes with the catalogue and with the normalizer's
    code or vocabulary.
    """
    text = _catalogue_text()
    folder = cache_dir()
    key = normalizer_key(text) if folder is not None else None
    path = folder / CACHE_FILE if folder is not None else None
    if path is not None and key is not None:
        cached = _read_cache(path, key)
        if cached is not None:
            return cached
    rows = csv.DictReader(text.splitlines(keepends=True))
    entries = tuple((r["concept"], r["name"], normalize_name(r["name"])) for r in rows if r.get("name"))
    if path is not None and key is not None:
        _write_cache(path, key, entries)
    return entries


def suggest(names: list[NormName], workers: int = -1) -> list[Suggestion | None]:
    """The best catalogue title for each name, or None when none is close enough."""
    if not names:
        return []
    cat = catalogue()
    if not cat:
        return [None] * len(names)
    sim = process.cdist(
        [n.sorted_text for n in names],
        [c[2].sorted_text for c in cat],
        scorer=fuzz.ratio,
        dtype=np.uint8,
        score_cutoff=CANDIDATE_MIN,
        workers=workers,
    )
    out: list[Suggestion | None] = []
    for r, n in enumerate(names):
        best: Suggestion | None = None
        for c in np.argsort(sim[r])[-5:]:
            if sim[r, c] == 0:
                continue
            code, title, norm = cat[int(c)]
            if vetoes(n, norm):
                continue
            score = name_similarity(n, norm) + rule_substitution(n, norm)[0]
            if score >= SUGGEST_MIN and (best is None or score > best.score):
                best = Suggestion(code, title, round(score, 2))
        out.append(best)
    return out
