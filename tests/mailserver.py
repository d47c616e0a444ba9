"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the delivery tests, and a free port picker."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A port nothing listens on (connecting to it is refused until a server takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """The aiosmtpd handler: keeps what it accepts; answers 451/550 for chosen recipients."""

    busy: set[str] = field(default_factory=set)  # answered "451 try again later"
    unknown: set[str] = field(default_factory=set)  # answered "550 no such user"
    received: list[tuple[tuple[str, ...], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.busy:
            return "451 4.3.0 Mailbox busy, try again later"
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for _, message in self.received]


def _login_check(login: tuple[str, str]):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and (
                auth_data.login.decode(),
                auth_data.password.decode(),
            )
            == login
        )
        return AuthResult(success=ok, handled=False)  # False: the server answers 535

    return authenticate


@contextmanager
def smtp_server(
    port: int | None = None, mailbox: Mailbox | None = None, login: tuple[str, str] | None = None
):
    """A server on 127.0.0.1; with ``login`` it requires AUTH with that user and password."""
    mailbox = mailbox or Mailbox()
    auth = {"authenticator": _login_check(login), "auth_require_tls": False} if login else {}
    controller = Controller(mailbox, hostname="127.0.0.1", port=port or free_port(), **auth)
    controller.start()
    try:
        yield controller.port, mailbox
    finally:
        controller.stop()
