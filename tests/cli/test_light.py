"""Light commands stay light: ``--help``, ``feeds``, ``articles``, ``deliveries`` and ``status``
import no analysis (numpy, sumy), no metrics client and no scheduler (a real process each)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from monitor.cli.main import DIGEST_FORMATS
from monitor.digest.render import TEMPLATES

HEAVY = ("numpy", "sumy", "prometheus_client", "apscheduler")
PROBE = """
import sys
from monitor.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(",".join(m for m in {heavy!r} if m in sys.modules), file=sys.__stderr__)
"""


@pytest.mark.parametrize(
    "argv", [["--help"], ["feeds"], ["articles"], ["deliveries"], ["status"], ["status", "--json"]]
)
def test_a_light_command_imports_nothing_heavy(tmp_path, argv):
    config = tmp_path / "monitor.toml"
    config.write_text("feeds = []\n[seeds]\npaths = []\n", encoding="utf-8")
    common = ["--config", str(config), "--state-dir", str(tmp_path / "state")]
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv, *common],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr


def test_the_parser_offers_every_digest_format():
    assert sorted(DIGEST_FORMATS) == sorted(TEMPLATES)
