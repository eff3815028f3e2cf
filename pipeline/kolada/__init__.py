"""Kolada: official municipal KPI values, to check what the pipeline read from the PDFs.

:mod:`kpi.pipeline.kolada.values` reads and writes the values CSV format
(``kpi,municipality_id,municipality,gender,period,value,kpi_title``);
:mod:`kpi.pipeline.kolada.client` fills it from the Kolada API v3 (with a local cache);
:mod:`kpi.pipeline.kolada.compare` compares extracted outcomes with it.
"""
