"""Executors: ``paths -> iterator of extraction outputs``, run somewhere other than the writer.

- :class:`~kpi.pipeline.executors.local.LocalExecutor`: isolated worker processes on this machine.
- :class:`~kpi.pipeline.executors.cluster.DaskExecutor`: the same workers on a Dask cluster.
- :func:`kpi.pipeline.run.serial_executor`: in this process (library use and debugging).
"""
