"""A device's installation date and installer: recorded with its registration, kept when the
device moves to a new owner's record, and counted from by its warranty."""

from dataclasses import astuple
from datetime import date

from domain.catalogue import CatalogueEntry, warranty_until
from domain.customer import Customer
from domain.customer_values import RegisteredDevice
from tests.unit.builders import customer

INSTALLED = RegisteredDevice(
    "Sunsynk", "SUN-5K-SG", "SS-1", date(2025, 1, 20), None, date(2025, 2, 3), "Bright Solar"
)


def test_the_installation_is_recorded_with_the_registration() -> None:
    person = customer()
    person.register_device(
        "Sunsynk", "SUN-5K-SG", "ss-1", date(2025, 1, 20), None, date(2025, 2, 3), "Bright Solar"
    )
    assert person.devices == [INSTALLED]
    kinds = [type(e) for e in person.pending_events[-2:]]
    assert kinds == [Customer.DeviceRegistered, Customer.DeviceInstallationRecorded]
    entry = CatalogueEntry("Sunsynk", "SUN-5K-SG", 60)
    device = person.devices[0]
    counted = warranty_until(
        entry, installed_on=device.installed_on, purchased_on=device.purchased_on
    )
    assert counted == date(2030, 2, 3)


def test_a_device_without_an_installation_records_none() -> None:
    person = customer()
    person.register_device("Sunsynk", "SUN-5K-SG", "SS-2", date(2025, 1, 20))
    assert type(person.pending_events[-1]) is Customer.DeviceRegistered
    assert person.devices[0].installed_on is None and person.devices[0].installer is None


def test_the_installation_moves_with_the_device_to_its_new_owner() -> None:
    seller, buyer = customer(), customer()
    seller.register_device(*astuple(INSTALLED))
    seller.transfer_device("SS-1", buyer)
    assert buyer.devices == [INSTALLED] and seller.devices == []
    assert type(buyer.pending_events[-1]) is Customer.DeviceInstallationRecorded
