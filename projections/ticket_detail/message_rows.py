"""One row per message, as the ticket detail keeps it (and the triage list reads it): who, which
channel, where it stands, its text, and why it failed; the text, the sender and the failure's
reason sealed under the message's key (projections/sealed_rows.py)."""

from typing import Any

from domain.message import Message
from domain.message_values import Direction, Status
from projections.base import context_of
from projections.buffers import RowState, Seal
from projections.ticket_detail.tables import TICKET_MESSAGES

TEXT = ("body", "sender", "failure_reason")
PERSONAL = ("customer_id", TEXT)
SEALED = ("message_id", TEXT)
EVENTS = (
    Message.Queued,
    Message.Received,
    Message.SendAttempted,
    Message.Sent,
    Message.Delivered,
    Message.Read,
    Message.Failed,
    Message.Assigned,
)
LATER_EVENTS = (
    Message.SendAttempted
    | Message.Sent
    | Message.Delivered
    | Message.Read
    | Message.Failed
    | Message.Assigned
)


class MessageRows(RowState):
    def __init__(self, seal: Seal) -> None:
        super().__init__(TICKET_MESSAGES, "message_id", seal=seal)

    def start(self, event: Message.Queued | Message.Received) -> None:
        outbound = isinstance(event, Message.Queued)
        own = (
            {"purpose": event.purpose}
            if isinstance(event, Message.Queued)
            else {"sender": event.sender, "provider_id": event.provider_id}
        )
        self.insert(
            event.originator_id,
            {
                "tenant_id": event.tenant_id,
                "ticket_id": event.ticket_id,
                "customer_id": event.customer_id,
                "direction": (Direction.OUTBOUND if outbound else Direction.INBOUND).value,
                "channel": event.channel,
                "status": (Status.QUEUED if outbound else Status.RECEIVED).value,
                "body": event.body,
                "created_at": event.timestamp,
                "updated_at": event.timestamp,
                "created_by": context_of(event).actor,
                **own,
            },
        )

    def change(self, event: Any) -> None:
        self.update(event.originator_id, {**changes(event), "updated_at": event.timestamp})


def changes(event: Any) -> dict[str, object]:
    match event:
        case Message.SendAttempted():
            return {"status": Status.SENDING.value, "attempts": event.attempt}
        case Message.Sent():
            sent: dict[str, object] = {"status": Status.SENT.value, "failure_code": None}
            return sent | ({"provider_id": event.provider_id} if event.provider_id else {})
        case Message.Delivered():
            return {"status": Status.DELIVERED.value}
        case Message.Read():
            return {"status": Status.READ.value}
        case Message.Failed():
            status = Status.FAILED if event.permanent else Status.RETRYING
            return {
                "status": status.value,
                "failure_code": event.code,
                "failure_reason": event.reason,
            }
        case Message.Assigned():
            return {"ticket_id": event.ticket_id, "customer_id": event.customer_id}
    return {}
