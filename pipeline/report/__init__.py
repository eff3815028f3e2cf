"""The static HTML QA report (`kpi report`): every extracted value on a picture of its page region.

:func:`pipeline.report.build.build_report` writes it; :mod:`~pipeline.report.pages` lays out a
document's values by page region, :mod:`~pipeline.report.boxes` finds each value's own box and
the header and label it is printed under, :mod:`~pipeline.report.regions` renders the region
pictures and :mod:`~pipeline.report.crops` an issue's region with PyMuPDF,
:mod:`~pipeline.report.checks` runs the consistency checks, :mod:`~pipeline.report.html` fills
the templates in ``templates/``.
"""
