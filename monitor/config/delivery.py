"""The ``[digest]``, ``[output]`` and ``[email]`` sections of the config: when digests are made
and where they go. ``config.parse_config`` calls the parsers with its checker, which names the
file and the key in every error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.config.check import MINUTES_A_YEAR, Checker
from monitor.digest.schedule import parse_schedule, parse_timezone

SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class DigestConfig:
    schedule: str = "daily 07:00"  # "daily HH:MM", "weekly mon HH:MM" or "every Nh"
    timezone: str = "UTC"
    ingest_every: int = 15  # minutes between ingest runs of `monitor run`
    send_empty: bool = False  # mail a digest that has no articles
    scheduled: bool = False  # the file sets schedule: a daemon is expected to run it


@dataclass(frozen=True)
class OutputConfig:
    dir: Path | None = None  # no file delivery when unset
    formats: tuple[str, ...] = ("html", "markdown")
    base_url: str = ""  # where dir is served, for absolute links in the Atom feed


@dataclass(frozen=True)
class EmailConfig:
    host: str = ""  # no e-mail delivery when unset
    port: int = 25
    security: str = "none"  # "starttls" | "ssl" | "none"
    username: str = ""
    password_env: str = "MONITOR_SMTP_PASSWORD"
    sender: str = "monitor@localhost"  # the `from` key
    recipients: tuple[str, ...] = ()  # the `to` key


def parse_digest(check: Checker, table: Mapping[str, Any]) -> DigestConfig:
    check.keys(table, "digest", {"schedule", "timezone", "ingest_every", "send_empty"})
    default = DigestConfig()
    config = DigestConfig(
        schedule=check.string(table, "schedule", "digest") or default.schedule,
        timezone=check.string(table, "timezone", "digest") or default.timezone,
        ingest_every=check.integer(
            table, "ingest_every", "digest", default.ingest_every, 1, MINUTES_A_YEAR
        ),
        send_empty=check.boolean(table, "send_empty", "digest", default.send_empty),
        scheduled="schedule" in table,
    )
    try:
        zone = parse_timezone(config.timezone)
    except ValueError as exc:
        raise check.error("digest.timezone", f"names an {exc}") from None
    try:
        parse_schedule(config.schedule, zone)
    except ValueError as exc:
        raise check.error("digest.schedule", f"is wrong: {exc}") from None
    return config


def parse_output(check: Checker, table: Mapping[str, Any], base: Path) -> OutputConfig:
    check.keys(table, "output", {"dir", "formats", "base_url"})
    directory = check.string(table, "dir", "output")
    formats = OutputConfig().formats
    if "formats" in table:
        formats = tuple(check.list(table, "formats", "output"))
        if not formats or not set(formats) <= {"html", "markdown"}:
            raise check.error("output.formats", 'must list "html" and/or "markdown"')
    return OutputConfig(
        dir=base / Path(directory).expanduser() if directory else None,
        formats=formats,
        base_url=check.string(table, "base_url", "output"),
    )


def parse_email(check: Checker, table: Mapping[str, Any], readers: bool = False) -> EmailConfig:
    """``readers``: the config has ``[[subscribers]]``, so ``to`` may be empty."""
    check.keys(
        table, "email", {"host", "port", "security", "username", "password_env", "from", "to"}
    )
    default = EmailConfig()
    security = check.string(table, "security", "email") or default.security
    if security not in SECURITY:
        raise check.error(
            "email.security", f"must be one of {', '.join(SECURITY)}, not {security!r}"
        )
    recipients = tuple(check.list(table, "to", "email")) if "to" in table else ()
    if not all(isinstance(r, str) and "@" in r for r in recipients):
        raise check.error("email.to", "must be a list of e-mail addresses")
    host = check.string(table, "host", "email")
    if host and not recipients and not readers:
        raise check.error("email.to", "must name at least one recipient when host is set")
    return EmailConfig(
        host=host,
        port=check.integer(table, "port", "email", default.port, 1, 65535),
        security=security,
        username=check.string(table, "username", "email"),
        password_env=check.string(table, "password_env", "email") or default.password_env,
        sender=check.string(table, "from", "email") or default.sender,
        recipients=recipients,
    )
