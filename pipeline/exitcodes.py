"""The exit statuses of the ``kpi`` command, as documented in the README."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a ``kpi`` command's exit status tells a script."""

    OK = 0  # everything asked for was done; every document ok or skipped
    FAILURE = 1  # some document failed or is partial, a query failed, or a remote service did not answer
    USAGE = 2  # bad arguments or input files: nothing was done
    BUSY = 3  # another process writes to the warehouse (see --wait)
    INTERRUPTED = 130  # Ctrl-C or SIGTERM: what was finished is committed
