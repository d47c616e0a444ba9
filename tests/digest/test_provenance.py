"""Where an entry comes from, end to end: a feed's configured name, else the feed's own title;
a saved page's folder name, else the publication the page names itself, else its file name.

The pages and feeds are invented for these tests.
"""

from __future__ import annotations

from dataclasses import replace

from delivery_helpers import NOW, delivery_config
from feedserver import FeedServer, Reply
from feedtexts import DAM, GULF, wordpress_rss

from monitor.app import Monitor
from monitor.config.load import FeedConfig, FetchConfig
from monitor.store.sqlite import Store

FOOTED_PAGE = (
    "Herders Return to the Alai Valley\n\n"
    "Herders from Osh drove their flocks back to the summer pastures of the Alai valley this "
    "week, a month later than usual after a cold spring. Veterinary teams from Bishkek checked "
    "the animals at the Sary-Tash crossing before they went up.\n\n"
    "Pasture committees said the grass was thin in the lower valley but good above Daroot-Korgon, "
    "and that the road to the Tajik border had been cleared of snow.\n\n"
    "Copyright © 2026 Alai Quarterly. All rights reserved.\n"
)
PLAIN_PAGE = (
    "Apricot Harvest Starts Early in Batken\n\n"
    "Farmers in Batken began picking apricots ten days early this year after a warm May, and "
    "traders from Kazakhstan arrived in the villages before the first crates were packed. "
    "Prices opened higher than last season because frost spared the orchards.\n"
)


def test_each_entry_names_its_publication_never_a_host_or_a_path(tmp_path):
    pages = tmp_path / "saved" / "pages"
    pages.mkdir(parents=True)
    (pages / "alai.txt").write_text(FOOTED_PAGE, encoding="utf-8")
    (pages / "apricots.txt").write_text(PLAIN_PAGE, encoding="utf-8")
    with FeedServer() as server:
        feed = wordpress_rss("Central Asia", (DAM,))  # titled "Central Asia – News Example"
        untitled = server.route("/category/central-asia/feed/", Reply(200, {}, feed))
        named = server.route("/gulf/feed/", Reply(200, {}, wordpress_rss("Middle East", (GULF,))))
        config = replace(
            delivery_config(pages),
            feeds=(FeedConfig(untitled), FeedConfig(named, name="The Gulf Letter")),
            fetch=FetchConfig(allow_private=True, timeout=5, deadline=10),
        )
        with Monitor(config, Store.open(tmp_path / "state"), lambda: NOW) as monitor:
            monitor.ingest()
            made = monitor.make_digest(preview=True)
    text = made.bodies.text.splitlines()
    source = {  # the line under each entry's title: "  <publication> | <date> | ..."
        title: text[next(n for n, line in enumerate(text) if title in line) + 1].split(" | ")[0]
        for title in (DAM.title, GULF.title, "Herders Return", "Apricot Harvest")
    }
    assert source[DAM.title] == "  News Example"  # the category feed's own title, less its category
    assert source[GULF.title] == "  The Gulf Letter"  # the configured name comes first
    assert source["Herders Return"] == "  Alai Quarterly"  # what the page names itself
    assert source["Apricot Harvest"] == "  apricots.txt"  # else its file name
    for body in (made.bodies.html, made.bodies.markdown, made.bodies.text):
        assert "127.0.0.1" not in body.split("Feeds:")[0] and str(tmp_path) not in body
