"""The one config ``Checker``: type and range checks that raise a ConfigError naming the file, the
key and what is allowed. Every number has a range that makes sense, so that nothing absurd
(10**15 minutes, nan, a port of 70000) reaches the scheduler, ``datetime`` or a socket.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.models import Region

MINUTES_A_YEAR = 366 * 24 * 60  # the longest interval in minutes (polls, ingest runs)
SECONDS_A_DAY = 24 * 3600  # the longest timeout in seconds
GIB = 1024**3
#: Codes the gazetteer uses that ISO 3166-1 leaves to users: Xinjiang, Kosovo.
PSEUDO_COUNTRIES = {"XJ": "Xinjiang", "XK": "Kosovo"}


class Checker:
    """Checks on the values of one config file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, key: str, allowed: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key} {allowed}", "see the README's config reference")

    def keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                raise self.error(
                    name, f"is not a known key (allowed: {', '.join(sorted(allowed))})"
                )

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.error(key, "must be a table ([" + key + "])")
        return value

    def list(self, data: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
        value = data[key]
        if not isinstance(value, list):
            raise self.error(f"{where}.{key}" if where else key, "must be a list")
        return value

    def string(self, data: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
        if key not in data:
            if required:
                raise self.error(f"{where}.{key}", "is required")
            return ""
        value = data[key]
        if not isinstance(value, str):
            raise self.error(f"{where}.{key}", f"must be a string, not {value!r}")
        return value

    def seconds(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        default: float,
        maximum: float = SECONDS_A_DAY,
    ) -> float:
        """A number of seconds > 0 and at most ``maximum`` (a day unless said)."""
        value = data.get(key, default)
        if not _real(value) or not 0 < value <= maximum:
            raise self.error(
                f"{where}.{key}",
                f"must be a number of seconds > 0 and <= {maximum:g}, not {value!r}",
            )
        return float(value)

    def mapping(self, data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.error(f"{where}.{key}", "must be a table, like { key = value }")
        return value

    def country(self, code: str, where: str) -> None:
        """An ISO 3166-1 alpha-2 code that exists (any case), or a pseudo-code of the gazetteer."""
        import pycountry  # only a config that names countries needs its tables

        upper = code.upper()
        if len(code) != 2 or not (
            upper in PSEUDO_COUNTRIES or pycountry.countries.get(alpha_2=upper)
        ):
            raise self.error(
                where,
                f"must be a two-letter ISO 3166 country code (or XJ for Xinjiang, XK for Kosovo),"
                f" not {code!r}",
            )

    def region(self, value: Any, where: str) -> Region:
        allowed = [r.value for r in Region]
        if value not in allowed:
            raise self.error(where, f"must be a region ({', '.join(allowed)}), not {value!r}")
        return Region(value)

    def number(
        self, data: Mapping[str, Any], key: str, where: str, default: float, maximum: float
    ) -> float:
        """A finite number from 0 to ``maximum``."""
        value = data.get(key, default)
        if not _real(value) or not 0 <= value <= maximum:
            allowed = f"must be a number from 0 to {maximum:g}, not {value!r}"
            raise self.error(f"{where}.{key}", allowed)
        return float(value)

    def boolean(self, data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(f"{where}.{key}", f"must be true or false, not {value!r}")
        return value

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        default: int,
        minimum: int,
        maximum: int,
    ) -> int:
        """A whole number from ``minimum`` to ``maximum``."""
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            allowed = f"must be a whole number from {minimum} to {maximum}, not {value!r}"
            raise self.error(f"{where}.{key}", allowed)
        return value


def _real(value: Any) -> bool:
    """A TOML number that is finite (TOML allows nan and inf)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
