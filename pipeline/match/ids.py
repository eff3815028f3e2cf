"""Stable indicator ids, derived from content, never from row order.

* An indicator with a Kolada code: ``kolada:<code>`` (national: the same code in every municipality).
* Otherwise: ``<municipality>-<hash>``, the hash of the municipality and the chronologically first
  printed occurrence (name and goal context).  Documents are ordered by (year, period, doc_id), so
  shuffling the input or re-running gives the same ids; ids change only when an earlier document
  arrives or a researcher merges two indicators.
"""

from __future__ import annotations

import hashlib
import re

from kpi.pipeline.match.matcher import MatchResult

HASH_LENGTH = 12
"""Hex digits of the SHA-1 kept in a name-derived id."""


def _slug(block: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", block.lower()).strip("_") or "unknown"


def indicator_ids(result: MatchResult) -> dict[int, str]:
    """Cluster root -> indicator id for every cluster of ``result``."""
    occs = result.occurrences
    ids: dict[int, str] = {}
    taken: dict[str, int] = {}
    roots = sorted(
        result.clusters.roots(), key=lambda r: min(occs[m].sort_key for m in result.clusters.data[r].members)
    )
    for root in roots:
        c = result.clusters.data[root]
        first = min(c.members, key=lambda m: occs[m].sort_key)
        o = occs[first]
        if c.codes:
            base = f"kolada:{min(c.codes)}"
        else:
            digest = hashlib.sha1(
                f"{o.block}|{' '.join(o.name.split())}|{o.section_path or ''}".encode()
            ).hexdigest()
            base = f"{_slug(o.block)}-{digest[:HASH_LENGTH]}"
        iid = base
        if iid in taken:  # same first name twice (a researcher kept two apart): tell them apart by document
            iid = f"{base}~{o.doc_id[:8]}"
        taken[iid] = root
        ids[root] = iid
    return ids
