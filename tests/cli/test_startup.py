"""Light commands import only what they use: no numerical, summarising, parsing, templating or
scheduling library at start (``tests/bench/startup.py`` measures the time this saves)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("numpy", "sumy", "nltk", "jinja2", "apscheduler", "requests", "feedparser", "trafilatura")
PROBE = """
import sys
from monitor.cli.main import main
code = main(sys.argv[1:])
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("command", [["feeds"], ["articles"], ["deliveries"], ["store", "check"]])
def test_a_light_command_imports_no_heavy_library(tmp_path, command):
    (tmp_path / "monitor.toml").write_text("feeds = []\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), "--state-dir", "state", *command],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "", f"imported: {done.stdout.splitlines()[-1]}"


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_no_heavy_library(flag):
    probe = (
        "import sys\nfrom monitor.cli.main import main\n"
        f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip() == "", f"imported: {done.stderr.strip()}"
