"""What the digest shows of the regions: "why here" terms and the configured section labels.

Every article here is invented for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from builders import stored_article

from monitor.cli.main import main
from monitor.digest.render import Renderer, why_here
from monitor.digest.select import build_digest
from monitor.errors import ExitCode
from monitor.models import Evidence, Region, StoredArticle

CA, SA, ME, OTHER = Region.CENTRAL_ASIA, Region.SOUTH_ASIA, Region.MIDDLE_EAST, Region.OTHER
NOW = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
EVIDENCE = (
    Evidence("Tashkent", CA, 3, 0.4),
    Evidence("Moscow", OTHER, 4, 0.3),
    Evidence("Tehran", ME, 1, 0.2),
    Evidence("Peshawar", SA, 2, 0.1),
)


def article(primary: Region, regions: tuple[Region, ...]) -> StoredArticle:
    return stored_article(
        1, primary, EVIDENCE, regions, title="Rail Talks", sources=("note.txt",), first_seen=NOW
    )


def test_why_here_lists_only_the_terms_of_the_articles_own_regions():
    why = why_here(article(CA, (CA, SA)))
    assert "Tashkent (Central Asia) ×3" in why and "Peshawar (South Asia) ×2" in why
    assert "Moscow" not in why and "Tehran" not in why
    assert why.index("Tashkent") < why.index("Peshawar")  # heaviest first


def test_why_here_for_an_article_in_no_region_lists_the_places_outside():
    why = why_here(article(OTHER, ()))
    assert why == "Moscow (Other) ×4"


LABELS = {CA: "Eurasia Desk", SA: "Subcontinent <Desk>"}


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_configured_labels_name_the_sections(fmt):
    digest = build_digest([article(CA, (CA, SA))], None, NOW)
    default = Renderer().render(digest, fmt)
    labelled = Renderer(labels=LABELS).render(digest, fmt)
    assert "Eurasia Desk".upper() not in default.upper()
    assert "Eurasia Desk" in labelled or "EURASIA DESK" in labelled
    if fmt == "html":
        assert "<h2>Eurasia Desk <small>" in labelled
        assert (
            '<p class="why">Why here: Tashkent (Eurasia Desk) ×3,'
            " Peshawar (Subcontinent &lt;Desk&gt;)" in labelled
        )
    if fmt == "text":
        assert "EURASIA DESK (1)\n================\n" in labelled
    tags = "Regions: Eurasia Desk, Subcontinent <Desk>" if fmt != "html" else (
        "<span>Eurasia Desk</span><span>Subcontinent &lt;Desk&gt;</span>"
    )
    if fmt == "markdown":
        tags = tags.replace("<", "&lt;").replace(">", "&gt;")
    assert tags in labelled


def test_monitor_digest_uses_the_labels_of_the_config(tmp_path, own_pages, capsys):
    config = tmp_path / "monitor.toml"
    config.write_text('[regions]\nlabels = { south_asia = "Af-Pak Desk" }\n', encoding="utf-8")
    out = tmp_path / "digest.md"
    code = main(
        ["--state-dir", str(tmp_path / "state"), "digest", "--config", str(config)]
        + ["--seeds", str(own_pages), "--no-feeds", "--out", str(out)]
    )
    assert code == ExitCode.OK, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "## Af-Pak Desk (" in text and "## South Asia" not in text
