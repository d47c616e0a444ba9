"""STARTTLS and SSL against a real aiosmtpd server with a certificate made for the test."""

import shutil
import ssl
import subprocess
from dataclasses import replace

import pytest
from delivery_helpers import NOW, delivery_config, ingested_store, publish
from mailserver import Mailbox, free_port

from monitor.delivery import dispatch as deliver
from monitor.delivery import outbox
from monitor.delivery.mail import SmtpSender


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl), and a client context trusting it."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_secure_connections_deliver_and_check_the_certificate(
    tmp_path, own_pages, certificate, security
):
    from aiosmtpd.controller import Controller

    server_context, client_context = certificate
    options = (
        {"tls_context": server_context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": server_context}
    )
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        config = delivery_config(own_pages, smtp_port=controller.port)
        config = replace(config, email=replace(config.email, security=security))
        store = ingested_store(tmp_path / "state", config)
        publish(store, config, NOW)
        untrusting = SmtpSender(config.email, None, timeout=5)  # the system CAs: not ours
        assert deliver.send_due(store, config, untrusting, NOW).retrying == 1
        assert "CERTIFICATE_VERIFY_FAILED" in outbox.deliveries(store)[0].last_error
        later = NOW.replace(minute=5)
        trusting = SmtpSender(config.email, None, timeout=5, context=client_context)
        assert deliver.send_due(store, config, trusting, later).sent == 1
    finally:
        controller.stop()
    assert len(mailbox.received) == 1
