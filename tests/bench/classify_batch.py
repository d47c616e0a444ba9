"""`monitor classify --jsonl` over the region evaluation set against one call per document.

    python tests/bench/classify_batch.py [--sample N]

Each document of ``../shared/eval/regions/dev.jsonl`` is written as one call reads it (title,
blank line, body on standard input; a document without a title is read as one call reads it,
its first paragraph as the title), and as a JSON line with that title and body. Times one
`monitor classify --jsonl` over all 721 (one start), then classifies each document (or
``--sample N`` of them, evenly spread) with its own `monitor classify` call and checks that
both give the same regions, primary region and evidence. Prints both times and the number of
differing answers (there should be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from monitor.cli.stdin import split_article

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "regions" / "dev.jsonl"
MONITOR = [sys.executable, "-m", "monitor", "--config", os.devnull, "classify"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="documents called one by one (default: all)")
    args = parser.parse_args()
    texts = [_as_stdin(json.loads(line)) for line in EVAL.read_bytes().splitlines()]
    lines = [_as_line(text) for text in texts]
    began = time.perf_counter()
    done = subprocess.run([*MONITOR, "--jsonl"], input=b"".join(lines), capture_output=True)
    batch_seconds = time.perf_counter() - began
    batch = [json.loads(line) for line in done.stdout.splitlines()]
    print(f"--jsonl: {len(batch)} documents in {batch_seconds:.2f} s (exit {done.returncode})")
    picks = range(len(lines))
    if args.sample:
        picks = range(0, len(lines), max(1, len(lines) // args.sample))
    differ, began = 0, time.perf_counter()
    for n in picks:
        alone = json.loads(subprocess.run(MONITOR, input=texts[n], capture_output=True).stdout)
        answer = {k: v for k, v in batch[n].items() if k != "id"}
        differ += answer != alone
    seconds = time.perf_counter() - began
    print(f"one call each: {len(picks)} documents in {seconds:.1f} s; {differ} differ from --jsonl")


def _as_stdin(record: dict) -> bytes:
    title = record["title"].strip()
    return (f"{title}\n\n{record['text']}" if title else record["text"]).encode()


def _as_line(text: bytes) -> bytes:
    title, body = split_article(text.decode())
    return json.dumps({"title": title, "text": body}).encode() + b"\n"


if __name__ == "__main__":
    main()
