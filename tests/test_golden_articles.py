"""The same articles before and after a change: a golden file of what ingest stores.

The seed pages and the realistic WordPress feeds (served from 127.0.0.1) are ingested through the
command line, as a user would, then a second run polls the edited version of the Middle East feed
(an update of a stored article). Every article's title, sources, regions and summary is compared
with ``tests/data/golden_articles.json``, made from main before the package was reorganised.
The file holds digests (SHA-256) of titles and summaries, not the seed pages' text itself.

Regenerate it (only when a change of behaviour is intended, and say so in the commit) with
``MONITOR_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden_articles.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from feedserver import FeedServer, Reply

GOLDEN = Path(__file__).parent / "data" / "golden_articles.json"
SERVER = "http://feeds.test"  # the local server's address, as written in the golden file
SEEDS_PLACEHOLDER = "SEEDS"


def _monitor(*args: str, config: Path, state: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "--state-dir", str(state),
         *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=os.environ,  # MONITOR_STORE_URL: the store (the PostgreSQL variant sets it)
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _config(path: Path, feeds: list[str]) -> Path:
    lines = ["[seeds]", "paths = []", "[fetch]", "allow_private = true", "timeout = 5"]
    for url in feeds:
        lines += ["[[feeds]]", f'url = "{url}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _normalised(record: dict, server: str, seeds: Path) -> dict:
    def place(source: str) -> str:
        return source.replace(server, SERVER).replace(str(seeds), SEEDS_PLACEHOLDER)

    return {
        "title": _digest(record["title"]),
        "sources": sorted(place(s) for s in record["sources"]),
        "primary_region": record["primary_region"],
        "regions": record["regions"],
        "summary": [_digest(sentence) for sentence in record["summary"]],
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _ingested(tmp_path: Path, seeds: Path, realistic: Path) -> list[dict]:
    state = tmp_path / "state"
    with FeedServer() as server:
        urls = []
        for name in ("central-asia", "south-asia", "middle-east"):
            body = (realistic / "magazine" / f"{name}.rss").read_bytes()
            urls.append(server.route(f"/category/{name}/feed/", Reply(200, {}, body)))
        blog = (realistic / "blog" / "tag-central-asia.rss").read_bytes()
        blog = blog.replace(b"https://fieldnotes.example", server.base.encode())
        urls.append(server.route("/tag/central-asia/feed/", Reply(200, {}, blog)))
        first = _config(tmp_path / "first.toml", urls)
        _monitor("ingest", "--seeds", str(seeds), config=first, state=state)
        v2 = (realistic / "magazine" / "middle-east.v2.rss").read_bytes()
        second = _config(tmp_path / "second.toml", [server.route("/v2/feed/", Reply(200, {}, v2))])
        _monitor("ingest", config=second, state=state)
        lines = _monitor("articles", "--json", config=second, state=state).splitlines()
        records = [_normalised(json.loads(line), server.base, seeds) for line in lines]
    return sorted(records, key=lambda r: (r["sources"], r["title"]))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request, monkeypatch) -> None:
    """Both backends: SQLite in the state folder, or PostgreSQL named by MONITOR_STORE_URL."""
    if request.param == "postgresql":
        monkeypatch.setenv("MONITOR_STORE_URL", request.getfixturevalue("pg_url"))
    else:
        monkeypatch.delenv("MONITOR_STORE_URL", raising=False)


def test_ingest_stores_the_same_articles_as_the_golden_file(
    tmp_path, seeds_dir, realistic_dir, store_env
):
    articles = _ingested(tmp_path, seeds_dir, realistic_dir)
    if os.environ.get("MONITOR_REGENERATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(articles, indent=1, ensure_ascii=False) + "\n", "utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(articles) == len(golden)
    assert [a["sources"] for a in articles] == [a["sources"] for a in golden]
    for got, want in zip(articles, golden, strict=True):
        assert got == want, got["sources"]
