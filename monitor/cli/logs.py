"""Log lines for a terminal or a journal: every message escaped, so that nothing a file name or a
feed carries (a newline, an escape sequence) can forge a line or reach the terminal raw."""

from __future__ import annotations

import logging
import sys

from monitor.names import printable

FORMAT = "monitor: %(levelname)s: %(message)s"


class EscapingFormatter(logging.Formatter):
    """A formatter that escapes the rendered message (its arguments included) before use; a
    traceback shown by ``--debug`` is left as it is."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = printable(record.message)
        return super().formatMessage(record)


class _Stderr(logging.StreamHandler):
    """A handler writing to whatever ``sys.stderr`` is now (a test's capture, a redirection)."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001
        pass


def setup_logging(level: int) -> None:
    """Every log record goes to stderr, one escaped line each."""
    handler = _Stderr()
    handler.setFormatter(EscapingFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
