"""A small Kolada API v3 client with a local cache, filling the values CSV format.

Endpoints used (JSON; lists under ``values``, more pages under ``next_url``):

* ``GET {base}/data/kpi/{kpi}/municipality/{municipality}`` -> rows
  ``{"kpi", "municipality", "period", "values": [{"gender", "count", "status", "value"}]}``;
* ``GET {base}/kpi/{kpi}`` -> ``{"values": [{"id", "title", ...}]}`` for the title.

Every response is cached as a file named by the SHA-256 of its URL; a cached response younger than
``max_age`` seconds is used without asking the network, and an older one is used when the network
fails.  Tests pass a local ``base_url`` (a stdlib server on 127.0.0.1) or an ``opener``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection
from importlib import resources
from pathlib import Path
from typing import Any

from kpi.pipeline.kolada.values import KoladaValue

BASE_URL = "https://api.kolada.se/v3"
TIMEOUT = 30.0
"""Seconds one request may take."""
MAX_AGE = 7 * 24 * 3600.0
"""Seconds a cached response is used without asking the network."""
MAX_PAGES = 200
"""A guard against a server that keeps sending next_url."""

MUNICIPALITY_CODE = re.compile(r"\d{4}")
KPI_ID = re.compile(r"[A-Z]\d{5}")
"""A Kolada KPI id (`U30202`, `N00973`)."""

Opener = Callable[[str, float], bytes]


class KoladaError(RuntimeError):
    """The API could not be reached (and nothing was cached) or answered something unreadable."""


OFFLINE_VALUES_EXAMPLE = "samples/kolada/values_tyreso_0138_ekero_0125.csv"
"""The bundled values file named in the offline message."""


class KoladaOffline(KoladaError):
    """No answer from the API and none in the cache: says where the cache is and how to go on
    offline (a values file given with ``--values``)."""

    def __init__(self, url: str, cache_dir: Path, reason: object) -> None:
        self.url, self.cache_dir, self.reason = url, cache_dir, reason
        super().__init__(
            f"cannot reach the Kolada API ({reason}) for {url}, and no earlier answer is cached in {cache_dir}; "
            "connect to the network and run again (answers are cached there for offline use), "
            "pass --cache with a folder of cached answers, "
            f"or use a Kolada values file with --values (e.g. {OFFLINE_VALUES_EXAMPLE})"
        )


JSONObject = dict[str, Any]
"""A JSON object as :func:`json.loads` returns it."""


def _cached(path: Path) -> JSONObject:
    """A cache entry (written by :meth:`KoladaClient.get_json`, so always an object)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def default_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "kpi" / "kolada"


def _urlopen(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "kpi (research)"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        body: bytes = resp.read()
    return body


def _municipality_names() -> dict[str, str]:
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return {r["kommun"]: r["name"] for r in csv.DictReader(text.splitlines(keepends=True))}


class KoladaClient:
    def __init__(
        self,
        base_url: str = BASE_URL,
        cache_dir: str | Path | None = None,
        max_age: float = MAX_AGE,
        opener: Opener | None = None,
        timeout: float = TIMEOUT,
    ):
        self.base_url = base_url.rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.max_age = max_age
        self.opener = opener or _urlopen
        self.timeout = timeout
        self.requests = 0  # network requests made (cache hits do not count)

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def get_json(self, url: str) -> JSONObject:
        """The JSON at ``url``: from a fresh cache entry, else the network, else a stale cache entry."""
        path = self._cache_path(url)
        if path.exists() and time.time() - path.stat().st_mtime <= self.max_age:
            return _cached(path)
        try:
            self.requests += 1
            body = self.opener(url, self.timeout)
            data = json.loads(body)
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            if path.exists():
                return _cached(path)
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise KoladaOffline(url, self.cache_dir, reason) from exc
        except json.JSONDecodeError as exc:
            raise KoladaError(f"{url} did not answer JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise KoladaError(f"{url} answered {type(data).__name__}, not an object")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return data

    def _pages(self, url: str) -> list[JSONObject]:
        out: list[JSONObject] = []
        for _ in range(MAX_PAGES):
            data = self.get_json(url)
            out.extend(v for v in data.get("values", []) if isinstance(v, dict))
            next_url = data.get("next_url") or data.get("next_page")
            if not next_url:
                return out
            if not isinstance(next_url, str):
                raise KoladaError(f"{url} answered a next page that is not a URL: {next_url!r}")
            url = next_url
        raise KoladaError(f"more than {MAX_PAGES} pages from {self.base_url}")

    def kpi_title(self, kpi: str) -> str:
        for v in self._pages(f"{self.base_url}/kpi/{kpi}"):
            if v.get("id") == kpi:
                return str(v.get("title") or "")
        return ""

    def values(self, kpi: str, municipality: str, years: Collection[int] | None = None) -> list[KoladaValue]:
        """Every published value of ``kpi`` for ``municipality`` (a 4-digit SCB code; see
        :func:`kpi.pipeline.kolada.municipalities.resolve_municipality` for names), all genders, of
        ``years`` (every year when None).  The answer is cached whole, so another choice of years
        needs no new request."""
        municipality = municipality.strip().zfill(4)
        if not MUNICIPALITY_CODE.fullmatch(municipality):
            raise ValueError(f"{municipality!r} is no 4-digit municipality code (resolve names first)")
        if not KPI_ID.fullmatch(kpi):
            raise ValueError(f"{kpi!r} is no Kolada KPI id (a letter and five digits, e.g. U30202)")
        title = self.kpi_title(kpi)
        name = _municipality_names().get(municipality, "")
        out: list[KoladaValue] = []
        for row in self._pages(f"{self.base_url}/data/kpi/{kpi}/municipality/{municipality}"):
            try:
                period = int(row["period"])
            except (KeyError, TypeError, ValueError):
                continue
            if years is not None and period not in years:
                continue
            for v in row.get("values") or []:
                value = v.get("value")
                out.append(
                    KoladaValue(
                        str(row.get("kpi") or kpi),
                        str(row.get("municipality") or municipality),
                        name,
                        str(v.get("gender") or "T"),
                        period,
                        float(value) if value is not None else None,
                        title,
                    )
                )
        return out
