"""``monitor watch``: ``test NAME`` (does a rule match the article on standard input, and on
which words) and ``list`` (the rules with their hit counts)."""

from __future__ import annotations

import argparse
import sys

from monitor.cli.commands import load, open_monitor
from monitor.cli.options import Command, common_options
from monitor.cli.stdin import read_article
from monitor.config.load import Config
from monitor.errors import ExitCode, InputError
from monitor.models import Region
from monitor.names import json_line, printable, tsv
from monitor.watch.rules import Watchlist, WatchRule, matches, why_not


def register(command: Command) -> None:
    watch = command("watch", "Test the [[watch]] rules, list them with hit counts.", cmd_watch)
    common = common_options()
    watch.set_defaults(watch_action=None)
    actions = watch.add_subparsers(
        title="actions", dest="watch_action", metavar="ACTION", required=True
    )
    test = actions.add_parser(
        "test",
        parents=[common],
        help="does rule NAME match the article on standard input (title, blank line, body)?",
        description="Say whether a [[watch]] rule matches the article on standard input, and on"
        " which words. Exit code 0: it matches; 8: it does not.",
    )
    test.add_argument("name", metavar="NAME", help="the rule's name")
    listing = actions.add_parser(
        "list", parents=[common], help="the rules with hit counts", description="The rules."
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per rule and line")


def cmd_watch(args: argparse.Namespace) -> int:
    if args.watch_action == "test":
        return watch_test(load(args), args.name)
    return watch_list(args)


def find_rule(config: Config, name: str) -> WatchRule:
    rule = Watchlist(config.watch).rule(name)
    if rule is None:
        known = ", ".join(r.name for r in config.watch) or "none configured"
        raise InputError(f"no watch rule named {name!r} (rules: {known})", "see monitor watch list")
    return rule


def watch_test(config: Config, name: str) -> int:
    """Print whether the rule matches the article on stdin, the words and where they are."""
    from monitor.digest.render import marked
    from monitor.watch.highlight import excerpt, spans

    rule = find_rule(config, name)
    title, body = read_article(sys.stdin.buffer)
    regions: set[Region] = set()
    if rule.regions:  # only then is the article classified
        from monitor.analysis.regions.classifier import Classifier

        classified = Classifier(config.regions).classify(title, body, ())
        regions = set(classified.regions) or {Region.OTHER}
    found = Watchlist((rule,)).terms_in(title, body)
    terms = matches(rule, found, regions)
    if not terms:
        print(printable(f"{rule.name}: no match: {why_not(rule, found, regions)}"))
        return ExitCode.NO_MATCH
    print(printable(f"{rule.name}: matches on {', '.join(terms)}"))
    for text in (title, excerpt(body, terms)):
        cut = spans(text, terms)
        if any(span.marked for span in cut):
            print(f"  {printable(marked(cut, 'text'))}")  # stdin's text: no control characters
    return ExitCode.OK


def watch_list(args: argparse.Namespace) -> int:
    with open_monitor(args) as monitor:
        counts = monitor.watch_hit_counts()
        rules = monitor.config.watch
    for rule in rules:
        row = {
            "name": rule.name, "alert": rule.alert, "hits": counts.get(rule.name, 0),
            "any": list(rule.any), "all": list(rule.all), "none": list(rule.none),
            "regions": [r.value for r in rule.regions],
        }  # fmt: skip
        if args.json:
            print(json_line(row))
        else:
            print(tsv(rule.name, rule.alert, f"{row['hits']} hit(s)", ", ".join(rule.any)))
    if not rules:
        print("No [[watch]] rules in the config.", file=sys.stderr)
    return ExitCode.OK
