"""Email over SMTP with STARTTLS: plain text and HTML, from the tenant's sender name.

The relay is AFTERSALES_SMTP_HOST (and port, credentials, and the CA file trusted for its
certificate); the sender's name and address are the tenant's. STARTTLS is required: a relay that
does not offer it gets nothing. Each mail's Message-ID is made from our message id, so a mail
resent after a crash between the relay's acceptance and our record of it is the same mail to
the recipient's mail system. A 4xx reply, a refused connection or a dropped one are failures for
now; a 5xx reply (an unknown mailbox, say) fails the message for good.
"""

import html
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from adapters.channels.accounts import EmailSender, TenantChannels
from adapters.channels.port import Outgoing, SendFailed, not_configured
from domain.values import ContactChannel


class Smtp:
    channel = ContactChannel.EMAIL
    correlates = False

    def __init__(
        self,
        host: str | None,
        port: int,
        timeout: float,
        *,
        username: str | None = None,
        password: str | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.credentials = (username, password) if username and password else None
        self.tls = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)

    def send(self, accounts: TenantChannels, message: Outgoing) -> str | None:
        if accounts.email is None or self.host is None:
            raise not_configured(self.channel)
        mail = compose(accounts.email, message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.starttls(context=self.tls)
                if self.credentials:
                    smtp.login(*self.credentials)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as e:
            code, reply = next(iter(e.recipients.values()))
            raise _refused(code, reply) from None
        except smtplib.SMTPNotSupportedError:
            raise SendFailed(
                "starttls_unavailable", "the relay offers no STARTTLS", permanent=False
            ) from None
        except smtplib.SMTPResponseException as e:
            raise _refused(e.smtp_code, e.smtp_error) from None
        except (OSError, smtplib.SMTPException) as e:
            raise SendFailed(
                "unreachable", f"the SMTP relay: {type(e).__name__}", permanent=False
            ) from None
        return str(mail["Message-ID"])

    def close(self) -> None:
        """Nothing is kept open between messages."""


def compose(sender: EmailSender, message: Outgoing) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = formataddr((sender.sender_name, sender.sender_address))
    mail["To"] = message.to
    mail["Subject"] = message.subject or sender.sender_name
    mail["Message-ID"] = f"<{message.message_id}@aftersales>"
    mail.set_content(message.body)
    paragraphs = "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in message.body.split("\n\n")
    )
    mail.add_alternative(f"<!doctype html><html><body>{paragraphs}</body></html>", subtype="html")
    return mail


def _refused(code: int, reply: bytes | str) -> SendFailed:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return SendFailed(f"smtp_{code}", text[:500], permanent=code >= 500)
