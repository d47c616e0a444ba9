"""The digest by e-mail: the subject line, the message (pure) and an SMTP sender [io].

One multipart/alternative message: a plain-text part and an HTML part whose CSS is inlined by
css-inline, so it renders in mail clients that drop <style>. The Message-ID comes from the store,
so a retried or re-sent digest carries the same one.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape

import css_inline

from monitor.config.delivery import EmailConfig
from monitor.errors import ConfigError
from monitor.models import REGION_ORDER, Region
from monitor.records import StoredDigest


class DeliveryError(Exception):
    """A delivery failed. ``temporary``: try again later; otherwise it is given up."""

    def __init__(self, message: str, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


def subject(
    day: datetime, counts: Mapping[Region, int], labels: Mapping[Region, str] | None = None
) -> str:
    """E.g. "Regional digest 22 Nov: 4 Central Asia, 2 South Asia, 1 Middle East".

    ``labels``: the region names the config gives (``[regions] labels``), else the defaults."""
    names = {**{r: r.label for r in REGION_ORDER}, **(labels or {})}
    parts = [f"{counts[r]} {names[r]}" for r in REGION_ORDER if counts.get(r)]
    return f"Regional digest {day.day} {day:%b}: {', '.join(parts) or 'no new articles'}"


def build_message(
    digest: StoredDigest, sender: str, recipient: str, view_online: str | None = None
) -> EmailMessage:
    """The mail of a digest; ``view_online``: where the archive shows it (a link at the top)."""
    text, html = digest.bodies.text, digest.bodies.html
    if view_online:
        text = f"View online: {view_online}\n\n{text}"
        link = f'<p class="meta"><a href="{escape(view_online)}">View online</a></p>'
        html = html.replace("<body>", f"<body>\n{link}", 1)
    message = EmailMessage()
    message["Subject"] = digest.bodies.subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(digest.created)
    message["Message-ID"] = digest.message_id
    message.set_content(text)
    if html:  # a reader whose formats leave HTML out gets the text alone
        message.add_alternative(css_inline.inline(html), subtype="html")
    return message


def sender_domain(sender: str) -> str:
    return sender.rpartition("@")[2] or "localhost"


def smtp_password(config: EmailConfig, env: Mapping[str, str]) -> str | None:
    """The SMTP password from the environment variable the config names (never the file)."""
    if not config.username:
        return None
    password = env.get(config.password_env)
    if not password:
        raise ConfigError(
            f"email.username is set but ${config.password_env} is empty",
            f"export {config.password_env}=... in the service's environment",
        )
    return password


class SmtpSender:
    """Sends one message to one recipient per call over a fresh SMTP connection."""

    def __init__(
        self,
        config: EmailConfig,
        password: str | None,
        timeout: float = 30,
        context: ssl.SSLContext | None = None,  # default: the system's trusted CAs
    ) -> None:
        self.config = config
        self.password = password
        self.timeout = timeout
        self.context = context or ssl.create_default_context()

    def send(self, message: EmailMessage, recipient: str) -> None:
        try:
            with self._connect() as smtp:
                if self.password is not None:
                    smtp.login(self.config.username, self.password)
                smtp.send_message(message, from_addr=self.config.sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _reply_error(code, reply) from exc
        except smtplib.SMTPResponseException as exc:
            raise _reply_error(exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:  # refused, timeout, dropped connection
            raise DeliveryError(f"SMTP {self._where()}: {exc}", temporary=True) from exc

    def _connect(self) -> smtplib.SMTP:
        host, port, timeout = self.config.host, self.config.port, self.timeout
        if self.config.security == "ssl":
            return smtplib.SMTP_SSL(host, port, timeout=timeout, context=self.context)
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if self.config.security == "starttls":
            try:
                smtp.starttls(context=self.context)
            except BaseException:
                smtp.close()
                raise
        return smtp

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"


def _reply_error(code: int, reply: bytes | str) -> DeliveryError:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else reply
    return DeliveryError(f"SMTP {code} {text}", temporary=400 <= code < 500)
