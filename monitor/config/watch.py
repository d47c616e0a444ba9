"""The ``[[watch]]`` tables of the config: watch rules (``monitor.watch.rules``). Every error names
the file and the key, like ``watch[2].any``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.config.check import Checker
from monitor.watch.rules import ALERTS, DIGEST, WatchRule, clean_term

RULE_KEYS = {"name", "any", "all", "none", "regions", "alert"}


def parse_watch(check: Checker, data: Mapping[str, Any]) -> tuple[WatchRule, ...]:
    if "watch" not in data:
        return ()
    rules = tuple(_rule(check, item, i) for i, item in enumerate(check.list(data, "watch")))
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.name in seen:
            raise check.error(f"watch[{i}].name", f"repeats the name {rule.name!r}")
        seen.add(rule.name)
    return rules


def _rule(check: Checker, item: Any, index: int) -> WatchRule:
    where = f"watch[{index}]"
    if not isinstance(item, Mapping):
        raise check.error(where, 'must be a table with name = "..." and any = ["..."]')
    check.keys(item, where, RULE_KEYS)
    name = check.string(item, "name", where, required=True).strip()
    if not name:
        raise check.error(f"{where}.name", "must not be empty")
    terms = {key: _terms(check, item, key, where) for key in ("any", "all", "none")}
    if not (terms["any"] or terms["all"]):
        raise check.error(where, "needs at least one term in `any` or `all`")
    alert = check.string(item, "alert", where) or DIGEST
    if alert not in ALERTS:
        raise check.error(f"{where}.alert", f'must be "digest" or "immediate", not {alert!r}')
    regions = check.list(item, "regions", where) if "regions" in item else []
    return WatchRule(
        name=name,
        any=terms["any"],
        all=terms["all"],
        none=terms["none"],
        regions=tuple(check.region(r, f"{where}.regions") for r in regions),
        alert=alert,
    )


def _terms(check: Checker, item: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    if key not in item:
        return ()
    values = check.list(item, key, where)
    cleaned = [clean_term(v) if isinstance(v, str) else "" for v in values]
    if not all(any(c.isalnum() for c in term) for term in cleaned):
        raise check.error(
            f"{where}.{key}", 'must be a list of words or phrases, like ["CPEC", "Gwadar port"]'
        )
    return tuple(dict.fromkeys(cleaned))
