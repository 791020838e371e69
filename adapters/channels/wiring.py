"""Messaging's part of the composition root: the channel accounts, a sender per channel and
the automatic messages, each a follower of the log."""

from adapters.channels.accounts import ChannelAccounts
from adapters.channels.automatic import NAME as AUTOMATIC
from adapters.channels.automatic import AutomaticMessages
from adapters.channels.email import Smtp
from adapters.channels.port import Provider
from adapters.channels.sender import Pace, Sender
from adapters.channels.sms import BulkSms
from adapters.channels.whatsapp import WhatsApp
from adapters.postgres.positions import Positions
from adapters.postgres.workers import Workers
from adapters.settings import Settings
from commands.application import Aftersales
from domain.values import ContactChannel


def channel_accounts(settings: Settings) -> ChannelAccounts:
    available = frozenset(ContactChannel) - (
        set() if settings.smtp_host else {ContactChannel.EMAIL}
    )
    return ChannelAccounts(settings.channels_file, available)


def providers(settings: Settings) -> list[Provider]:
    timeout = settings.channel_timeout_seconds
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return [
        WhatsApp(settings.whatsapp_base_url, settings.whatsapp_api_version, timeout),
        BulkSms(settings.sms_base_url, timeout),
        Smtp(
            settings.smtp_host,
            settings.smtp_port,
            timeout,
            username=settings.smtp_username,
            password=password,
            ca_file=settings.smtp_ca_file,
        ),
    ]


def pace(settings: Settings) -> Pace:
    return Pace(
        per_second=settings.messages_per_second,
        retry_seconds=settings.message_retry_seconds,
        retry_max_seconds=settings.message_retry_max_seconds,
        give_up_seconds=settings.message_give_up_seconds,
        unknown_outcome_seconds=settings.whatsapp_unknown_outcome_seconds,
    )


def follow_messages(
    workers: Workers,
    app: Aftersales,
    channels: ChannelAccounts,
    settings: Settings,
    positions: Positions,
) -> None:
    """A sender per channel, and the automatic messages (from the head of the log on first run)."""
    for provider in providers(settings):
        sender = Sender(app, provider, channels, positions, pace(settings))
        workers.follow(sender, batch_size=100, stop=sender.close)
    positions.start(AUTOMATIC, app.recorder.max_notification_id() or 0)
    workers.follow(AutomaticMessages(app, channels, positions), batch_size=100)
