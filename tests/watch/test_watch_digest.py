"""Watch hits are found on the one ingest path, stored, and open every digest in a Watchlist
section, the matched terms marked and the untrusted text escaped in all three formats."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from delivery_helpers import NOW, delivery_config

from monitor.app import Monitor
from monitor.models import Region
from monitor.store.sqlite import Store
from monitor.watch.rules import WatchRule

PORT = (
    "Gwadar Port Expands <b>Again</b>\n\n"
    "Pakistan said the CPEC <script>alert(1)</script> projects at Gwadar will add two berths "
    "this year. Officials in Islamabad and Karachi expect *more* ships from [China] soon, and "
    "the provincial government in Balochistan will build a road to the port.\n"
)
WATER = (
    "Dam Talks Resume in Dushanbe\n\n"
    "Tajikistan and Uzbekistan resumed talks on the Rogun dam on the Vakhsh river. Officials "
    "in Dushanbe and Tashkent said the reservoir would be filled more slowly than planned.\n"
)
RULES = (
    WatchRule("Corridor", any=("CPEC", "Gwadar")),
    WatchRule("Rogun", any=("Rogun",), regions=(Region.CENTRAL_ASIA,)),
    WatchRule("Nothing", any=("TAPI",)),
)


def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "port.txt").write_text(PORT, encoding="utf-8")
    (folder / "water.txt").write_text(WATER, encoding="utf-8")
    return folder


def test_hits_are_stored_and_open_the_digest_escaped(tmp_path):
    config = replace(delivery_config(pages(tmp_path)), watch=RULES)
    with Monitor(config, Store.open(tmp_path / "state"), lambda: NOW) as monitor:
        monitor.ingest()
        assert monitor.store.watch_hit_counts() == {"Corridor": 1, "Rogun": 1}
        made = monitor.make_digest()
    watch = {section.rule: section for section in made.digest.watchlist}
    assert [e.terms for e in watch["Corridor"].entries] == [("CPEC", "Gwadar")]
    assert watch["Nothing"].entries == ()

    html = made.bodies.html
    assert html.index('id="watchlist"') < html.index('<nav aria-label="Contents">')
    assert "<mark>Gwadar</mark> Port Expands &lt;b&gt;Again&lt;/b&gt;" in html
    assert "<mark>CPEC</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html and "<b>Again" not in html
    assert "No new hits." in html

    markdown = made.bodies.markdown
    assert "**Gwadar** Port Expands &lt;b&gt;Again&lt;/b&gt;" in markdown
    assert "\\*more\\* ships from \\[China\\]" in markdown
    assert markdown.index("## Watchlist") < markdown.index("## South Asia")

    text = made.bodies.text
    assert "WATCHLIST" in text and "*Rogun*" in text and "*Gwadar* Port Expands" in text
    assert text.index("WATCHLIST") < text.index("CONTENTS")


def test_no_rules_no_section(tmp_path):
    config = delivery_config(pages(tmp_path))
    with Monitor(config, Store.open(tmp_path / "state"), lambda: NOW) as monitor:
        monitor.ingest()
        made = monitor.make_digest(preview=True)
    assert made.digest.watchlist == ()
    assert "Watchlist" not in made.bodies.html and "WATCHLIST" not in made.bodies.text
