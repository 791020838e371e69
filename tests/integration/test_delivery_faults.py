"""Delivery loses nothing and sends nothing twice: a failing provider and a sender killed
between handing a message over and recording it, against the local providers."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.channels.port import Provider, SendFailed
from adapters.channels.sender import Sender
from adapters.channels.wiring import pace, providers
from adapters.http.app import create_app
from adapters.postgres.follower import Follower
from adapters.postgres.positions import Positions
from commands.bus import send
from commands.customers import RegisterCustomer
from commands.messages import SendMessage
from commands.tickets import DeviceDetails, OpenTicket
from domain.context import RequestContext
from domain.message import Message
from domain.message_values import Status
from domain.values import ContactChannel, Role
from queries.tickets import ticket_detail
from tests.providers import bulksms, graph
from tests.providers.accounts import Providers
from tests.providers.graph import signed, status_update
from tests.support import TenantKit, new_tenant

PHONE = "+27825550101"
Outcome = str | None | SendFailed


class Killed(Exception):
    """The sender's process dies."""


class DiesAfterHandingOver(Sender):
    """Dies when the provider has taken its `fatal`-th message, before that is recorded."""

    fatal = 3

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.handed_over = 0

    def record_outcome(
        self, ctx: RequestContext, message_id: UUID, outcome: str | None | SendFailed
    ) -> None:
        if not isinstance(outcome, SendFailed):
            self.handed_over += 1
            if self.handed_over == self.fatal:
                raise Killed
        super().record_outcome(ctx, message_id, outcome)


def sender(services: Services, channel: ContactChannel, kind: type[Sender] = Sender) -> Sender:
    provider: Provider = next(p for p in providers(services.settings) if p.channel is channel)
    positions = Positions(services.datastore)
    return kind(services.app, provider, services.channels, positions, pace(services.settings))


def follower(services: Services, consumer: Sender) -> Follower:
    return Follower(
        services.database_url,
        services.app.recorder,
        consumer,
        channel="aftersales_events",
        batch_size=100,
        poll_interval=0.1,
    )


def queue(kit: TenantKit, channel: ContactChannel, count: int) -> list[UUID]:
    """`count` messages queued to one customer's ticket on the channel."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    consents = {"whatsapp": True, "sms": True, "email": True}
    customer = send(
        RegisterCustomer(
            name="Lerato",
            surname="Dlamini",
            phone=PHONE,
            email="lerato@example.org",
            consents=consents,
        ),
        ctx,
        app,
    ).id
    device = DeviceDetails(make="Deye", model="5K", serial_number="DY5K-0001")
    intake = OpenTicket(
        customer_id=customer, device=device, fault_description="dead", channel="phone"
    )
    ticket = send(intake, ctx, app).id
    content: dict[str, Any] = {"template": "ready"} if channel is ContactChannel.WHATSAPP else {}
    if content:
        from commands.message_settings import SetMessageTemplate

        template = SetMessageTemplate(
            name="ready",
            text="{first_name}: {ticket_number} is ready",
            whatsapp_template="repair_ready",
        )
        send(template, ctx, app)
    return [
        send(
            SendMessage(
                ticket_id=ticket,
                channel=channel,
                channels=(channel,),
                body=None if content else f"Update {i}",
                **content,
            ),
            ctx,
            app,
        ).id
        for i in range(count)
    ]


def statuses(services: Services, ids: list[UUID]) -> list[Status]:
    return [services.app.repository.get(i).status for i in ids]


@pytest.fixture
def workshop(fresh_services: Callable[..., Services], providers: Providers) -> TenantKit:
    """A tenant on a database of its own, whose workers do not run: the test drives senders."""
    kit = new_tenant(fresh_services(whatsapp_unknown_outcome_seconds=1.0))
    providers.enable(kit)
    return kit


def test_whatsapp_failing_and_a_sender_killed_mid_batch_send_each_message_exactly_once(
    workshop: TenantKit, providers: Providers
) -> None:
    services = workshop.services
    ids = queue(workshop, ContactChannel.WHATSAPP, 6)
    before = len(providers.graph.accepted)
    providers.graph.fail(graph.SERVER_ERROR, graph.RATE_LIMITED, graph.SERVER_ERROR)

    dying = sender(services, ContactChannel.WHATSAPP, DiesAfterHandingOver)
    with pytest.raises(Killed):
        follower(services, dying).step()
    handed = providers.graph.accepted[before:]
    assert len(handed) == 3 and statuses(services, ids)[2] is Status.SENDING
    failures = [e for e in services.app.events.get(ids[0]) if isinstance(e, Message.Failed)]
    assert [f.code for f in failures] == ["whatsapp_131000", "whatsapp_130429", "whatsapp_131000"]

    # Meta's callback about the message in flight arrives while the sender is down
    accounts = services.channels.of(workshop.id)
    assert accounts is not None and accounts.whatsapp is not None
    number = accounts.whatsapp.phone_number_id
    body, headers = signed(
        status_update(number, handed[2], "sent"), accounts.whatsapp.app_secret.get_secret_value()
    )
    with TestClient(create_app(services)) as client:
        answer = client.post(
            f"/v1/webhooks/whatsapp/{workshop.slug}", content=body, headers=headers
        )
    assert answer.status_code == 200 and answer.json()["statuses"] == 1, answer.text

    follower(services, sender(services, ContactChannel.WHATSAPP)).catch_up()
    handed = providers.graph.accepted[before:]
    assert sorted(h["biz_opaque_callback_data"] for h in handed) == sorted(map(str, ids))
    assert statuses(services, ids) == [Status.SENT] * 6


def test_a_whatsapp_attempt_with_no_word_after_the_wait_is_sent_again(
    workshop: TenantKit, providers: Providers
) -> None:
    """The documented trade: with no callback within the wait, a message is resent rather than
    lost (a duplicate is possible only then)."""
    services = workshop.services
    ids = queue(workshop, ContactChannel.WHATSAPP, 3)
    before = len(providers.graph.accepted)
    with pytest.raises(Killed):
        follower(services, sender(services, ContactChannel.WHATSAPP, DiesAfterHandingOver)).step()
    follower(services, sender(services, ContactChannel.WHATSAPP)).catch_up()
    handed = [h["biz_opaque_callback_data"] for h in providers.graph.accepted[before:]]
    assert sorted(handed) == sorted(map(str, [*ids, ids[2]]))
    codes = [e.code for e in services.app.events.get(ids[2]) if isinstance(e, Message.Failed)]
    assert codes == ["outcome_unknown"] and statuses(services, ids) == [Status.SENT] * 3


def test_sms_failing_and_a_sender_killed_mid_batch_send_each_message_exactly_once(
    workshop: TenantKit, providers: Providers
) -> None:
    services = workshop.services
    ids = queue(workshop, ContactChannel.SMS, 6)
    before = len(providers.sms.sent_to(PHONE))
    providers.sms.fail(bulksms.SERVER_ERROR, bulksms.RATE_LIMITED)
    with pytest.raises(Killed):
        follower(services, sender(services, ContactChannel.SMS, DiesAfterHandingOver)).step()
    assert statuses(services, ids)[2] is Status.SENDING

    follower(services, sender(services, ContactChannel.SMS)).catch_up()
    sent = providers.sms.sent_to(PHONE)[before:]
    assert sorted(s["body"] for s in sent) == sorted(f"Update {i}" for i in range(6))
    assert statuses(services, ids) == [Status.SENT] * 6


def test_a_message_the_provider_refuses_for_good_fails_with_its_reason_and_the_rest_go(
    workshop: TenantKit, providers: Providers
) -> None:
    services = workshop.services
    ids = queue(workshop, ContactChannel.SMS, 3)
    before = len(providers.sms.sent_to(PHONE))
    providers.sms.fail(bulksms.SERVER_ERROR, bulksms.INVALID_NUMBER)
    follower(services, sender(services, ContactChannel.SMS)).catch_up()
    assert statuses(services, ids) == [Status.FAILED, Status.SENT, Status.SENT]
    assert len(providers.sms.sent_to(PHONE)[before:]) == 2
    services.workers.projections["ticket_details"].catch_up()
    ticket_id: UUID = services.app.repository.get(ids[0]).ticket_id
    shown_ticket = ticket_detail(services.read_store, workshop.ctx(Role.ADMIN), ticket_id)
    (shown,) = [m for m in shown_ticket.messages if m.id == ids[0]]
    assert (shown.status, shown.failure_code) == ("failed", "http_400")
    assert shown.failure_reason == "the phone number is not valid"


def test_an_email_resent_after_a_crash_is_the_same_mail(
    workshop: TenantKit, providers: Providers
) -> None:
    services = workshop.services
    ids = queue(workshop, ContactChannel.EMAIL, 3)
    mailbox = providers.smtp.mailbox
    before = len(mailbox.to("lerato@example.org"))
    mailbox.faults.append("451 4.3.0 try again later")
    with pytest.raises(Killed):
        follower(services, sender(services, ContactChannel.EMAIL, DiesAfterHandingOver)).step()
    follower(services, sender(services, ContactChannel.EMAIL)).catch_up()
    mails = mailbox.to("lerato@example.org")[before:]
    assert sorted({m["Message-ID"] for m in mails}) == sorted(f"<{i}@aftersales>" for i in ids)
    assert len(mails) == 4 and statuses(services, ids) == [Status.SENT] * 3
