"""The cache file of normalized Kolada titles: the same titles as computing them, and never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi.pipeline.match import names, suggest


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(suggest.CACHE_ENV, str(tmp_path))
    suggest.catalogue.cache_clear()
    yield tmp_path / suggest.CACHE_FILE
    suggest.catalogue.cache_clear()


def _computed() -> tuple:
    import csv

    rows = csv.DictReader(suggest._catalogue_text().splitlines(keepends=True))
    return tuple((r["concept"], r["name"], names.normalize_name(r["name"])) for r in rows if r.get("name"))


def _fresh():
    suggest.catalogue.cache_clear()
    return suggest.catalogue()


def _no_normalizing(monkeypatch):
    def refuse(text):
        raise AssertionError("normalized although the cache was valid")

    monkeypatch.setattr(suggest, "normalize_name", refuse)


def test_cache_holds_exactly_the_computed_titles(cache, monkeypatch):
    first = suggest.catalogue()
    assert cache.exists()
    assert first == _computed()
    _no_normalizing(monkeypatch)
    assert _fresh() == first


def test_a_changed_normalizer_or_catalogue_is_computed_again(cache, monkeypatch):
    suggest.catalogue()
    # the normalizer's code or vocabulary changes: its source is part of the key
    real_key = suggest.normalizer_key
    monkeypatch.setattr(suggest, "normalizer_key", lambda text: "x" + real_key(text))
    calls = []
    real = suggest.normalize_name
    monkeypatch.setattr(suggest, "normalize_name", lambda t: calls.append(t) or real(t))
    assert _fresh() == _computed() and calls
    # and the new key is what the file holds now
    monkeypatch.setattr(suggest, "normalize_name", lambda t: (_ for _ in ()).throw(AssertionError(t)))
    assert _fresh() == _computed()
    monkeypatch.setattr(suggest, "normalizer_key", real_key)
    text = suggest._catalogue_text()
    assert real_key(text) != real_key(text.replace("andel", "andelen", 1))


def test_normalizer_key_follows_the_normalizer_source(tmp_path, monkeypatch):
    text = suggest._catalogue_text()
    before = suggest.normalizer_key(text)
    changed = tmp_path / "vocabulary.py"
    source = Path(suggest.vocabulary_module.__file__).read_text(encoding="utf-8")
    changed.write_text(source + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(suggest.vocabulary_module, "__file__", str(changed))
    assert suggest.normalizer_key(text) != before


@pytest.mark.parametrize("content", ["", "{not json", '{"key": 1}', '{"titles": [[1]], "key": "k"}'])
def test_damaged_cache_is_recomputed(cache, content):
    cache.write_text(content, encoding="utf-8")
    assert _fresh() == _computed()


def test_damaged_cache_with_the_right_key_is_recomputed(cache):
    suggest.catalogue()
    key = suggest.normalizer_key(suggest._catalogue_text())
    cache.write_text(f'{{"key": "{key}", "titles": [["a", "b", 3]]}}', encoding="utf-8")
    assert _fresh() == _computed()


def test_unwritable_or_disabled_cache_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(suggest.CACHE_ENV, str(blocker / "sub"))
    assert _fresh() == _computed()
    monkeypatch.setenv(suggest.CACHE_ENV, "")
    assert suggest.cache_dir() is None
    assert _fresh() == _computed()
    suggest.catalogue.cache_clear()


def test_no_names_no_catalogue(monkeypatch):
    monkeypatch.setattr(suggest, "catalogue", lambda: (_ for _ in ()).throw(AssertionError("loaded")))
    assert suggest.suggest([]) == []
