"""Feeds of invented posts for the cluster tests: every post its own story (made-up words, no
two near-duplicates), so that each must be stored exactly once."""

from __future__ import annotations

from builders import invented_words
from feedtexts import Post, wordpress_rss


def invented_posts(feed: int, count: int) -> tuple[Post, ...]:
    """``count`` posts of feed number ``feed``, with guids no other feed's post has."""
    posts = []
    for n in range(count):
        pid = feed * 1000 + n
        sentences = tuple(
            invented_words(pid * 10 + s, 12).capitalize() + f" in Tashkent on day {s + 1}."
            for s in range(4)
        )
        posts.append(Post(pid, f"Report {pid} from the Fergana Valley", sentences, ("Asia",)))
    return tuple(posts)


def invented_feed(feed: int, count: int) -> tuple[bytes, tuple[Post, ...]]:
    """An RSS feed of ``count`` invented posts, and the posts."""
    posts = invented_posts(feed, count)
    return wordpress_rss(f"Feed {feed}", posts), posts
