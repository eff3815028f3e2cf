"""Clusters of occurrences (one per canonical indicator) with the rules no merge may break.

A merge is refused when it would put two occurrences of one document into one indicator (names
printed side by side are distinct indicators; one name printed twice, under two goals, with
agreeing values, is the exception the matcher asks for), tie two different Kolada codes together, or join
two occurrences a researcher marked `different`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cluster:
    members: list[int] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)


class Clusters:
    """Union-find over occurrence indexes, keeping each cluster's documents and codes."""

    def __init__(self, docs: list[str], codes: list[str | None]):
        n = len(docs)
        self.parent = list(range(n))
        self.data: dict[int, Cluster] = {
            i: Cluster([i], {doc}, {code} if code else set())
            for i, (doc, code) in enumerate(zip(docs, codes, strict=True))
        }
        self.cannot: dict[int, set[int]] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def add_cannot_link(self, i: int, j: int) -> None:
        self.cannot.setdefault(i, set()).add(j)
        self.cannot.setdefault(j, set()).add(i)

    def why_not(self, i: int, j: int, within_document: bool = False) -> str | None:
        """The rule a merge of i's and j's clusters would break, or None (``within_document``:
        one name printed twice in one document, which may be merged)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return None
        a, b = self.data[ri], self.data[rj]
        if a.docs & b.docs and not within_document:
            return "same document"
        if len(a.codes | b.codes) > 1:
            return f"different Kolada codes ({', '.join(sorted(a.codes | b.codes))})"
        if self.cannot:
            mb = set(b.members)
            for m in a.members:
                if self.cannot.get(m, set()) & mb:
                    return "marked different by a researcher"
        return None

    def union(self, i: int, j: int, within_document: bool = False) -> str | None:
        """Merge i's and j's clusters unless a rule forbids it; returns the reason if refused."""
        why = self.why_not(i, j, within_document)
        if why:
            return why
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return None
        if len(self.data[ri].members) < len(self.data[rj].members):
            ri, rj = rj, ri
        a, b = self.data[ri], self.data.pop(rj)
        a.members.extend(b.members)
        a.docs |= b.docs
        a.codes |= b.codes
        self.parent[rj] = ri
        return None

    def roots(self) -> list[int]:
        return sorted(self.data)

    def cluster(self, i: int) -> Cluster:
        return self.data[self.find(i)]
