"""The static HTML QA report (`kpi report`): every extracted value on a picture of its page region.

:func:`kpi.pipeline.report.build.build_report` writes it; :mod:`~kpi.pipeline.report.pages` lays out a
document's values by page region, :mod:`~kpi.pipeline.report.boxes` finds each value's own box and
the header and label it is printed under, :mod:`~kpi.pipeline.report.regions` renders the region
pictures and :mod:`~kpi.pipeline.report.crops` an issue's region with PyMuPDF,
:mod:`~kpi.pipeline.report.checks` runs the consistency checks, :mod:`~kpi.pipeline.report.html` fills
the templates in ``templates/``.
"""
