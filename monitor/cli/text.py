"""The text commands: ``summarize`` and ``classify`` an article read on standard input."""

from __future__ import annotations

import argparse
import json
import sys

from monitor.cli.commands import load
from monitor.cli.options import Command, positive
from monitor.cli.stdin import read_article
from monitor.config.load import SUMMARY_ALGORITHMS
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


def _stdin_article() -> tuple[str, str]:
    return read_article(sys.stdin.buffer)


def cmd_summarize(args: argparse.Namespace) -> int:
    config = load(args)
    title, body = _stdin_article()
    from monitor.analysis.summary.summariser import Summariser

    s = config.summary
    summariser = Summariser(
        args.sentences or s.sentences, args.max_words or s.max_words, args.algorithm or s.algorithm
    )
    for sentence in summariser.summarise(body, title):
        print(sentence)
    return ExitCode.OK


def cmd_classify(args: argparse.Namespace) -> int:
    config = load(args)
    title, body = _stdin_article()
    from monitor.analysis.regions.classifier import Classifier

    result = Classifier(config.regions).classify(title, body, tuple(args.hint))
    print(
        json.dumps(
            {
                "regions": [r.value for r in result.regions],
                "primary": result.primary.value,
                "evidence": result.evidence_by_region(),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return ExitCode.OK
