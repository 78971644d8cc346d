"""A real SMTP server in the test process (aiosmtpd) that refuses chosen recipients.

Addresses starting with "refused" get a permanent 550, "busy" a temporary 451; every other
message is accepted and kept. It counts the SMTP sessions, so a test can see that one batch
used one connection.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    content: bytes


@dataclass
class RefusingHandler:
    messages: list[Received] = field(default_factory=list)
    sessions: set[int] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.sessions.add(id(session))
        if address.startswith("refused"):
            self.refused.append(address)
            return "550 5.1.1 Mailbox unavailable"
        if address.startswith("busy"):
            self.refused.append(address)
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    @property
    def delivered_to(self) -> list[str]:
        return [recipient for message in self.messages for recipient in message.recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Start the server and point Django's SMTP backend at it; yields the handler with what it received."""
    handler = RefusingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def closed_smtp_port(settings):
    """Django's SMTP backend pointed at a port where no server listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def hanging_smtp_server(settings):
    """Django's SMTP backend pointed at a server that accepts the connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield listener  # the kernel completes each connection; nobody ever reads or answers
    finally:
        listener.close()
