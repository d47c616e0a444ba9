"""Story-thread benchmark on the BBC dev set (run by hand, not collected by pytest).

    python tests/bench/stories.py [--errors N] [--groups] [--runs N] [--similar X] [--names N]

Groups the 1,054 articles of ../shared/eval/summaries/bbc_dev.jsonl with
``monitor.digest.stories.group_stories`` and scores it against the hand-made labels in
tests/data/story_groups.json, pair by pair: a pair of articles put in one group is right when the
labels put them in one group. Prints precision, recall and F1 overall and for each split of the
labels ("dev": the categories the rule was tuned on; "check": the others), and the time it takes.
With --errors, the wrongly grouped and the missed pairs, by title; with --groups, how many of each
labelled group's pairs were found (where the recall is lost).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from monitor.digest.stories import StoryItem, StoryRule, group_stories

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "summaries" / "bbc_dev.jsonl"
LABELS = ROOT / "tests" / "data" / "story_groups.json"

Pair = tuple[str, str]


def load_items() -> list[StoryItem]:
    lines = EVAL.read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()]
    return [StoryItem(id=d["id"], title=d["title"], text=d["text"]) for d in docs]


def pairs_of(groups) -> set[Pair]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}


def split_of(doc_id: str, splits: dict[str, list[str]]) -> str:
    category = doc_id.split("/")[1]
    return next(name for name, cats in splits.items() if category in cats)


def prf(predicted: set[Pair], gold: set[Pair]) -> tuple[float, float, float, int, int]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(predicted), len(gold)


def report(predicted: set[Pair], gold: set[Pair], splits: dict[str, list[str]]) -> None:
    rows = [("all", predicted, gold)]
    for name in splits:
        inside = lambda pair, n=name: all(split_of(i, splits) == n for i in pair)  # noqa: E731
        rows.append((name, {q for q in predicted if inside(q)}, {q for q in gold if inside(q)}))
    print(f"{'split':8} {'precision':>9} {'recall':>7} {'F1':>6} {'grouped':>8} {'labelled':>9}")
    for name, pred, gold_part in rows:
        p, r, f, n_pred, n_gold = prf(pred, gold_part)
        print(f"{name:8} {p:9.3f} {r:7.3f} {f:6.3f} {n_pred:8d} {n_gold:9d}")


def show_errors(predicted: set[Pair], gold: set[Pair], titles: dict[str, str], most: int) -> None:
    for label, wrong in (
        ("grouped, not labelled", predicted - gold),
        ("labelled, not grouped", gold - predicted),
    ):
        print(f"\n{label} ({len(wrong)}):")
        for a, b in sorted(wrong)[:most]:
            print(f"  {a} {titles[a]!r} ~ {b} {titles[b]!r}")


def show_groups(predicted: set[Pair], labelled: list[list[str]], titles: dict[str, str]) -> None:
    print("\nlabelled groups, largest first (pairs found / pairs labelled):")
    for group in sorted(labelled, key=len, reverse=True):
        pairs, title = pairs_of([group]), titles[group[0]]
        found = len(pairs & predicted)
        print(f"  {found:3d}/{len(pairs):3d}  {title!r} ({len(group)} articles)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors", type=int, default=0, help="show up to N wrong pairs of each kind"
    )
    parser.add_argument(
        "--groups", action="store_true", help="show the pairs found in each labelled group"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs (the median is shown)")
    parser.add_argument("--similar", type=float, help="try another StoryRule.similar")
    parser.add_argument("--names", type=int, help="try another StoryRule.names")
    args = parser.parse_args()
    rule = StoryRule()
    if args.similar is not None:
        rule = replace(rule, similar=args.similar)
    if args.names is not None:
        rule = replace(rule, names=args.names)
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    items = load_items()
    seconds, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        groups = group_stories(items, rule)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    predicted, gold = pairs_of(groups), pairs_of(labels["groups"])
    print(
        f"{len(items)} articles, {len(labels['groups'])} labelled groups;"
        f" {sum(len(g) > 1 for g in groups)} groups found"
    )
    report(predicted, gold, labels["split"])
    median = statistics.median(seconds)
    print(
        f"time: {median * 1000:.0f} ms for {len(items)} articles (median of {args.runs};"
        f" CPU {statistics.median(cpu) * 1000:.0f} ms); {len(items) / median:,.0f} articles/s"
    )
    if args.errors:
        show_errors(predicted, gold, {i.id: i.title for i in items}, args.errors)
    if args.groups:
        show_groups(predicted, labels["groups"], {i.id: i.title for i in items})


if __name__ == "__main__":
    main()
