"""Feeds written for these tests: invented posts in WordPress RSS 2.0 and Atom layouts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

SITE = "https://news.example"


@dataclass(frozen=True)
class Post:
    pid: int
    title: str
    paragraphs: tuple[str, ...]
    categories: tuple[str, ...]
    day: int = 2
    author: str = "Dana Ortiz"

    @property
    def guid(self) -> str:
        return f"{SITE}/?p={self.pid}"

    @property
    def link(self) -> str:
        return f"{SITE}/2026/11/{self.day:02d}/post-{self.pid}/"

    def edited(self, title: str, extra: str) -> Post:
        return replace(self, title=title, paragraphs=self.paragraphs + (extra,))


RAIL = Post(
    501,
    "A Freight Corridor From Termez to the Sea",
    (
        "Planners in Tashkent and Kabul have drawn a new freight line south from Termez, and the"
        " engineers say the hardest part is the climb through the passes north of Kabul.",
        "The line would let Uzbekistan ship cotton and fertiliser to Karachi in days rather than"
        " weeks, if the financing that Islamabad keeps promising ever arrives.",
        "Nobody on the survey team expects trains before the end of the decade.",
    ),
    ("Central Asia", "South Asia"),
)
DAM = Post(
    502,
    "Reservoir Talks Resume in Dushanbe",
    (
        "Water officials from Tajikistan and Kyrgyzstan met in Dushanbe to argue once more about"
        " the spring release schedule of the upper reservoirs.",
        "Both sides left with a draft calendar for the reservoirs and a promise to meet again.",
        "The officials said the spring release from the reservoirs will follow the draft.",
    ),
    ("Central Asia",),
    day=3,
)
GULF = Post(
    503,
    "Port Fees Rise Along the Gulf Coast",
    (
        "Shipping agents in Muscat and Dubai report higher port fees this quarter, which they"
        " blame on insurance costs after a season of incidents in the Strait of Hormuz.",
        "Traders in Oman say the higher port fees will pass to consumers within months.",
        "Agents in Dubai expect the insurance costs behind the fees to fall next year.",
    ),
    ("Middle East",),
    day=4,
)


def wordpress_rss(name: str, posts: tuple[Post, ...], ttl: int | None = None) -> bytes:
    items = "".join(_item(post) for post in posts)
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
        f"<title>{escape(name)} – News Example</title><link>{SITE}</link>"
        f"<description>Invented test feed</description>{ttl_tag}\n{items}</channel></rss>\n"
    ).encode()


def _item(post: Post) -> str:
    figure = '<figure><img src="x.jpg"/><figcaption>A caption to leave out.</figcaption></figure>'
    parts = [f"<p>{escape(p)}</p>" for p in post.paragraphs]
    body = "".join(parts[:1] + [figure] + parts[1:])
    footer = (
        f'<p>The post <a href="{post.link}">{escape(post.title)}</a> appeared first on'
        f' <a href="{SITE}">News Example</a>.</p>'
    )
    cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in post.categories)
    date = format_datetime(datetime(2026, 11, post.day, 8, 30, tzinfo=UTC))
    return (
        f"<item><title>{escape(post.title)}</title><link>{post.link}</link>"
        f"<dc:creator><![CDATA[{post.author}]]></dc:creator><pubDate>{date}</pubDate>{cats}"
        f'<guid isPermaLink="false">{post.guid}</guid>'
        f"<description><![CDATA[{escape(post.paragraphs[0][:80])} [&#8230;]]]></description>"
        f"<content:encoded><![CDATA[{body}{footer}]]>"
        "</content:encoded></item>\n"
    )


def excerpt_rss(posts: tuple[Post, ...]) -> bytes:
    """A personal blog's feed: a short excerpt per post and no content:encoded."""
    items = "".join(
        f"<item><title>{escape(p.title)}</title><link>{p.link}</link>"
        f"<guid>{p.guid}</guid><description>{escape(p.paragraphs[0][:60])} [&#8230;]"
        "</description></item>"
        for p in posts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Field blog</title><link>{SITE}</link>{items}</channel></rss>"
    ).encode()


def article_page(post: Post) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in post.paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(post.title)}</title></head><body>"
        "<nav>Home | About | Contact</nav>"
        f"<article><h1>{escape(post.title)}</h1>{paragraphs}</article>"
        "<footer>Copyright News Example</footer></body></html>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Steppe Notes</title>
  <id>urn:example:steppe</id>
  <updated>2026-11-05T10:00:00Z</updated>
  <entry>
    <title type="html">Herders &amp;amp; the &lt;em&gt;Winter&lt;/em&gt; Pastures</title>
    <id>urn:example:steppe:7</id>
    <link href="/notes/7" rel="alternate"/>
    <updated>2026-11-05T10:00:00Z</updated>
    <author><name>Aru Bek</name></author>
    <category term="Kazakhstan"/>
    <content type="html">&lt;p&gt;Herders near Shymkent moved their flocks early.&lt;/p&gt;
      &lt;script&gt;alert(1)&lt;/script&gt;
      &lt;p onclick="x()"&gt;Snow came in October.&lt;/p&gt;</content>
  </entry>
</feed>
"""
