"""deploy/: the systemd unit passes systemd-analyze, the example config loads, cron uses real
commands."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

from monitor.cli.main import build_parser
from monitor.config.load import load_config

DEPLOY = ROOT / "deploy"


@pytest.mark.parametrize(
    "name", ["monitor.service", "monitor-worker.service", "monitor-digest.service"]
)
def test_systemd_unit_verifies_cleanly(tmp_path, name):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    monitor = Path(sys.executable).with_name("monitor")
    assert monitor.is_file(), "the monitor script is installed beside python (pip install -e .)"
    unit = (DEPLOY / name).read_text(encoding="utf-8")
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "Restart=on-failure", "User="):
        assert option in unit
    local = tmp_path / name
    local.write_text(unit.replace("/opt/monitor/venv/bin/monitor", str(monitor)))
    done = subprocess.run(
        [analyze, "verify", str(local)], capture_output=True, text=True, timeout=60
    )
    complaints = [line for line in done.stderr.splitlines() if name in line]
    assert done.returncode == 0 and not complaints, done.stderr


def test_example_config_is_valid_and_keeps_the_password_out():
    config = load_config(DEPLOY / "monitor.toml")
    assert config.email.security == "starttls" and config.email.password_env
    assert config.output.dir is not None and config.digest.timezone == "Asia/Tashkent"
    assert "password =" not in (DEPLOY / "monitor.toml").read_text(encoding="utf-8")


def test_cron_lines_use_commands_that_exist():
    parser = build_parser()
    text = (DEPLOY / "monitor.cron").read_text(encoding="utf-8")
    commands = re.findall(r"\$MONITOR ([a-z]+(?: --[a-z-]+)*)", text)
    assert {"ingest", "send", "digest --deliver"} <= set(commands)
    for command in commands:
        args = parser.parse_args(command.split())
        assert callable(args.handler)
