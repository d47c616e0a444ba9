"""The alarm on itself: the plan decided from values, and the mails at a real aiosmtpd server
from a monitor whose only feed (a real local HTTP server) fails, then recovers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from delivery_helpers import NOW, delivery_config
from feedserver import FeedServer, Reply
from feedtexts import GULF, wordpress_rss
from mailserver import smtp_server

from monitor.app import Monitor
from monitor.config.load import FeedConfig, FetchConfig, load_config
from monitor.config.ops import AlertsConfig
from monitor.errors import ConfigError
from monitor.ops.alerts import FEEDS, plan
from monitor.records import Incident
from monitor.store.sqlite import Store

HOUR = timedelta(hours=1)
DOWN = {FEEDS: "every feed is failing (1): HTTP 503"}


def test_a_feed_incident_is_mailed_once_it_lasted_then_once_resolved():
    opened = plan(NOW, DOWN, [], HOUR)
    assert opened.mail == () and [i.kind for i in opened.save] == [FEEDS]
    [known] = opened.save
    assert plan(NOW + HOUR / 2, DOWN, [known], HOUR).mail == ()  # not long enough yet
    [(what, mailed)] = plan(NOW + HOUR, DOWN, [known], HOUR).mail
    assert what == "alert" and mailed.notified
    assert plan(NOW + 2 * HOUR, DOWN, [mailed], HOUR).mail == ()  # once per incident
    resolved = plan(NOW + 3 * HOUR, {}, [mailed], HOUR)
    assert resolved.mail == (("resolved", mailed),) and resolved.drop == (FEEDS,)


def test_an_incident_that_clears_before_its_mail_is_forgotten_quietly():
    quiet = plan(NOW, {}, [Incident(FEEDS, NOW, "x")], HOUR)
    assert quiet.mail == () and quiet.drop == (FEEDS,)


def test_other_incidents_are_mailed_at_once():
    [(what, incident)] = plan(NOW, {"digest": "the digest of 07:00 did not go out"}, [], HOUR).mail
    assert what == "alert" and incident.kind == "digest"


def test_alerts_need_an_smtp_server(tmp_path):
    path = tmp_path / "monitor.toml"
    path.write_text("[alerts]\nto = ['ops@example.org']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="alerts.to"):
        load_config(path)


def test_every_feed_down_mails_the_alarm_once_and_resolved_once(tmp_path):
    clock = [NOW]
    with FeedServer() as server, smtp_server() as (port, mailbox):
        feed = server.route("/feed", Reply(503))
        config = replace(
            delivery_config(tmp_path / "none", smtp_port=port),
            feeds=(FeedConfig(feed),),
            fetch=FetchConfig(allow_private=True, timeout=2, deadline=3),
            alerts=AlertsConfig(to=("ops@example.org",), feeds_down_hours=1),
        )
        with Monitor(config, Store.open(tmp_path / "state"), lambda: clock[0]) as monitor:
            monitor.digest_if_due()  # the feed fails; the day's digest is made and mailed
            for hours in (2, 3):  # down for over an hour: one alarm, not two
                clock[0] = NOW + hours * HOUR
                monitor.ingest_job()
            server.routes["/feed"] = [Reply(200, {}, wordpress_rss("G", (GULF,)))]
            clock[0] = NOW + 10 * HOUR  # past any backoff: polled, and back
            monitor.ingest_job()
            assert monitor.store.incidents() == []
    alarms = [m for to, m in mailbox.received if to == ("ops@example.org",)]
    subjects = [str(message["Subject"]).strip() for message in alarms]
    assert len(subjects) == 2, subjects
    assert subjects[0].startswith("monitor ALERT: every feed is failing (1): HTTP 503")
    assert subjects[1].startswith("monitor resolved: every feed is failing")
