"""The real seed pages (read from ../shared/seeds): every article once, clean, well titled."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from paths import SEEDS, require_shared

from monitor.cli.main import main
from monitor.errors import ExitCode
from monitor.models import Article
from monitor.sources import clean
from monitor.sources.pages import blog, magazine
from monitor.sources.pages import split as pages

#: Articles per seed file (by its number) and how many of them name an author.
EXPECTED = {"000": (4, 3), "001": (4, 2), "002": (4, 3), "003": (10, 6)}
DISTINCT_ARTICLES = 20  # 000 and 001 share two articles

NEVER_IN_TEXT = (
    "Continue Reading",
    "Connect with us",
    "hours ago",
    "mins ago",
    "Posts Tagged",
    "Publications",
    "Trending",
    "Copyright",
    "From our partner",
    "A screenshot from",
    "Credit:",
    "PHOTO:",
    "Photo:",
    "ILLUSTRATION",
    "Courtesy of",
    "Advisory Board",
    "is a senior fellow",
    "is a senior associate fellow",
    "is senior associate fellow",
    "has been contributing",
    "About The Authors",
    "Ibid.",
    "Read more here",
)


def split(path: Path) -> list[Article]:
    return pages.split_text(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def seed_articles() -> dict[str, tuple[list[str], list[Article]]]:
    require_shared(SEEDS)
    return {
        path.name[:3]: (clean.paragraphs(path.read_text(encoding="utf-8")), split(path))
        for path in sorted(SEEDS.glob("*.txt"))
    }


def test_each_seed_page_gives_its_articles_with_the_expected_authors(seed_articles):
    counts = {
        key: (len(arts), sum(a.author is not None for a in arts))
        for key, (_, arts) in seed_articles.items()
    }
    assert counts == EXPECTED
    layouts = {key: {a.layout for a in arts} for key, (_, arts) in seed_articles.items()}
    assert layouts == {
        "000": {"magazine"},
        "001": {"magazine"},
        "002": {"magazine"},
        "003": {"blog"},
    }


def test_no_chrome_caption_bio_or_footnote_in_any_article(seed_articles):
    for _, articles in seed_articles.values():
        for article in articles:
            for chrome in NEVER_IN_TEXT:
                assert chrome not in article.text, (article.title, chrome)
            for para in article.text.split("\n\n"):
                assert not re.match(r"^\d{1,3}\s", para), (article.title, para[:40])
                assert not clean.is_caption(para), (article.title, para[:40])
                assert not clean.bio_name(para), (article.title, para[:40])


def test_titles_are_whole_header_lines_and_never_subheadings(seed_articles):
    for paras, articles in seed_articles.values():
        titles = [a.title for a in articles]
        assert len(set(titles)) == len(titles)
        for article in articles:
            at = paras.index(article.title)
            assert 5 <= len(article.title) <= 200 and not article.title.endswith(".")
            assert not article.title.isupper()
            if article.layout == "magazine":
                marker = paras.index("Published", at)
                assert marker - at == (2 if article.author else 1)
                assert article.author is None or paras[marker - 1] == article.author
            else:
                assert blog.is_note(paras[at - 1]), article.title


def test_authors_are_names_and_bodies_run_from_first_to_last_paragraph(seed_articles):
    for _, articles in seed_articles.values():
        for article in articles:
            body = article.text.split("\n\n")
            assert len(body[0]) > 80, (article.title, body[0][:40])  # prose, not a caption
            assert re.search(r"[.!?”\"’)]$", body[-1]), (article.title, body[-1][-40:])
            if article.author and article.layout == "magazine":
                assert magazine.looks_like_name(article.author)


def test_blog_posts_keep_the_note_apart(seed_articles):
    _, posts = seed_articles["003"]
    for post in posts:
        assert post.note and post.note not in post.text
        assert blog.note_score(post.note.split("\n\n")[-1]) >= blog.NOTE_THRESHOLD


def test_the_same_article_on_two_pages_comes_out_identical(seed_articles):
    by_title: dict[str, set[str]] = {}
    for _, articles in seed_articles.values():
        for article in articles:
            by_title.setdefault(article.title, set()).add(article.text)
    assert len(by_title) == DISTINCT_ARTICLES
    assert all(len(texts) == 1 for texts in by_title.values())


def test_digest_of_the_seeds_lists_each_distinct_article_once(
    tmp_path, seeds_dir, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir, copy)
    code = main(["--state-dir", str(tmp_path / "st"), "digest", "--seeds", str(copy), "--no-feeds"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    headings = [line[4:] for line in out.splitlines() if line.startswith("### ")]
    expected = {a.title for path in sorted(copy.glob("*.txt")) for a in split(path)}
    assert len(headings) == len(set(headings)) == DISTINCT_ARTICLES
    assert {h.replace("\\", "") for h in headings} == expected
