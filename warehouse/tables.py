"""Which record fills which warehouse table, with which columns and types (records -> Arrow).

The migrations (``warehouse/migrations/*.sql``) are the truth about the warehouse's tables.  This
module maps the records kpi loads onto them, and is the only place that does:

- ``documents``: one :class:`DocumentRow` per document, built from an
  :class:`~kpi.extractors.records.ExtractionResult` by :func:`document_row`;
- every table in :data:`kpi.extractors.records.TABLES`: its record dataclass, one row per record, with
  the document's ``doc_id`` first.

A table's columns and their DuckDB types (:func:`column_types`) are derived from the record's
fields (``str`` and ``StrEnum`` -> VARCHAR, ``int`` -> INTEGER, ``float`` -> DOUBLE, ``BBox`` ->
DOUBLE[4], ``datetime`` -> TIMESTAMP, ``Annotated[int, BIGINT]`` -> BIGINT; ``X | None`` is X), and
the Arrow types from the DuckDB types, so workers convert records to Arrow without DuckDB (which
would cost each worker start-up time and tens of MB).  ``tests/warehouse/test_contract.py`` checks
every column and type against a freshly migrated warehouse.  :func:`stored_schema` reads that
warehouse's own Arrow schema (column order included, needs DuckDB) for files that must match the
warehouse column for column (the Parquet shards).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import pyarrow as pa

from kpi.extractors import domain
from kpi.extractors.paths import display_path, displayable
from kpi.extractors.records import TABLES, DocumentMeta, ExtractionResult

VARCHAR = "VARCHAR"
INTEGER = "INTEGER"
BIGINT = "BIGINT"
DOUBLE = "DOUBLE"
BOOLEAN = "BOOLEAN"
TIMESTAMP = "TIMESTAMP"
"""DuckDB's names of the column types (as ``DESCRIBE`` prints them; ``TEXT`` is ``VARCHAR``)."""

ARROW_TYPES: dict[str, pa.DataType] = {
    VARCHAR: pa.string(),
    INTEGER: pa.int32(),
    BIGINT: pa.int64(),
    DOUBLE: pa.float64(),
    BOOLEAN: pa.bool_(),
    TIMESTAMP: pa.timestamp("us"),
}
"""The Arrow type DuckDB reads and writes for each column type (``DOUBLE[n]``: see :func:`arrow_type`)."""


@dataclass
class DocumentRow:
    """A ``documents`` row: the extractor's :class:`~kpi.extractors.records.DocumentMeta` plus what the
    pipeline knows about the file and the run.  Fields are the table's columns, in its order."""

    doc_id: str
    source_path: str
    title: str | None
    municipality: str | None
    municipality_code: str | None
    organ: str | None
    doc_type: str | None
    year: int | None
    period: str | None
    page_count: int | None
    status: str
    error: str | None
    extractor_version: str
    file_size: Annotated[int, BIGINT] | None
    seconds: float
    loaded_at: datetime
    numbers_in_tables: int | None  # migration 004: the coverage accounting of the cell layer
    numbers_read: int | None
    numbers_in_charts: int | None
    organ_canonical: str | None  # migration 008: one key for the body across documents


RECORDS: dict[str, type] = {"documents": DocumentRow, **TABLES}
"""The record of every table the loader fills, by table name."""

DOCUMENT_TABLES: tuple[str, ...] = tuple(TABLES)
"""The tables of one document's extracted rows (each row carries the document's ``doc_id``)."""

_META_FIELDS = tuple(f.name for f in fields(DocumentMeta) if f.name in DocumentRow.__dataclass_fields__)
"""The :class:`~kpi.extractors.records.DocumentMeta` fields the warehouse stores (a field that no
migration has made a ``documents`` column is not loaded)."""


def document_row(result: ExtractionResult, extractor_version: str, loaded_at: datetime) -> DocumentRow:
    """The ``documents`` row of one extraction result."""
    meta = result.meta
    return DocumentRow(
        doc_id=result.doc_id,
        source_path=display_path(result.source_path),
        status=result.status,
        error=result.error,
        extractor_version=extractor_version,
        file_size=result.file_size,
        seconds=result.seconds,
        loaded_at=loaded_at,
        **{name: getattr(meta, name) for name in _META_FIELDS},
    )


def duckdb_type(hint: Any, where: str = "") -> str:
    """The DuckDB column type of a record field's (resolved) type."""
    origin = get_origin(hint)
    if origin is Annotated:
        declared = [m for m in hint.__metadata__ if isinstance(m, str)]
        return declared[0] if declared else duckdb_type(get_args(hint)[0], where)
    if origin is Union or origin is types.UnionType:
        found = {duckdb_type(a, where) for a in get_args(hint) if a is not type(None)}
        if len(found) == 1:
            return found.pop()
        raise TypeError(f"{where}: the types of {hint!r} map to several column types {sorted(found)}")
    if origin is Literal:
        return duckdb_type(Union[tuple(type(v) for v in get_args(hint))], where)  # noqa: UP007
    if origin is tuple:
        items = get_args(hint)
        if items and Ellipsis not in items and all(a is float for a in items):
            return f"{DOUBLE}[{len(items)}]"
    if isinstance(hint, type):
        for py, sql in (
            (bool, BOOLEAN),
            (int, INTEGER),
            (float, DOUBLE),
            (str, VARCHAR),
            (datetime, TIMESTAMP),
        ):
            if issubclass(hint, py):  # a StrEnum is a str; its members go in as their text
                return sql
    raise TypeError(f"{where}: no column type for {hint!r}")


def arrow_type(sql_type: str) -> pa.DataType:
    """The Arrow type of a DuckDB column type (``DOUBLE[4]`` is a fixed-size list of 4)."""
    if sql_type.endswith("]"):
        item, _, size = sql_type[:-1].partition("[")
        return pa.list_(arrow_type(item), int(size))
    return ARROW_TYPES[sql_type]


def field_types(record: type) -> dict[str, str]:
    """Field -> DuckDB type of a record dataclass, in field order."""
    if not is_dataclass(record):
        raise TypeError(f"{record!r} is not a dataclass")
    hints = get_type_hints(
        record,
        globalns=vars(sys.modules[record.__module__]),
        localns=vars(domain),  # the enums a record may name only under TYPE_CHECKING
        include_extras=True,
    )
    return {f.name: duckdb_type(hints[f.name], f"{record.__name__}.{f.name}") for f in fields(record)}


@cache
def column_types(table: str) -> dict[str, str]:
    """Column -> DuckDB type of a table the loader fills (``doc_id`` first), from its record."""
    cols = field_types(RECORDS[table])
    return cols if table == "documents" else {"doc_id": VARCHAR, **cols}


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema a table's rows are converted with (the order of :func:`column_types`).

    Converting with known types is several times faster than letting Arrow infer them (floats
    above all), and every document's table gets the same types whatever values it holds.
    """
    return pa.schema([(name, arrow_type(t)) for name, t in column_types(table).items()])


@cache
def _converters(table: str) -> tuple[pa.Schema, tuple[tuple[str, pa.DataType], ...]]:
    """The schema and its (name, type) pairs as plain Python values (pyarrow's ``Field.name``
    and ``Field.type`` build new objects on every access)."""
    schema = arrow_schema(table)
    return schema, tuple((f.name, f.type) for f in schema)


def to_arrow(result: ExtractionResult, table: str) -> pa.Table:
    """One of a result's contract tables as Arrow (column-wise, typed, no per-row dicts)."""
    schema, columns = _converters(table)
    records = getattr(result, table)
    (_, id_type), *fields_ = columns
    arrays = [pa.array([result.doc_id] * len(records), type=id_type)]
    arrays += [array([getattr(r, name) for r in records], t) for name, t in fields_]
    return pa.Table.from_arrays(arrays, schema=schema)


def array(values: list[Any], type_: pa.DataType) -> pa.Array:
    """``pa.array(values, type_)``; text that is not valid UTF-8 (a file name's bytes, a lone
    surrogate from a broken text layer) is stored in its displayable form (see
    :func:`kpi.extractors.paths.displayable`) instead of failing the conversion.  The check costs
    nothing on valid text: it runs only when Arrow refuses a value."""
    try:
        return pa.array(values, type=type_)
    except UnicodeEncodeError:
        if not pa.types.is_string(type_):
            raise
        return pa.array([displayable(v) if isinstance(v, str) else v for v in values], type=type_)


def documents_table(
    results: Sequence[ExtractionResult], extractor_version: str, loaded_at: datetime | None = None
) -> pa.Table:
    """The ``documents`` rows of some results (``loaded_at``: now, UTC, without a zone)."""
    now = loaded_at or datetime.now(UTC).replace(tzinfo=None)
    rows = [document_row(r, extractor_version, now) for r in results]
    schema, columns = _converters("documents")
    return pa.Table.from_arrays(
        [array([getattr(r, name) for r in rows], t) for name, t in columns], schema=schema
    )


@cache
def _stored_schemas() -> dict[str, pa.Schema]:
    import duckdb

    from kpi.warehouse.schema import migrate

    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        return {t: con.sql(f"SELECT * FROM {t} LIMIT 0").to_arrow_table().schema for t in RECORDS}
    finally:
        con.close()


def stored_schema(table: str) -> pa.Schema:
    """A loaded table's Arrow schema as a freshly migrated warehouse gives it (its column order).

    Read once per process from an in-memory DuckDB with the migrations applied.
    """
    return _stored_schemas()[table]
