"""Prometheus metrics: scraped over real HTTP from a running ``monitor run``, parsed with
prometheus_client's own parser, and checked against the store; ``/healthz`` 200, then 503 once
the store is gone; the textfile of a one-shot command."""

from __future__ import annotations

import urllib.error
import urllib.request

from mailserver import free_port
from processes import monitor, stop_and_reap, terminate, wait_for_line
from prometheus_client.parser import text_string_to_metric_families

from monitor.cli.main import main
from monitor.errors import ExitCode
from monitor.store.sqlite import DB_NAME, Store


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape: (name, sorted labels) -> value."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode()


def daemon_config(tmp_path, pages, port: int) -> str:
    path = tmp_path / "monitor.toml"
    path.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(pages)!r}]\n[summary]\nworkers = 1\n"
        f"[digest]\nschedule = 'daily 07:00'\n[output]\ndir = {str(tmp_path / 'site')!r}\n"
        f"[metrics]\nlisten = '127.0.0.1:{port}'\n",
        encoding="utf-8",
    )
    return str(path)


def test_run_serves_metrics_that_agree_with_the_store_and_healthz(tmp_path, own_pages):
    port = free_port()
    state = tmp_path / "state"
    daemon = monitor("run", "--config", daemon_config(tmp_path, own_pages, port),
                     "--state-dir", str(state))  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_line(daemon, "next digest at")  # the first jobs (deliver, digest, ingest) ran
        status, text = get(f"{base}/metrics")
        assert status == 200
        scraped = samples(text)
        store = Store.open(state, uri_mode="ro")
        try:
            articles, digests = store.article_count(), store.digest_count()
            regions, deliveries = store.region_counts(), store.delivery_counts()
        finally:
            store.close()
        assert articles > 0
        assert scraped[("monitor_articles_ingested_total", (("source_kind", "page"),))] == articles
        assert sum(scraped[("monitor_articles", (("region", r),))] for r in regions) == articles
        assert scraped[("monitor_digests_total", ())] == digests == 1
        assert scraped[("monitor_deliveries", (("state", "sent"),))] == deliveries["sent"]
        assert scraped[("monitor_ingest_duration_seconds_count", ())] >= 1
        assert scraped[("monitor_analysis_duration_seconds_count", ())] == articles
        assert scraped[("monitor_feeds", (("health", "ok"),))] == 0  # feeds = []
        assert scraped[("monitor_last_ingest_success_timestamp_seconds", ())] > 0
        assert scraped[("monitor_last_digest_timestamp_seconds", ())] > 0
        assert get(f"{base}/healthz")[0] == 200
        for suffix in ("", "-wal", "-shm"):  # the store is gone
            (state / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
        status, reason = get(f"{base}/healthz")
        assert status == 503 and "the store does not answer" in reason
        assert terminate(daemon) == 0
    finally:
        stop_and_reap(daemon)


def test_a_one_shot_command_writes_the_textfile(tmp_path, own_pages, capsys):
    textfile = tmp_path / "textfile" / "monitor.prom"
    config = tmp_path / "monitor.toml"
    config.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(own_pages)!r}]\n[summary]\nworkers = 1\n"
        f"[metrics]\ntextfile = {str(textfile)!r}\n",
        encoding="utf-8",
    )
    argv = ["ingest", "--config", str(config), "--state-dir", str(tmp_path / "state")]
    assert main(argv) == ExitCode.OK
    scraped = samples(textfile.read_text(encoding="utf-8"))
    ingested = scraped[("monitor_articles_ingested_total", (("source_kind", "page"),))]
    assert ingested > 0
    assert sum(v for (name, _), v in scraped.items() if name == "monitor_articles") == ingested
    assert not list(textfile.parent.glob("*.tmp*"))  # written whole, then renamed
