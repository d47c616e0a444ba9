"""Metrics for a command when ``[metrics]`` asks for them [io: a socket, a file].

``monitor run`` serves them (``[metrics] listen``); the one-shot commands (``ingest``,
``digest``, ``send``) write them to ``[metrics] textfile`` as they end, for node_exporter's
textfile collector. Without ``[metrics]`` nothing is imported: prometheus_client is for the
commands that use it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.app import Monitor

log = logging.getLogger("monitor")


@contextmanager
def observed(monitor: Monitor, *, serve: bool = False) -> Iterator[None]:
    """Give ``monitor`` a ``Metrics`` observer for the block if ``[metrics]`` is set; ``serve``
    (the daemon): serve ``/metrics`` and ``/healthz`` meanwhile, else write the textfile at
    the end."""
    settings = monitor.config.metrics
    listen = settings.listen if serve else None
    textfile = None if serve else settings.textfile
    if listen is None and textfile is None:
        yield
        return
    from monitor.ops.metrics import Metrics

    metrics = Metrics()
    monitor.observer = metrics
    metrics.refresh(monitor.store)
    if listen is not None:
        from monitor.ops.serve import Endpoint

        with Endpoint(listen, metrics.registry, monitor.health):
            yield
        return
    try:
        yield
    finally:
        if textfile is not None:
            try:
                metrics.write_textfile(textfile)
            except OSError as exc:
                log.error("cannot write the metrics to %s: %s", textfile, exc.strerror or exc)
