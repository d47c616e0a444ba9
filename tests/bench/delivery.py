"""Delivery benchmark (run by hand: ``python tests/bench/delivery.py``; not collected by pytest).

Measures, on invented articles in a temporary state dir:
- publishing a digest of N articles (select, render HTML/Markdown/text, record with its outbox);
- sending it to a local aiosmtpd server (CSS inlining + SMTP), per message;
- writing the files of the 365th digest (its HTML/Markdown, index.html and the Atom feed).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from delivery_helpers import delivery_config  # noqa: E402
from mailserver import smtp_server  # noqa: E402

from monitor.app import Monitor  # noqa: E402
from monitor.delivery import dispatch as deliver  # noqa: E402
from monitor.delivery.mail import SmtpSender  # noqa: E402
from monitor.models import (  # noqa: E402
    REGION_ORDER,
    Analysis,
    Article,
    Classification,
    Identity,
)
from monitor.store.sqlite import Store  # noqa: E402

ARTICLES_PER_DIGEST = 200
DAYS = 365
START = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)


def add_articles(store: Store, count: int, first: int, now: datetime) -> None:
    with store.transaction() as tx:
        for i in range(first, first + count):
            region = REGION_ORDER[i % len(REGION_ORDER)]
            article = Article(
                title=f"Invented article number {i} about water and trade",
                text=f"Invented body {i}. " * 40,
                source=f"/bench/page{i}.txt",
                layout="text",
                url=f"https://example.org/a/{i}",
            )
            analysis = Analysis(
                Identity(guid=f"bench-{i}", canonical_url=None, fingerprint=f"fp{i}"),
                summary=(f"An invented summary sentence for article {i}.",) * 3,
                classification=Classification(region, () if i % 4 == 3 else (region,)),
            )
            tx.add_article(article, analysis, now)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, smtp_server() as (port, mailbox):
        root = Path(tmp)
        store = Store.open(root / "state")
        mail_config = delivery_config(root, out_dir=root / "site", smtp_port=port)
        files_config = delivery_config(root, out_dir=root / "site")
        sender = SmtpSender(mail_config.email, None)
        publish, send, files = [], [], []
        for day in range(DAYS):
            now = START + timedelta(days=day)
            big = day in (0, DAYS - 1)
            config = mail_config if big else files_config
            add_articles(store, ARTICLES_PER_DIGEST if big else 5, day * ARTICLES_PER_DIGEST, now)
            started = time.perf_counter()
            Monitor(config, store, clock=lambda at=now: at).make_digest()  # rendered, recorded
            if big:
                publish.append(time.perf_counter() - started)
            started = time.perf_counter()
            deliver.send_due(store, config, sender, now)
            (send if big else files).append(time.perf_counter() - started)
        print(f"digests: {DAYS}, mails received: {len(mailbox.received)}")
        print(
            f"publish a {ARTICLES_PER_DIGEST}-article digest:"
            f" {statistics.mean(publish) * 1000:.1f} ms"
        )
        print(
            f"deliver a {ARTICLES_PER_DIGEST}-article digest (files + 1 mail): "
            f"{statistics.mean(send) * 1000:.1f} ms"
        )
        print(
            f"files of a small digest, median over the year (index + Atom rebuilt): "
            f"{statistics.median(files) * 1000:.1f} ms; last: {files[-1] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
