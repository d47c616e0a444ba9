"""Failures counted by cause, told as one line per cause (pure but for the ``log`` it is given).

When many files fail for one reason (the disk is full, permission denied), the log says so once,
with the count and the first file, instead of once per file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field


@dataclass
class Causes:
    """Failures seen during one pass, by cause: ``add`` each, then ``report`` once at the end."""

    what: str  # "cannot read", "cannot store its articles"
    then: str  # "skipped", "will read it again"
    seen: dict[str, list[str]] = field(default_factory=dict)  # cause -> the names that failed

    def add(self, name: object, cause: object) -> None:
        self.seen.setdefault(str(cause), []).append(str(name))

    def lines(self) -> list[str]:
        """One line per cause: the file itself when it is alone, else the count and the first."""
        lines = []
        for cause, names in self.seen.items():
            if len(names) == 1:
                lines.append(f"{names[0]}: {self.what} ({cause}); {self.then}")
            else:
                lines.append(
                    f"{len(names)} files: {self.what} ({cause}), the first {names[0]}; {self.then}"
                )
        return lines

    def report(self, log: logging.Logger, level: int = logging.WARNING) -> None:
        for line in self.lines():
            log.log(level, "%s", line)
        self.seen.clear()


def cause_of(exc: BaseException) -> str:
    """The reason an error gives, without the file name it may carry (so that files compare)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
