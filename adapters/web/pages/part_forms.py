"""The ticket page's parts forms: ordering a part, and its arrival or cancellation (a button
each); each the API's command."""

from uuid import UUID

from adapters.web.actions import Action
from commands.fields import Body
from commands.parts import ClosePartOrder, OrderPart, PartOrderRequest


class PartClosing(Body):
    """Which part, and whether it arrived (`true`) or its order was cancelled."""

    part_id: UUID
    arrived: bool


PART_ACTIONS = {
    "parts": Action(PartOrderRequest, OrderPart),
    "part-closing": Action(PartClosing, ClosePartOrder),
}
