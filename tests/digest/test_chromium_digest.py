"""The HTML digest in headless Chromium at phone and desktop widths: every section and article is
visible, nothing overflows horizontally, every "#" link lands on an element, an article of several
regions is reachable from each of their sections, hostile titles are shown as text and run
nothing, and no format shows a server path.

A harness page (ours, in the test's temp dir) frames the digest at 375 and 1280 CSS pixels and
measures it; the digest file itself is exactly what monitor renders. The screenshot is saved as
``digest.png`` beside it.
"""

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from builders import stored_article

from monitor.digest.render import Renderer
from monitor.digest.select import build_digest
from monitor.models import Evidence, Region, StoredArticle

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
WIDTHS = (390, 1280)
HOSTILE = "<script>document.body.dataset.pwned = 'script'</script>"
HOSTILE_IMG = "<img src=x onerror=\"document.body.dataset.pwned = 'img'\">"
ARTICLES = (
    (Region.CENTRAL_ASIA, "Dam Talks on the Upper Naryn"),
    (Region.CENTRAL_ASIA, f"Ministers Meet in Almaty {HOSTILE}"),
    (Region.SOUTH_ASIA, "Monsoon Forecasts for Sindh and Punjab"),
    (Region.SOUTH_ASIA, "Port Cranes Arrive at Chittagong " + "Supercalifragilistic" * 6),
    (Region.MIDDLE_EAST, f"Desalination Plans on the Gulf Coast {HOSTILE_IMG}"),
    (Region.OTHER, "Polar Research Stations Share Data"),
)
HARNESS = """<!DOCTYPE html><html><body style="margin:0">
%(frames)s<pre id="result">pending</pre>
<script>
window.addEventListener("load", () => {
  const report = {};
  for (const frame of document.querySelectorAll("iframe")) {
    const doc = frame.contentDocument, width = frame.clientWidth;
    const visible = (el) => {
      const box = el.getBoundingClientRect(), style = frame.contentWindow.getComputedStyle(el);
      return box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= width + 0.5
        && style.visibility !== "hidden" && style.display !== "none";
    };
    report[width] = {
      scrollWidth: doc.documentElement.scrollWidth,
      sections: [...doc.querySelectorAll("h2")].filter(visible).map((el) => el.textContent),
      titles: [...doc.querySelectorAll("h3")].filter(visible).map((el) => el.textContent),
      dangling: [...doc.querySelectorAll('a[href^="#"]')]
        .map((a) => a.getAttribute("href").slice(1)).filter((id) => !doc.getElementById(id)),
      reachable: Object.fromEntries([...doc.querySelectorAll("section[id]")].map((section) => [
        section.id,
        [...section.querySelectorAll("article[id], a[href^='#']")]
          .map((el) => el.id || el.getAttribute("href").slice(1)),
      ])),
      scripts: doc.querySelectorAll("script, img, iframe").length,
      pwned: doc.body.dataset.pwned || null,
    };
  }
  document.getElementById("result").textContent = JSON.stringify(report);
});
</script></body></html>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium package)")
    return found


def stored(i: int, region: Region, title: str) -> StoredArticle:
    secondary = (Region.CENTRAL_ASIA,) if i in (3, 5) else ()  # two cross-listed articles
    regions = (region, *secondary) if region is not Region.OTHER else ()
    return stored_article(
        i,
        region,
        (Evidence("x", region, 1, 1.0),),
        regions=regions,
        title=title,
        author="A. Writer",
        url=f"https://example.org/{i}/" + "long-slug-" * 12,
        published=NOW,
        first_seen=NOW,
        sources=(f"/srv/monitor/seeds/page{i}.html",),
        summary=("An invented sentence for the layout test. " * 4,),
    )


def test_digest_is_readable_at_phone_and_desktop_widths(tmp_path):
    browser = chromium()
    articles = [stored(i, region, title) for i, (region, title) in enumerate(ARTICLES, 1)]
    digest = build_digest(articles, None, NOW)
    renderer = Renderer()
    for fmt in ("markdown", "text"):
        assert "/srv/" not in renderer.render(digest, fmt), fmt
    html = renderer.render(digest, "html")
    assert "/srv/" not in html
    (tmp_path / "digest.html").write_text(html, encoding="utf-8")
    frames = "".join(
        f'<iframe src="digest.html" style="width:{w}px;height:2400px;border:0"></iframe>'
        for w in WIDTHS
    )
    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS % {"frames": frames}, encoding="utf-8")
    screenshot = tmp_path / "digest.png"
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--allow-file-access-from-files",  # lets the harness read its framed file
            f"--window-size={sum(WIDTHS) + 20},2400",
            f"--screenshot={screenshot}",
            "--dump-dom",
            harness.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match and match.group(1) != "pending", done.stderr[-2000:]
    report = json.loads(
        match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
    assert screenshot.stat().st_size > 10_000
    for width in WIDTHS:
        seen = report[str(width)]
        assert seen["scrollWidth"] <= width, f"horizontal overflow at {width}px"
        assert [s.split(" (")[0] for s in seen["sections"]] == [
            "Top stories",
            "Central Asia",
            "South Asia",
            "Middle East",
            "Other",
        ]
        assert len(seen["titles"]) == len(ARTICLES)
        assert seen["dangling"] == []  # every "#" link lands on an element
        for article in articles:
            for region in article.classification.regions:
                assert f"a{article.id}" in seen["reachable"][region.value], (article.id, region)
        assert any(HOSTILE in title for title in seen["titles"])  # shown as text
        assert any(HOSTILE_IMG in title for title in seen["titles"])
        assert seen["scripts"] == 0 and seen["pwned"] is None  # nothing ran
