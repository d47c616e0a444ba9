"""Summary benchmark: ROUGE of the default summariser vs LEAD-3 and plain sumy, and its speed.

Run by hand (not collected by pytest):

    python tests/bench/summaries.py                 # CNN/DM and BBC, all systems
    python tests/bench/summaries.py --sets cnndm --bbc-limit 300

Scores are rouge-score F1 with Porter stemming; rougeLsum with one sentence a line. For each
system: mean ROUGE-1/2/Lsum, and the paired difference of ROUGE-1 against LEAD-3 with a 95%
bootstrap interval (10,000 resamples, fixed seed), at 3 sentences and at a 75-word budget.
LEAD-3 is the article's first sentences as our tokenizer splits them, with no cleaning; at the
budget, the first sentences while they fit (at least one). "plain" systems are sumy's own
summarizers on the parsed document, no cleaning, no budget other than the sentence count;
ablations are the default with one choice switched off. Then time per article for the default
(median, p95, max) on every article, and on one 5,000-word and one 15,000-word article made by
concatenating evaluation texts. On the seed pages (../shared/seeds), how many summaries hold a
sentence that does not stand alone, and of which kinds (``judgements.flaws``: one the cleaning
rejects, with its reason; the rest of a quotation; one that leans back without the sentence
before it); and the seed
judgement (tests/data/seed_judgements.toml): on ten analysis pieces, how many of the sentences
we judged to state the point each system captures, in how many articles at least one, and how
many of its summaries hold a sentence we judged must never appear. "Read as news" is the default
without its analysis reading (800+ words in 5+ paragraphs); "analysis on unbroken text" applies
that reading to long texts without paragraph breaks too (every long CNN/DM body).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from judgements import flaws, holding, judged_articles  # noqa: E402

from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.summariser import Summariser, Weights, is_analysis
from monitor.config.load import SUMMARY_ALGORITHMS
from monitor.sources.pages.split import split_text

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "summaries"
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
TOKENIZER = Tokenizer()
System = Callable[[dict], tuple[str, ...]]


def load(name: str, limit: int | None) -> list[dict]:
    with (EVAL / f"{name}_dev.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return rows[:limit] if limit else rows


def lead(count: int, max_words: int | None) -> System:
    def summarise(row: dict) -> tuple[str, ...]:
        document = PlaintextParser.from_string(row["text"], TOKENIZER).document
        kept: list[str] = []
        for sentence in map(str, document.sentences[:count]):
            if kept and max_words and sum(len(s.split()) for s in kept + [sentence]) > max_words:
                break
            kept.append(sentence)
        return tuple(kept)

    return summarise


def plain_sumy(kind: type, count: int) -> System:
    summarizer = kind(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    if kind is EdmundsonSummarizer:
        summarizer.null_words = get_stop_words("english")
        summarizer.stigma_words = ("photo", "click")

    def summarise(row: dict) -> tuple[str, ...]:
        if kind is EdmundsonSummarizer:
            summarizer.bonus_words = TOKENIZER.to_words(row["title"]) or ("said",)
        document = PlaintextParser.from_string(row["text"], TOKENIZER).document
        return tuple(map(str, summarizer(document, count)))

    return summarise


def ours(count: int, max_words: int | None, algorithm: str = "default", **changes) -> System:
    summariser = Summariser(count, max_words, algorithm, weights=replace(Weights(), **changes))
    return lambda row: summariser.summarise(row["text"], row["title"])


def systems(count: int, max_words: int | None) -> dict[str, System]:
    found: dict[str, System] = {
        "LEAD-3": lead(count, max_words),
        "default": ours(count, max_words),
        "  no lead prior": ours(count, max_words, lead=0.0),
        "  no centrality": ours(count, max_words, centrality=0.0),
        "  no title": ours(count, max_words, title=0.0),
        "  no paragraph opening": ours(count, max_words, opens=0.0),
        "  no dangling deferral": ours(count, max_words, defer_dangling=False),
        "  no cleaning": ours(count, max_words, clean=False),
        "  read as news (no analysis)": ours(count, max_words, analysis_words=None),
        "  analysis on unbroken text": ours(count, max_words, analysis_paragraphs=1),
        "lead (cleaned)": ours(count, max_words, "lead"),
        "lexrank (cleaned)": ours(count, max_words, "lexrank"),
    }
    if max_words is None:
        for name, kind in (
            ("plain sumy LexRank", LexRankSummarizer),
            ("plain sumy TextRank", TextRankSummarizer),
            ("plain sumy Luhn", LuhnSummarizer),
            ("plain sumy Edmundson", EdmundsonSummarizer),
        ):
            found[name] = plain_sumy(kind, count)
    return found


def scores(rows: list[dict], system: System) -> np.ndarray:
    """Per article: ROUGE-1, ROUGE-2, ROUGE-Lsum F1 (x100)."""
    table = []
    for row in rows:
        got = SCORER.score(row["reference"], "\n".join(system(row)))
        table.append([100 * got[k].fmeasure for k in ("rouge1", "rouge2", "rougeLsum")])
    return np.array(table)


def interval(differences: np.ndarray) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(differences), size=(10_000, len(differences)))
    means = differences[picks].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def compare(name: str, rows: list[dict], count: int, max_words: int | None) -> None:
    budget = f"{max_words} words" if max_words else f"{count} sentences"
    print(f"\n{name} ({len(rows)} articles), {budget}")
    print(f"{'system':30} {'R-1':>6} {'R-2':>6} {'R-Lsum':>6}   R-1 minus LEAD-3 [95% CI]")
    base = None
    for label, system in systems(count, max_words).items():
        table = scores(rows, system)
        r1, r2, rl = table.mean(axis=0)
        line = f"{label:30} {r1:6.2f} {r2:6.2f} {rl:6.2f}"
        if base is None:
            base = table[:, 0]
        else:
            diff = table[:, 0] - base
            low, high = interval(diff)
            line += f"   {diff.mean():+5.2f} [{low:+5.2f}, {high:+5.2f}]"
        print(line, flush=True)


def long_article(rows: list[dict], words: int) -> dict:
    texts, total = [], 0
    for row in rows:
        texts.append(row["text"])
        total += len(row["text"].split())
        if total >= words:
            break
    return {"title": rows[0]["title"], "text": "\n\n".join(texts)}


def timing(rows: list[dict]) -> None:
    summariser = Summariser()
    summariser.summarise(rows[0]["text"], rows[0]["title"])  # warm the stemmer and imports
    times = []
    for row in rows:
        start = time.perf_counter()
        summariser.summarise(row["text"], row["title"])
        times.append(1000 * (time.perf_counter() - start))
    p95 = float(np.percentile(times, 95))
    print(
        f"\ntime per article, default ({len(rows)} articles): median "
        f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms"
    )
    for words in (5_000, 15_000):
        article = long_article(rows, words)
        fresh = Summariser()
        start = time.perf_counter()
        fresh.summarise(article["text"], article["title"])
        cold = 1000 * (time.perf_counter() - start)
        start = time.perf_counter()
        fresh.summarise(article["text"], article["title"])
        warm = 1000 * (time.perf_counter() - start)
        size = len(article["text"].split())
        print(f"{size:,}-word article: {cold:.1f} ms (new summariser), {warm:.1f} ms (again)")
    every_algorithm(long_article(rows, 15_000))


def every_algorithm(article: dict) -> None:
    """Each algorithm on the long article, with a fresh summariser (cold stemmer cache)."""
    cells = []
    for algorithm in SUMMARY_ALGORITHMS:
        summariser = Summariser(algorithm=algorithm)
        start = time.perf_counter()
        summariser.summarise(article["text"], article["title"])
        cells.append(f"{algorithm} {1000 * (time.perf_counter() - start):.0f}")
    print(
        f"every algorithm on the {len(article['text'].split()):,}-word article (ms): "
        + ", ".join(cells)
    )


def seed_check() -> None:
    """On the seed pages: summaries holding a sentence that does not stand alone, by kind."""
    seeds = EVAL.parents[1] / "seeds"
    articles = [
        {"title": a.title, "text": a.text}
        for page in sorted(seeds.glob("*.txt"))
        for a in split_text(page.read_text(encoding="utf-8"), page.name)
    ]
    print(f"\nseed pages ({len(articles)} articles): summaries with a bad sentence")
    for label, system in (("LEAD-3", lead(3, 75)), ("default", ours(3, 75))):
        kinds: Counter[str] = Counter()
        bad = 0
        for row in articles:
            found = flaws(system(row), row["text"], is_analysis(row["text"], Weights()))
            bad += bool(found)
            kinds.update(found)
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        print(f"{label:10} {bad} of {len(articles)}" + (f" ({detail})" if detail else ""))


def seed_judgement() -> None:
    """Point sentences captured and never-sentences let in, on the judged seed articles."""
    judged = judged_articles(EVAL.parents[1] / "seeds")
    points = sum(len(item.point) for item in judged)
    print(f"\nseed judgement ({len(judged)} analysis pieces, {points} point sentences judged)")
    print(f"{'system':30} {'points':>6} {'articles with a point':>22} {'with a never':>13}")
    systems = {
        "LEAD-3": lead(3, 75),
        "default": ours(3, 75),
        "  read as news (no analysis)": ours(3, 75, analysis_words=None),
        "  no judgement words": ours(3, 75, judgement=0.0),
        "  no scene details": ours(3, 75, scene=0.0),
        "  no reported words": ours(3, 75, speech=0.0),
        "  no closing fifth": ours(3, 75, conclusion=0.0),
        "  title weighed as in news": ours(3, 75, analysis_title=Weights().title),
        "lexrank (cleaned)": ours(3, 75, "lexrank"),
        "plain sumy LexRank (3 sent.)": plain_sumy(LexRankSummarizer, 3),
    }
    for label, system in systems.items():
        summaries = [
            system({"title": item.article.title, "text": item.article.text}) for item in judged
        ]
        pairs = list(zip(summaries, judged, strict=True))
        caught = [holding(summary, item.point) for summary, item in pairs]
        never = sum(bool(holding(summary, item.never)) for summary, item in pairs)
        found = sum(map(len, caught))
        with_point = sum(map(bool, caught))
        print(f"{label:30} {found:6} {with_point:16} of {len(judged)} {never:8} of {len(judged)}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sets", nargs="+", default=["cnndm", "bbc"], choices=["cnndm", "bbc"])
    parser.add_argument("--bbc-limit", type=int, default=None, help="first N BBC articles")
    parser.add_argument("--speed-only", action="store_true", help="skip the ROUGE tables")
    args = parser.parse_args(argv)
    every: list[dict] = []
    for name in args.sets:
        rows = load(name, args.bbc_limit if name == "bbc" else None)
        every += rows
        if not args.speed_only:
            compare(name, rows, 3, None)
            compare(name, rows, 3, 75)
    seed_check()
    seed_judgement()
    timing(every)


if __name__ == "__main__":
    main(sys.argv[1:])
