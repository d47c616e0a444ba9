"""``--jsonl`` for the text commands: one article per line in, one result per line out, so a
batch pays the start-up once.

A line is a JSON object: ``text`` (required), ``title``, ``hints`` (a list of strings) and
``id`` (any JSON value, given back as it came). Each line gets exactly one line out, in order:
the result with its ``id``, or ``{"line": N, "id": ..., "error": "..."}`` for a line that
cannot be read; the error is also logged (one line, never quoting the input) and the command
ends with exit 7 once every line has been answered. Blank lines are skipped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from monitor.cli.stdin import MAX_BYTES
from monitor.errors import ExitCode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One article of a ``--jsonl`` batch."""

    title: str
    text: str
    hints: tuple[str, ...]
    id: Any = None


class BadLine(ValueError):
    """A line that is no article; the message never quotes the line."""


def parse_line(raw: bytes) -> Record:
    """The article on one line of a ``--jsonl`` batch (``BadLine`` when there is none)."""
    if len(raw) > MAX_BYTES:
        raise BadLine(f"over {MAX_BYTES // (1024 * 1024)} MB")
    try:
        found = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 (invalid byte at offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(found, dict):
        raise BadLine("not a JSON object")
    text, title, hints = found.get("text"), found.get("title", ""), found.get("hints", [])
    if not isinstance(text, str) or not text.strip():
        raise BadLine('no "text" string')
    if not isinstance(title, str):
        raise BadLine('"title" is not a string')
    if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
        raise BadLine('"hints" is not a list of strings')
    return Record(title.strip(), text.strip(), tuple(hints), found.get("id"))


def numbered_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line that is not blank."""
    for number, raw in enumerate(stream, start=1):
        if raw.strip():
            yield number, raw


def answer_each(
    stream: BinaryIO, out: TextIO, answer: Callable[[Record], dict[str, Any]]
) -> ExitCode:
    """One JSON line on ``out`` for each article line of ``stream``: ``answer``'s result with
    the article's ``id``, or the line's error; exit 7 if any line was bad, else 0."""
    bad = 0
    for number, raw in numbered_lines(stream):
        try:
            record = parse_line(raw)
        except BadLine as exc:
            bad += 1
            log.error("line %d: %s; skipped", number, exc)
            result: dict[str, Any] = {"line": number, "id": _id_of(raw), "error": str(exc)}
        else:
            result = {"id": record.id, **answer(record)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return ExitCode.INPUT if bad else ExitCode.OK


def _id_of(raw: bytes) -> Any:
    """The ``id`` of a line that is a JSON object with one, else None."""
    try:
        found = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    return found.get("id") if isinstance(found, dict) else None
