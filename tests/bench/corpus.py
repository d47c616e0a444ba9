"""A generated benchmark corpus: RSS feeds served from 127.0.0.1 and a folder of saved pages.

The words come from the evaluation set (``../shared/eval/summaries/*.jsonl``) and are written
to a temporary directory at run time only; nothing of them is kept in the project.
"""

from __future__ import annotations

import html
import json
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "summaries"
ITEMS_PER_FEED = 50
ARTICLE_WORDS = 1_500
REPORT_WORDS = 15_000
MAGAZINE_POSTS = 3  # articles per magazine-layout page
SECTIONS = ("Central Asia", "South Asia", "Middle East", "Europe")
START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Body:
    title: str
    paragraphs: tuple[str, ...]

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Corpus:
    root: Path
    feeds: tuple[Path, ...]  # RSS files under root/feeds, served over HTTP
    pages: Path  # the folder of saved pages
    feed_items: int
    folder_articles: int
    report_title: str

    @property
    def articles(self) -> int:
        return self.feed_items + self.folder_articles

    def files(self) -> list[Path]:
        return [*self.feeds, *sorted(p for p in self.pages.rglob("*") if p.is_file())]

    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files())


def load_pool() -> list[Body]:
    """Every evaluation article as a title and its paragraphs."""
    pool = []
    for path in sorted(EVAL.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                paragraphs = tuple(p.strip() for p in record["text"].split("\n\n") if p.strip())
                pool.append(Body(record["title"], paragraphs))
    if not pool:
        raise SystemExit(f"no evaluation articles under {EVAL}")
    return pool


def compose(rng: random.Random, pool: list[Body], words: int) -> Body:
    """A long article: randomly chosen evaluation articles glued until ``words`` is reached."""
    first = rng.choice(pool)
    paragraphs = list(first.paragraphs)
    total = first.words
    while total < words:
        extra = rng.choice(pool)
        paragraphs.extend(extra.paragraphs)
        total += extra.words
    return Body(first.title, tuple(paragraphs))


def build(root: Path, articles: int, seed: int = 9) -> Corpus:
    """Write ~3/4 of ``articles`` as feed items and the rest as folder pages (+ one report)."""
    rng = random.Random(seed)
    pool = load_pool()
    feed_items = max(ITEMS_PER_FEED, int(articles * 0.75 / ITEMS_PER_FEED) * ITEMS_PER_FEED)
    folder_articles = max(0, articles - feed_items - 1)
    feeds = _write_feeds(root / "feeds", rng, pool, feed_items)
    pages = root / "pages"
    pages.mkdir(parents=True)
    written = _write_pages(pages, rng, pool, folder_articles)
    report = compose(rng, pool, REPORT_WORDS)
    report_title = f"Annual report: {report.title}"
    _write_text_page(pages / "report-annual.txt", Body(report_title, report.paragraphs))
    return Corpus(root, feeds, pages, feed_items, written + 1, report_title)


def _write_feeds(
    folder: Path, rng: random.Random, pool: list[Body], items: int
) -> tuple[Path, ...]:
    folder.mkdir(parents=True)
    paths = []
    for number in range(items // ITEMS_PER_FEED):
        bodies = [compose(rng, pool, ARTICLE_WORDS) for _ in range(ITEMS_PER_FEED)]
        path = folder / f"feed-{number}.xml"
        path.write_text(rss(number, bodies), encoding="utf-8")
        paths.append(path)
    return tuple(paths)


def rss(number: int, bodies: list[Body]) -> str:
    """An RSS 2.0 feed in WordPress's shape: HTML body in content:encoded, a guid per item."""
    items = []
    for n, body in enumerate(bodies):
        link = f"https://news.example.org/{number}/{n}/"
        content = "".join(f"<p>{html.escape(p)}</p>" for p in body.paragraphs)
        moment = format_datetime(START + timedelta(hours=number * ITEMS_PER_FEED + n))
        items.append(
            f"<item><title>{html.escape(body.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">bench-{number}-{n}</guid><pubDate>{moment}</pubDate>'
            f"<category>{SECTIONS[n % len(SECTIONS)]}</category>"
            f"<description>{html.escape(body.paragraphs[0])}</description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Bench feed {number}</title><link>https://news.example.org/{number}/</link>"
        f"<description>generated</description>{''.join(items)}</channel></rss>\n"
    )


def _write_pages(folder: Path, rng: random.Random, pool: list[Body], articles: int) -> int:
    """Plain-text pages, magazine pages of several posts and HTML pages; returns articles."""
    written = n = 0
    while written < articles:
        kind = n % 10
        if kind < 3 and articles - written >= MAGAZINE_POSTS:
            bodies = [compose(rng, pool, ARTICLE_WORDS) for _ in range(MAGAZINE_POSTS)]
            (folder / f"magazine-{n}.txt").write_text(magazine(bodies), encoding="utf-8")
            written += MAGAZINE_POSTS
        elif kind == 9:
            body = compose(rng, pool, ARTICLE_WORDS)
            (folder / f"page-{n}.html").write_text(html_page(body), encoding="utf-8")
            written += 1
        else:
            _write_text_page(folder / f"note-{n}.txt", compose(rng, pool, ARTICLE_WORDS))
            written += 1
        n += 1
    return written


def _write_text_page(path: Path, body: Body) -> None:
    path.write_text(body.title + "\n\n" + "\n\n".join(body.paragraphs) + "\n", encoding="utf-8")


def magazine(bodies: list[Body]) -> str:
    """The magazine's saved-page layout: section, title, author, "Published / on", body."""
    parts = ["Connect with us"]
    for n, body in enumerate(bodies):
        parts += [SECTIONS[n % len(SECTIONS)], body.title, f"Writer Number{n}", "Published", "on"]
        parts += [*body.paragraphs, "Continue Reading"]
    parts += ["Latest", "Trending", "Copyright notice"]
    return "\n\n".join(parts) + "\n"


def html_page(body: Body) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(body.title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(body.title)}</h1>\n"
        f"{paragraphs}</article><footer>Site footer</footer></body></html>\n"
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (port 0) from a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
