"""The README documents every command, every option and every config section (docs are tested)."""

import argparse
import re
from pathlib import Path

from monitor.cli.main import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_option_is_in_the_readme():
    missing = []
    for name, sub in _subcommands(build_parser()).items():
        if f"monitor {name}" not in README:
            missing.append(f"monitor {name}")
        for action in sub._actions:
            missing += [o for o in action.option_strings if o.startswith("--") and o not in README]
    assert not missing, f"not in README.md: {sorted(set(missing))}"


def test_every_config_section_in_the_code_is_in_the_readme():
    source = (Path(__file__).resolve().parents[1] / "monitor" / "config" / "load.py").read_text()
    sections = set(re.findall(r'check\.table\(data, "(\w+)"\)', source)) | {"feeds"}
    for section in sections:
        assert f"[{section}]" in README or f"[[{section}]]" in README, section
