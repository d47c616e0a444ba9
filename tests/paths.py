"""Where things are: the project, and ``../shared`` beside it (seed pages, evaluation sets).

Tests reach ``../shared`` through the ``shared`` fixture (conftest.py), which fails loudly when it
is missing: CI always has it, so a missing folder is a broken checkout, not a reason to skip.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
FEEDS_CORPUS = EVAL / "feeds"
REALISTIC_FEEDS = FEEDS_CORPUS / "realistic"
SUMMARY_EVAL = EVAL / "summaries"


def require_shared(path: Path = SHARED) -> Path:
    """``path`` under ``../shared``; the test fails, saying what is missing, if it is not there."""
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the tests need ../shared beside the project (as CI has it)",
            pytrace=False,
        )
    return path


def summary_records(count: int) -> list[dict]:
    """The first ``count`` articles of each summary evaluation set (CNN/DM, BBC), as records."""
    records = []
    for name in ("cnndm", "bbc"):
        path = require_shared(SUMMARY_EVAL / f"{name}_dev.jsonl")
        with path.open(encoding="utf-8") as lines:
            records += [json.loads(line) for line in islice(lines, count)]
    return records
