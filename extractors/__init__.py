"""PDF -> records: the page model, document metadata and one recognizer per layout family.

Extractors never import the warehouse: they turn one PDF into plain records
(:mod:`kpi.extractors.records`) that cross process boundaries cheaply.
"""

EXTRACTOR_VERSION = "0.2.0"
"""Bump when extraction output changes: documents loaded by an older version are re-extracted."""
