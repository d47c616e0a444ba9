"""The text commands: ``summarize`` and ``classify`` an article read on standard input, or with
``--jsonl`` one article per line (``jsonl``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from monitor.cli.commands import load
from monitor.cli.jsonl import Record, answer_each
from monitor.cli.options import Command, positive
from monitor.cli.stdin import read_article
from monitor.config.load import SUMMARY_ALGORITHMS, Config
from monitor.errors import ExitCode


def register(command: Command) -> None:
    summarize = command("summarize", "Summarise an article read on standard input.", cmd_summarize)
    summarize.add_argument(
        "--sentences",
        type=positive,
        metavar="N",
        help="sentences in the summary (default: from the config, 3)",
    )
    summarize.add_argument(
        "--max-words",
        type=positive,
        metavar="N",
        help="at most N words in the summary (default: from the config, 75)",
    )
    summarize.add_argument(
        "--algorithm",
        choices=SUMMARY_ALGORITHMS,
        help="how sentences are ranked (default: from the config, 'default')",
    )
    classify = command(
        "classify",
        "Assign regions to an article on standard input (title, blank line, "
        "body); prints JSON with the evidence.",
        cmd_classify,
    )
    classify.add_argument(
        "--hint",
        action="append",
        default=[],
        metavar="TEXT",
        help="a feed category or section line, e.g. 'Central Asia' (repeatable)",
    )
    for parser in (summarize, classify):
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help='read one JSON article per line ({"id", "title", "text", "hints"}) and '
            "print one JSON result per line, in order: a batch starts once",
        )


def _stdin_article() -> tuple[str, str]:
    return read_article(sys.stdin.buffer)


def cmd_summarize(args: argparse.Namespace) -> int:
    config = load(args)
    if args.jsonl:
        summarise = _summariser(args, config)
        return answer_each(
            sys.stdin.buffer, sys.stdout, lambda r: {"summary": list(summarise(r.text, r.title))}
        )
    title, body = _stdin_article()
    for sentence in _summariser(args, config)(body, title):
        print(sentence)
    return ExitCode.OK


def _summariser(args: argparse.Namespace, config: Config) -> Callable[[str, str], tuple[str, ...]]:
    from monitor.analysis.summary.summariser import Summariser

    s = config.summary
    return Summariser(
        args.sentences or s.sentences, args.max_words or s.max_words, args.algorithm or s.algorithm
    ).summarise


def cmd_classify(args: argparse.Namespace) -> int:
    config = load(args)
    from monitor.analysis.regions.classifier import Classifier

    classifier = Classifier(config.regions)

    def regions(record: Record) -> dict[str, Any]:
        hints = record.hints + tuple(args.hint)
        result = classifier.classify(record.title, record.text, hints)
        return {
            "regions": [r.value for r in result.regions],
            "primary": result.primary.value,
            "evidence": result.evidence_by_region(),
        }

    if args.jsonl:
        return answer_each(sys.stdin.buffer, sys.stdout, regions)
    title, body = _stdin_article()
    print(json.dumps(regions(Record(title, body, ())), ensure_ascii=False, indent=2))
    return ExitCode.OK
