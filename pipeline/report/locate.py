"""Finding each document's PDF again: by its recorded path, else by content under given folders.

A warehouse stores the path a PDF was ingested from (relative to where `kpi ingest` ran) and the
SHA-256 of its bytes.  A file is accepted only when its hash is the document's id, so a moved,
renamed or replaced file never shows crops of the wrong document.
"""

from __future__ import annotations

from pathlib import Path

from kpi.pipeline.discover import discover, sha256_file


class PdfLocator:
    """Resolves doc ids to PDF files; hashes files under ``roots`` only when needed, once each."""

    def __init__(self, bases: list[Path], roots: list[Path]) -> None:
        self.bases = bases  # folders a relative source_path may be relative to
        self.roots = roots  # folders searched by content
        self._by_hash: dict[str, Path] | None = None
        self._by_name: dict[str, list[Path]] | None = None

    def _index_names(self) -> dict[str, list[Path]]:
        if self._by_name is None:
            candidates, _problems = discover(list(self.roots)) if self.roots else ([], [])
            self._by_name = {}
            for c in candidates:
                self._by_name.setdefault(Path(c.path).name.lower(), []).append(Path(c.path))
        return self._by_name

    def _index_hashes(self) -> dict[str, Path]:
        if self._by_hash is None:
            self._by_hash = {}
            for paths in self._index_names().values():
                for p in paths:
                    self._by_hash.setdefault(_hash(p) or "", p)
        return self._by_hash

    def find(self, doc_id: str, source_path: str | None) -> Path | None:
        """The PDF whose bytes hash to ``doc_id``, or None."""
        if source_path:
            sp = Path(source_path)
            for cand in [sp] if sp.is_absolute() else [sp, *(b / sp for b in self.bases)]:
                if cand.is_file() and _hash(cand) == doc_id:
                    return cand
            for cand in self._index_names().get(sp.name.lower(), []):
                if _hash(cand) == doc_id:
                    return cand
        return self._index_hashes().get(doc_id)


def _hash(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None
