"""Page splitting on the seed pages: articles per file, titles, and time per page.

Run by hand: ``python tests/bench/pages.py [SEEDS_DIR] [--repeat N]``. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from monitor.models import Article
from monitor.sources.pages import split as pages

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("seeds", nargs="?", type=Path, default=SEEDS)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(p for p in args.seeds.iterdir() if p.suffix in {".txt", ".md", ".html"})
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in files}
    titles: set[str] = set()
    for path, text in texts.items():
        articles = _split(path, text)
        titles.update(a.title for a in articles)
        authors = sum(a.author is not None for a in articles)
        print(f"{path.name}: {len(articles)} article(s), {authors} with author")
        for article in articles:
            print(f"  [{article.layout}] {article.title} | {article.author or '-'}")
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for path, text in texts.items():
            _split(path, text)
        timings.append(time.perf_counter() - start)
    size = sum(len(t) for t in texts.values())
    median = statistics.median(timings)
    print(f"distinct titles: {len(titles)} from {len(files)} file(s), {size / 1024:.0f} KiB")
    print(f"split all files: median {median * 1000:.1f} ms over {args.repeat} runs")
    print(f"throughput: {size / 1024 / median:.0f} KiB/s")


def _split(path: Path, text: str) -> list[Article]:
    if path.suffix == ".html":
        return pages.split_html(text, str(path))
    return pages.split_text(text, str(path))


if __name__ == "__main__":
    main()
