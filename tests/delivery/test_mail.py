"""E-mail delivery against a real SMTP server on 127.0.0.1 (aiosmtpd): the message, retries."""

import json
import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from delivery_helpers import NOW, delivery_config, ingested_store, publish
from mailserver import Mailbox, free_port, smtp_server

from monitor.cli.main import main
from monitor.config.load import EmailConfig
from monitor.delivery import dispatch as deliver
from monitor.delivery import outbox
from monitor.delivery.mail import SmtpSender, smtp_password, subject
from monitor.errors import ConfigError
from monitor.models import Region


def publish_and_send(store, config, now=NOW):
    digest_id = publish(store, config, now)
    sender = SmtpSender(config.email, None, timeout=5)
    return digest_id, deliver.send_due(store, config, sender, now)


def test_one_multipart_message_with_inlined_css_subject_and_message_id(tmp_path, own_pages):
    recipients = ("analyst@example.org", "desk@example.org")
    with smtp_server() as (port, mailbox):
        config = delivery_config(own_pages, smtp_port=port, recipients=recipients)
        store = ingested_store(tmp_path / "state", config)
        digest_id, report = publish_and_send(store, config)
    assert report == deliver.SendReport(sent=2)
    stored = outbox.stored_digest(store, digest_id)
    assert sorted(rcpt for rcpts, _ in mailbox.received for rcpt in rcpts) == sorted(recipients)
    for rcpts, message in mailbox.received:
        assert message["To"] == rcpts[0] and message["From"] == "monitor@example.org"
        assert (
            message["Subject"]
            == "Regional digest 29 Nov: 1 Central Asia, 1 South Asia, 1 Middle East"
        )
        assert message["Message-ID"] == stored.message_id
        assert message.get_content_type() == "multipart/alternative"
        plain, html = (part for part in message.iter_parts())
        assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
        assert "Water, Ice and Power in the Fergana Valley" in plain.get_content()
        body = html.get_content()
        assert "<style" not in body  # the CSS was inlined into style attributes
        assert 'style="' in body and "border-bottom" in body
        assert "Rail Links Between Pakistan and Afghanistan" in body
    assert len(set(mailbox.message_ids())) == 1


def test_with_a_base_url_the_mail_links_to_the_digest_online(tmp_path, own_pages):
    with smtp_server() as (port, mailbox):
        config = delivery_config(own_pages, out_dir=tmp_path / "site", smtp_port=port)
        config = replace(
            config, output=replace(config.output, base_url="https://intranet.example/d/")
        )
        store = ingested_store(tmp_path / "state", config)
        digest_id, report = publish_and_send(store, config)
    assert report == deliver.SendReport(sent=2)
    (_, message), = mailbox.received
    plain, html = (part.get_content() for part in message.iter_parts())
    page = f"https://intranet.example/d/digest-2026-11-29-{digest_id}.html"
    assert plain.startswith(f"View online: {page}\r\n")
    assert f'href="{page}"' in html and (tmp_path / "site" / page.rsplit("/", 1)[1]).is_file()


def test_subject_lists_regions_in_digest_order_and_says_when_empty():
    counts = {Region.MIDDLE_EAST: 1, Region.CENTRAL_ASIA: 4, Region.SOUTH_ASIA: 2}
    day = NOW.replace(day=22)
    assert subject(day, counts) == (
        "Regional digest 22 Nov: 4 Central Asia, 2 South Asia, 1 Middle East"
    )
    assert subject(day, {}) == "Regional digest 22 Nov: no new articles"


def test_refused_then_451_are_retried_and_550_is_reported(tmp_path, own_pages, caplog, capsys):
    port = free_port()  # nothing listens yet: the connection is refused
    to = ("ok@example.org", "busy@example.org", "nobody@example.org")
    config = delivery_config(own_pages, smtp_port=port, recipients=to)
    store = ingested_store(tmp_path / "state", config)
    with caplog.at_level(logging.WARNING, logger="monitor.delivery.dispatch"):
        _, first = publish_and_send(store, config)
    assert first == deliver.SendReport(retrying=3)
    assert len(caplog.records) == 3 and all("retry at" in r.getMessage() for r in caplog.records)
    assert all(d.status == "pending" and d.attempts == 1 for d in outbox.deliveries(store))

    # before the backoff is over nothing is tried
    mailbox = Mailbox(busy={"busy@example.org"}, unknown={"nobody@example.org"})
    sender = SmtpSender(config.email, None, timeout=5)
    with smtp_server(port, mailbox):
        assert deliver.send_due(store, config, sender, NOW) == deliver.SendReport()
        second = deliver.send_due(store, config, sender, NOW + timedelta(minutes=1))
        assert second == deliver.SendReport(sent=1, retrying=1, failed=1)
        mailbox.busy.clear()
        assert deliver.send_due(store, config, sender, NOW + timedelta(minutes=2)) == (
            deliver.SendReport()
        )  # busy@ waits 2 minutes after its second failure
        third = deliver.send_due(store, config, sender, NOW + timedelta(minutes=3))
    assert third == deliver.SendReport(sent=1)
    assert [rcpts for rcpts, _ in mailbox.received] == [("ok@example.org",), ("busy@example.org",)]
    assert len(set(mailbox.message_ids())) == 1  # the retry carries the same Message-ID

    capsys.readouterr()
    assert main(["deliveries", "--json", "--state-dir", str(tmp_path / "state")]) == 0
    rows = {row["target"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["nobody@example.org"]["status"] == "failed"
    assert "550" in rows["nobody@example.org"]["last_error"]
    assert (rows["busy@example.org"]["status"], rows["busy@example.org"]["attempts"]) == ("sent", 3)


def test_an_empty_digest_is_not_mailed_unless_asked(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with smtp_server() as (port, mailbox):
        config = delivery_config(empty, smtp_port=port)
        store = ingested_store(tmp_path / "state", config)
        publish_and_send(store, config)
        assert mailbox.received == []
        asked = delivery_config(empty, smtp_port=port, send_empty=True)
        publish_and_send(store, asked, NOW + timedelta(days=1))
    assert [m["Subject"] for _, m in mailbox.received] == [
        "Regional digest 30 Nov: no new articles"
    ]


def test_password_comes_from_the_named_environment_variable():
    config = EmailConfig(host="smtp.example.org", username="monitor", password_env="SMTP_PW")
    assert smtp_password(config, {"SMTP_PW": "s3cret"}) == "s3cret"
    assert smtp_password(EmailConfig(host="smtp.example.org"), {}) is None
    with pytest.raises(ConfigError, match=r"\$SMTP_PW"):
        smtp_password(config, {})


def test_login_uses_the_password_from_the_environment(tmp_path, own_pages):
    env = {"SMTP_PW": "s3cret"}
    with smtp_server(login=("monitor", "s3cret")) as (port, mailbox):
        config = delivery_config(own_pages, smtp_port=port, send_empty=True)
        store = ingested_store(tmp_path / "state", config)
        email = replace(config.email, username="monitor", password_env="SMTP_PW")
        publish(store, config, NOW)
        wrong = SmtpSender(email, "not the password", timeout=5)
        assert deliver.send_due(store, config, wrong, NOW).failed == 1  # 535: permanent
        publish(store, config, NOW + timedelta(days=1))
        right = SmtpSender(email, smtp_password(email, env), timeout=5)
        assert deliver.send_due(store, config, right, NOW + timedelta(days=1)).sent == 1
    assert len(mailbox.received) == 1


class FailsFor:
    """A real sender, except that one recipient hits an unexpected error (a bug's stand-in)."""

    def __init__(self, real, recipient):
        self.real, self.recipient = real, recipient

    def send(self, message, recipient):
        if recipient == self.recipient:
            raise RuntimeError("unexpected")
        self.real.send(message, recipient)


def test_an_unexpected_error_is_logged_and_the_other_deliveries_go(tmp_path, own_pages, caplog):
    to = ("bug@example.org", "ok@example.org")
    with smtp_server() as (port, mailbox):
        config = delivery_config(own_pages, smtp_port=port, recipients=to)
        store = ingested_store(tmp_path / "state", config)
        publish(store, config, NOW)
        sender = FailsFor(SmtpSender(config.email, None, timeout=5), "bug@example.org")
        with caplog.at_level(logging.ERROR, logger="monitor.delivery.dispatch"):
            report = deliver.send_due(store, config, sender, NOW)
    assert report == deliver.SendReport(sent=1, retrying=1)
    assert [rcpts for rcpts, _ in mailbox.received] == [("ok@example.org",)]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["Unexpected error delivering digest 1"]
    pending = [d for d in outbox.deliveries(store) if d.status == "pending"]
    assert [d.target for d in pending] == ["bug@example.org"]
    assert "RuntimeError" in pending[0].last_error
