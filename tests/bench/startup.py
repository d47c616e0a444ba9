"""Start-up benchmark: the light commands against a bare interpreter (run by hand).

    python tests/bench/startup.py [--runs 5]

For ``--version``, ``--help``, ``feeds``, ``articles`` and ``deliveries`` on a small store, the
median wall time of ``--runs`` runs of ``python -m monitor ...`` and of ``python -c pass``, and
the difference (the target: at most 150 ms over the bare interpreter).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (("--version",), ("--help",), ("feeds",), ("articles",), ("deliveries",))


def _median_seconds(argv: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "monitor.toml").write_text("feeds = []\n[seeds]\npaths = []\n", encoding="utf-8")
        page = cwd / "pages"
        page.mkdir()
        (page / "a.txt").write_text("Talks in Tashkent\n\nUzbekistan hosted talks.\n", "utf-8")
        monitor = [sys.executable, "-m", "monitor", "--state-dir", "state"]
        subprocess.run([*monitor, "ingest", "--seeds", str(page)], cwd=cwd, capture_output=True)
        bare = _median_seconds([sys.executable, "-c", "pass"], runs, cwd)
        print(f"bare interpreter: {bare * 1000:.0f} ms (median of {runs})")
        for command in COMMANDS:
            seconds = _median_seconds([*monitor, *command], runs, cwd)
            over = (seconds - bare) * 1000
            print(f"monitor {' '.join(command):<12} {seconds * 1000:5.0f} ms  (+{over:.0f} ms)")


if __name__ == "__main__":
    main()
