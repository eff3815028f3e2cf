"""The static HTML QA report (`kpi report`): every extracted row beside a crop of its page.

:func:`pipeline.report.build.build_report` writes it; :mod:`~pipeline.report.crops` renders the
crops with PyMuPDF, :mod:`~pipeline.report.checks` runs the consistency checks,
:mod:`~pipeline.report.html` fills the templates in ``templates/``.
"""
