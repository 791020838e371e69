"""Commands on customers: registration, corrections, devices, consents and objections."""

from uuid import UUID

from pydantic import BaseModel, Field, StrictBool, model_validator

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.privacy_notices import NoticeVersion, at_desk
from domain.access import DESK, PRIVACY_DESK
from domain.context import RequestContext
from domain.customer import Customer
from domain.fields import Day, Email, Label, Name, Phone, Reason, Serial
from domain.values import ContactChannel

REGISTRATION = "registration"


class Consents(BaseModel):
    whatsapp: StrictBool = False
    sms: StrictBool = False
    email: StrictBool = False


class CustomerRegistration(Body):
    name: Name
    surname: Name
    phone: Phone | None = None
    email: Email | None = None
    consents: Consents = Consents()
    privacy_notice_version: NoticeVersion = None  # the notice shown at the desk


class RegisterCustomer(CustomerRegistration, Command[Written]):
    may = DESK


@handler
def register_customer(cmd: RegisterCustomer, ctx: RequestContext, app: Aftersales) -> Written:
    customer = Customer.register(
        tenant_id=ctx.tenant_id,
        name=cmd.name,
        surname=cmd.surname,
        phone=cmd.phone,
        email=cmd.email,
        consents={ContactChannel(c): g for c, g in cmd.consents.model_dump().items()},
        consent_source=REGISTRATION,
    )
    at_desk(app, customer, cmd.privacy_notice_version)
    return app.commit(ctx, customer)


class Correction(Body):
    name: Name | None = None
    surname: Name | None = None
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _something_to_correct(self) -> "Correction":
        if not self.model_fields_set:
            raise ValueError("give at least one of name, surname, phone, email")
        return self


class CorrectCustomer(Correction, Command[Written]):
    may = PRIVACY_DESK
    customer_id: UUID


@handler
def correct_customer(cmd: CorrectCustomer, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    given = cmd.model_fields_set - {"customer_id"}
    customer.correct(**{field: getattr(cmd, field) for field in given})
    return app.commit(ctx, customer)


class DeviceRegistration(Body):
    make: Label
    model: Label
    serial_number: Serial
    purchased_on: Day | None = None
    warranty_until: Day | None = None
    installed_on: Day | None = None
    installer: Label | None = Field(
        None, description="the business that installed it (a company's name, not a person's)"
    )


class RegisterDevice(DeviceRegistration, Command[Written]):
    may = DESK
    customer_id: UUID


@handler
def register_device(cmd: RegisterDevice, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    customer.register_device(
        cmd.make,
        cmd.model,
        cmd.serial_number,
        cmd.purchased_on,
        cmd.warranty_until,
        cmd.installed_on,
        cmd.installer,
    )
    return app.commit(ctx, customer)


class ConsentDecision(Body):
    granted: StrictBool
    source: Label


class RecordConsent(ConsentDecision, Command[Written]):
    may = PRIVACY_DESK
    customer_id: UUID
    channel: ContactChannel


@handler
def record_consent(cmd: RecordConsent, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    customer.record_consent(cmd.channel, cmd.granted, cmd.source)
    return app.commit(ctx, customer)


class Objection(Body):
    reason: Reason


class RecordObjection(Objection, Command[Written]):
    may = PRIVACY_DESK
    customer_id: UUID


@handler
def record_objection(cmd: RecordObjection, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    customer.record_objection(cmd.reason)
    return app.commit(ctx, customer)
