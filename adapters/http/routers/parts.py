"""Parts on a ticket: ordered from a supplier, then arrived or cancelled; the parts, with their
state, supplier, tracking and cost, are in the ticket's detail."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from adapters.http.deps import may
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.parts import ClosePartOrder, OrderedPart, OrderPart, PartOrderRequest

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])
_CLOSED: dict[int | str, dict[str, Any]] = {409: {"description": "part_not_open, ticket_closed"}}


@router.post("/{ticket_id}/parts", status_code=201, dependencies=[may(OrderPart)])
def order_part(
    ticket_id: UUID, body: PartOrderRequest, write: WriterDep, response: Response
) -> OrderedPart:
    """Order a part for the ticket; its cost is a string of rand and cents ("1250.00"), a JSON
    number is refused (422). A ticket in `diagnosing` or `in_repair` moves to `awaiting_parts`
    in the same write; in another unfinished status the order is only recorded. A finished
    ticket is 409 `ticket_closed`."""
    answer = write(OrderPart.from_body(body, ticket_id=ticket_id))
    response.headers["Location"] = f"/v1/tickets/{ticket_id}"
    return answer


@router.post(
    "/{ticket_id}/parts/{part_id}/arrival", responses=_CLOSED, dependencies=[may(ClosePartOrder)]
)
def record_arrival(ticket_id: UUID, part_id: UUID, write: WriterDep) -> Written:
    """The ordered part arrived. The last open order closed takes a ticket still in
    `awaiting_parts` back to the status it came from (`diagnosing` when that was `in_repair`
    and the quote does not allow repair to start). A part not on order is 409 `part_not_open`."""
    return write(ClosePartOrder(ticket_id=ticket_id, part_id=part_id, arrived=True))


@router.post(
    "/{ticket_id}/parts/{part_id}/cancellation",
    responses=_CLOSED,
    dependencies=[may(ClosePartOrder)],
)
def cancel_order(ticket_id: UUID, part_id: UUID, write: WriterDep) -> Written:
    """The part's order is cancelled; the ticket moves back as on an arrival."""
    return write(ClosePartOrder(ticket_id=ticket_id, part_id=part_id, arrived=False))
