"""Log lines for a terminal, a journal or a log shipper [io: the environment, stderr].

Every message is escaped, so that nothing a file name or a feed carries (a newline, an escape
sequence) can forge a line or reach the terminal raw. On the systemd journal (``$JOURNAL_STREAM``
names our stderr) a line is ``monitor: LEVEL: message``: the journal adds the time; anywhere else
the time (UTC) comes first after ``monitor:``. ``--log-format json`` writes one JSON object a
line (``time``, ``level``, ``logger``, ``message``, ``traceback`` when there is one), ASCII only.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from monitor.names import printable

FORMAT = "monitor: %(levelname)s: %(message)s"
TIMED = "monitor: %(asctime)s %(levelname)s: %(message)s"


class EscapingFormatter(logging.Formatter):
    """A formatter that escapes the rendered message (its arguments included) before use; a
    traceback shown by ``--debug`` is left as it is."""

    converter = staticmethod(time.gmtime)  # type: ignore[assignment]  # UTC, said with a Z

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = printable(record.message)
        return super().formatMessage(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry)  # ASCII: no control or bidi character reaches a terminal raw


class _Stderr(logging.StreamHandler):
    """A handler writing to whatever ``sys.stderr`` is now (a test's capture, a redirection)."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001
        pass


def on_journal(env: Mapping[str, str], stderr_fd: int) -> bool:
    """Whether stderr is the journal: ``$JOURNAL_STREAM`` is its ``device:inode`` (a child
    whose stderr was redirected inherits the variable, not the journal)."""
    device, _, inode = env.get("JOURNAL_STREAM", "").partition(":")
    try:
        found = os.fstat(stderr_fd)
        return (found.st_dev, found.st_ino) == (int(device), int(inode))
    except (OSError, ValueError):
        return False


#: Libraries whose warnings say, without naming the page, what monitor's own line for it says
#: ("discarding data: None" beside "page.html: no article text found in the HTML page").
QUIETED = ("trafilatura", "htmldate", "courlan", "justext")


def setup_logging(
    level: int, log_format: str = "text", env: Mapping[str, str] = os.environ
) -> None:
    """Every log record goes to stderr, one escaped line each."""
    handler = _Stderr()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        journal = on_journal(env, _fileno(sys.stderr))
        handler.setFormatter(EscapingFormatter(FORMAT if journal else TIMED, "%Y-%m-%dT%H:%M:%SZ"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quieted = logging.NOTSET if level <= logging.DEBUG else logging.ERROR  # --debug: all
    for name in QUIETED:
        logging.getLogger(name).setLevel(quieted)


def _fileno(stream: object) -> int:
    try:
        return stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # a test's capture has no descriptor
        return -1
