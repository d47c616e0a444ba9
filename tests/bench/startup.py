"""Start-up benchmark: the light commands against a bare interpreter (run by hand).

    python tests/bench/startup.py [--runs 5]

For ``--version``, ``--help``, ``feeds``, ``articles`` and ``deliveries`` on a small store, and
``classify`` and ``summarize`` of a short article on standard input, the median wall time of
``--runs`` runs of ``python -m monitor ...`` and of ``python -c pass``, and the difference (the
targets: at most 150 ms over the bare interpreter; the text commands well under 200 ms).
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
TEXT_COMMANDS = (("classify",), ("summarize",))
ARTICLE = (
    b"Talks in Tashkent\n\nThe foreign ministers of Uzbekistan and Kazakhstan met in Tashkent on "
    b"Monday to discuss water sharing on the Syr Darya. They agreed to meet again in Astana. "
    b"Officials said a joint commission would report by the end of the year.\n"
)


def _median_seconds(argv: list[str], runs: int, cwd: Path, stdin: bytes = b"") -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, check=False)
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
        for command in COMMANDS + TEXT_COMMANDS:
            stdin = ARTICLE if command in TEXT_COMMANDS else b""
            seconds = _median_seconds([*monitor, *command], runs, cwd, stdin)
            over = (seconds - bare) * 1000
            print(f"monitor {' '.join(command):<12} {seconds * 1000:5.0f} ms  (+{over:.0f} ms)")


if __name__ == "__main__":
    main()
