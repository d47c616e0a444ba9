"""The ``[metrics]`` and ``[alerts]`` sections of the config: where ``monitor run`` serves
``/metrics`` and ``/healthz``, the textfile one-shot commands write their metrics to, and who
is mailed when monitor itself goes wrong."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.config.check import Checker
from monitor.config.delivery import EmailConfig

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class MetricsConfig:
    listen: tuple[str, int] | None = None  # (address, port); None: no HTTP endpoint
    textfile: Path | None = None  # one-shot commands write their metrics here


def parse_metrics(check: Checker, table: Mapping[str, Any], base: Path) -> MetricsConfig:
    check.keys(table, "metrics", {"listen", "textfile"})
    listen = check.string(table, "listen", "metrics")
    textfile = check.string(table, "textfile", "metrics")
    return MetricsConfig(
        listen=_address(check, listen) if listen else None,
        textfile=base / Path(textfile).expanduser() if textfile else None,
    )


def _address(check: Checker, text: str) -> tuple[str, int]:
    """``"127.0.0.1:9464"``, ``"[::1]:9464"``, or a port alone (loopback): (address, port)."""
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or LOOPBACK
    try:
        ipaddress.ip_address(host)
        number = int(port)
    except ValueError:
        raise check.error(
            "metrics.listen", f'must be "ADDRESS:PORT" such as "127.0.0.1:9464", not {text!r}'
        ) from None
    if not 0 < number < 65536:
        raise check.error("metrics.listen", f"needs a port from 1 to 65535, not {number}")
    return host, number


@dataclass(frozen=True)
class AlertsConfig:
    to: tuple[str, ...] = ()  # no alarm mail when empty
    feeds_down_hours: int = 6  # every feed failing this long is an incident


def parse_alerts(check: Checker, table: Mapping[str, Any], email: EmailConfig) -> AlertsConfig:
    check.keys(table, "alerts", {"to", "feeds_down_hours"})
    to = tuple(check.list(table, "to", "alerts")) if "to" in table else ()
    if not all(isinstance(address, str) and "@" in address for address in to):
        raise check.error("alerts.to", "must be a list of e-mail addresses")
    if to and not email.host:
        raise check.error("alerts.to", "needs [email] host: the alarm is mailed through it")
    hours = check.integer(table, "feeds_down_hours", "alerts", 6, 1, 24 * 366)
    return AlertsConfig(to, hours)
