"""``monitor store check`` and ``monitor store salvage`` on real SQLite files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from monitor.errors import ExitCode


def _monitor(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _damage(database: Path) -> None:
    """Overwrite a few 4 KiB pages in the middle of the file, as a failing disk would."""
    data = bytearray(database.read_bytes())
    for page in range(2, len(data) // 4096 - 1, 3):
        data[page * 4096 : page * 4096 + 4096] = b"\xa5" * 4096
    database.write_bytes(bytes(data))


def test_check_says_sound_then_damaged_and_salvage_copies_what_can_be_read(tmp_path, own_pages):
    ingest = _monitor("--state-dir", "state", "ingest", "--no-feeds", "--seeds", str(own_pages),
                      cwd=tmp_path)  # fmt: skip
    assert ingest.returncode == ExitCode.OK, ingest.stderr
    sound = _monitor("--state-dir", "state", "store", "check", cwd=tmp_path)
    assert sound.returncode == ExitCode.OK and "is sound" in sound.stdout
    _damage(tmp_path / "state" / "monitor.sqlite3")
    damaged = _monitor("--state-dir", "state", "store", "check", cwd=tmp_path)
    assert damaged.returncode == ExitCode.STATE, damaged.stderr
    assert "damaged" in damaged.stderr and "store salvage" in damaged.stderr
    assert "Traceback" not in damaged.stderr
    salvaged = _monitor("--state-dir", "state", "store", "salvage", "--into", "new", cwd=tmp_path)
    assert salvaged.returncode in (ExitCode.OK, ExitCode.PARTIAL), salvaged.stderr
    assert "Salvaged" in salvaged.stdout
    again = _monitor("--state-dir", "new", "store", "check", cwd=tmp_path)
    assert again.returncode == ExitCode.OK, again.stdout + again.stderr


def test_store_without_an_action_says_what_to_do(tmp_path):
    done = _monitor("--state-dir", "state", "store", cwd=tmp_path)
    assert done.returncode == ExitCode.USAGE and "ACTION" in done.stderr
