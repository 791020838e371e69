"""The tenant's privacy notice (POPIA s18): admins publish versions; a customer's record says
which version they were given, at the desk or on the status page."""

from datetime import datetime
from uuid import UUID

from pydantic import PositiveInt

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN
from domain.context import RequestContext
from domain.customer import Customer
from domain.fields import Label, Text
from domain.privacy_notice import NoticeGiven, PrivacyNotice, Supply, notice_version
from domain.tenant import Tenant


class PrivacyNoticeForm(Body):
    """What s18(1)(a)-(h) asks the business to tell the customer, each part required."""

    collected: Text  # (a) what is collected, and from where
    purpose: Text  # (b) why
    responsible_party: Label  # (c) the business's name
    responsible_party_address: Text  # (c) and its address
    supply: Supply  # (d) voluntary or mandatory
    consequences: Text  # (e) of not supplying it
    law: Text  # (f) the law it is collected under
    transfers: Text  # (g) to another country (Meta's WhatsApp processing)
    rights: Text  # (h) access, correction, objection, complaint to the Information Regulator
    regulator_contact: Text  # (h) the Information Regulator's contact details


class PrivacyNoticePublic(PrivacyNoticeForm):
    version: int
    published_at: datetime


class PublishedNotice(Written):
    notice_version: int


class PublishPrivacyNotice(PrivacyNoticeForm, Command[PublishedNotice]):
    may = ADMIN


@handler
def publish_privacy_notice(
    cmd: PublishPrivacyNotice, ctx: RequestContext, app: Aftersales
) -> PublishedNotice:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    version = tenant.publish_notice(cmd.model_dump(mode="json"))
    written: Written = app.commit(ctx, tenant)
    return PublishedNotice(**written.model_dump(), notice_version=version)


def notice_public(notice: PrivacyNotice) -> PrivacyNoticePublic:
    return PrivacyNoticePublic.model_validate(notice, from_attributes=True)


def give_notice(app: Aftersales, customer: Customer, version: int, how: NoticeGiven) -> None:
    """Put on the customer's record that they were given the tenant's notice of that version
    (422 naming `privacy_notice_version` for a version the tenant never published)."""
    tenant = app.find(Tenant, customer.tenant_id)
    notice_version(tenant.notices if tenant else (), version)
    customer.give_notice(version, how)


def at_desk(app: Aftersales, customer: Customer, version: int | None) -> None:
    """An intake's notice, when the agent confirmed the customer was shown one."""
    if version is not None:
        give_notice(app, customer, version, NoticeGiven.DESK)


NoticeVersion = PositiveInt | None  # the notice an intake's customer was given, if one


class RecordNoticeGiven(Command[Written]):
    """The customer was given the notice of that version: the status page sends this at the
    customer's first visit (no HTTP route takes it; the desk's intake records its own)."""

    public = True
    customer_id: UUID
    version: PositiveInt
    how: NoticeGiven


@handler
def record_notice_given(cmd: RecordNoticeGiven, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    give_notice(app, customer, cmd.version, cmd.how)
    return app.commit(ctx, customer)
