"""The DuckDB warehouse: schema and migrations, the loader, read helpers and the Python API."""
