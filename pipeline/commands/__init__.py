"""Commands beyond the core ones: each module here registers its commands on ``pipeline.app.app``.

Adding a command family is adding a module; :mod:`pipeline.cli` imports them all.
"""
