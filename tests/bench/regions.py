"""Region-assignment benchmark on ../shared/eval/regions (run by hand, not collected by pytest).

    python tests/bench/regions.py [--set dev.jsonl] [--errors N] [--half a|b]

Prints, overall and per source: per-region precision/recall/F1 (strict and lenient, as the
set's README defines them), micro- and macro-F1, exact match of the region set, accuracy on
"other" documents, primary accuracy (the predicted primary is one of the gold regions, or
``other`` when gold is empty), a confusion table of primary vs gold, and articles per second.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from pathlib import Path

from monitor.analysis.regions.classifier import REGIONS, Classifier

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "regions"
NAMES = [r.value for r in REGIONS]


def load(name: str) -> list[dict]:
    lines = (EVAL / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def half_of(doc_id: str) -> str:
    """A fixed split of a set in two halves ("a", "b") for tune-on-one, check-on-the-other."""
    return "ab"[hashlib.sha1(f"half:{doc_id}".encode()).digest()[0] % 2]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[tuple[dict, list[str], str]], lenient: bool) -> dict:
    counts = {name: Counter() for name in NAMES}
    exact = other_ok = other_n = primary_ok = 0
    for doc, predicted, primary in rows:
        gold, ok = set(doc["regions"]), set(doc["regions_ok"]) | set(doc["regions"])
        pred = set(predicted)
        for name in NAMES:
            if name in pred and name in gold:
                counts[name]["tp"] += 1
            elif name in pred and not (lenient and name in ok):
                counts[name]["fp"] += 1
            elif name in gold and name not in pred:
                counts[name]["fn"] += 1
        exact += (pred - (ok - gold if lenient else set())) == gold
        primary_ok += primary in gold or (not gold and primary == "other")
        if not gold:
            other_n += 1
            other_ok += not (pred - (ok if lenient else set()))
    per = {name: prf(c["tp"], c["fp"], c["fn"]) for name, c in counts.items()}
    total = Counter()
    for c in counts.values():
        total.update(c)
    n = len(rows)
    return {
        "per": per,
        "micro": prf(total["tp"], total["fp"], total["fn"])[2],
        "macro": sum(f for _, _, f in per.values()) / len(per),
        "exact": exact / n,
        "other": other_ok / other_n if other_n else float("nan"),
        "primary": primary_ok / n,
    }


def report(title: str, rows: list[tuple[dict, list[str], str]]) -> None:
    print(f"\n== {title} ({len(rows)} docs)")
    for lenient in (False, True):
        s = score(rows, lenient)
        kind = "lenient" if lenient else "strict "
        cells = "  ".join(
            f"{n}: P {p:.3f} R {r:.3f} F1 {f:.3f}" for n, (p, r, f) in s["per"].items()
        )
        print(f"{kind} {cells}")
        print(
            f"{kind} micro-F1 {s['micro']:.3f}  macro-F1 {s['macro']:.3f}  exact {s['exact']:.3f}"
            f"  other-acc {s['other']:.3f}  primary-acc {s['primary']:.3f}"
        )


def confusion(rows: list[tuple[dict, list[str], str]]) -> None:
    table = Counter((",".join(doc["regions"]) or "other", primary) for doc, _, primary in rows)
    golds = sorted({g for g, _ in table})
    cols = [*NAMES, "other"]
    print("\nconfusion: gold (rows) x predicted primary (columns)")
    print(f"{'':26}" + "".join(f"{c:>14}" for c in cols))
    for g in golds:
        print(f"{g:26}" + "".join(f"{table[(g, c)]:>14}" for c in cols))


def _long_article_ms(classifier: Classifier, docs: list[dict]) -> float:
    """Median time to classify one article of 5,000 words made of dev texts run together."""
    words: list[str] = []
    for doc in docs:
        words += doc["text"].split()
        if len(words) >= 5000:
            break
    text = " ".join(words[:5000])
    times = []
    for _ in range(20):
        started = time.perf_counter()
        classifier.classify("A long article", text)
        times.append(time.perf_counter() - started)
    return 1000 * sorted(times)[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="dev.jsonl")
    parser.add_argument("--errors", type=int, default=0, help="print this many misfiled docs")
    parser.add_argument("--half", choices="ab", help="score only this half of the set")
    args = parser.parse_args()
    docs = [d for d in load(args.set) if args.half is None or half_of(d["id"]) == args.half]
    started = time.perf_counter()
    classifier = Classifier()
    built = time.perf_counter()
    rows = []
    for doc in docs:
        result = classifier.classify(doc["title"], doc["text"])
        rows.append((doc, [r.value for r in result.regions], result.primary.value))
    elapsed = time.perf_counter() - built
    words = sum(len(doc["text"].split()) for doc in docs)
    for source in sorted({doc["source"] for doc in docs}):
        report(source, [row for row in rows if row[0]["source"] == source])
    confusion(rows)
    wrong = [row for row in rows if set(row[1]) != set(row[0]["regions"])]
    for doc, predicted, _ in wrong[: args.errors]:
        print(f"  {doc['id']}: gold {doc['regions']} ok {doc['regions_ok']} got {predicted}")
    report("ALL", rows)
    print(f"\n5,000-word article: {_long_article_ms(classifier, docs):.2f} ms (median of 20 runs)")
    print(
        f"\nstart-up {built - started:.2f} s; {len(docs)} articles in {elapsed:.2f} s:"
        f" {len(docs) / elapsed:.0f} articles/s, {words / elapsed / 1000:.0f}k words/s,"
        f" {1000 * elapsed / len(docs):.2f} ms/article (mean {words // len(docs)} words)"
    )


if __name__ == "__main__":
    main()
