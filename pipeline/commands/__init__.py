"""Commands beyond the core ones: each module here registers its commands on ``kpi.pipeline.app.app``.

Adding a command family is adding a module; :mod:`kpi.pipeline.cli` imports them all.
"""
