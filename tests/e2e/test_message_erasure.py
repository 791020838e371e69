"""Message bodies are personal information: encrypted in the store, gone after an erasure."""

import secrets
from uuid import UUID

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with, received, ticket
from tests.privacy import dump, holds_plaintext, stored_states
from tests.providers.accounts import Providers
from tests.providers.bulksms import reply
from tests.support import TenantKit, caught_up


def test_after_an_erasure_no_message_of_the_person_can_be_read_anywhere(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number = "+2783" + "".join(secrets.choice("0123456789") for _ in range(7))
    outgoing = f"Your quote {secrets.token_hex(8)} is ready"
    incoming = f"Reply {secrets.token_hex(8)} from me"
    customer_id = customer_with(client, tenant, number, sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    sent = client.post(
        f"/v1/tickets/{ticket_id}/messages",
        json={"channel": "sms", "body": outgoing},
        headers=tenant.headers(Role.AGENT),
    )
    assert sent.status_code == 202, sent.text
    received(lambda: providers.sms.sent_to(number))
    answer = client.post(
        f"/v1/webhooks/sms/{tenant.slug}",
        json=reply(number, incoming, f"mo-{secrets.token_hex(4)}"),
        params={"secret": accounts.webhook_secret},
    )
    assert answer.status_code == 200 and answer.json()["messages"] == 1, answer.text
    messages = ticket(client, tenant, ticket_id)["messages"]
    assert [m["body"] for m in messages] == [outgoing, incoming]
    ids = [UUID(m["id"]) for m in messages]
    for topic, state in stored_states(tenant.services, *ids):
        assert holds_plaintext(state, outgoing, incoming, number) == [], topic
    before = dump(tenant.services)  # the read models seal them too: no plaintext copy left
    assert [t for t in (outgoing, incoming) if t in before] == [] and ticket_id in before

    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    erased = client.post(
        f"/v1/customers/{customer_id}/erasure", json={"reason": "asked"}, headers=officer
    )
    assert erased.status_code == 200, erased.text
    caught_up(tenant.services)

    after = ticket(client, tenant, ticket_id)["messages"]
    assert [(m["body"], m["erased"]) for m in after] == [(None, True), (None, True)]
    export = client.get(f"/v1/customers/{customer_id}/export", headers=officer).json()
    assert [m["body"] for m in export["messages"]] == [None, None]
    events = client.get(f"/v1/audit/aggregates/{ids[0]}/events", headers=tenant.headers()).json()
    queued = events["items"][0]["data"]
    assert queued["body"] is None and queued["to"] is None
    text = dump(tenant.services)
    assert [t for t in (outgoing, incoming) if t in text] == []
