"""One rule names what belongs to a version of a read model (projections/versions.py)."""

from projections import ALL
from projections.tables import Table
from projections.ticket_detail.projection import TicketDetail
from projections.versions import ReadModelVersion


def test_version_1_keeps_the_first_waves_names() -> None:
    first = ReadModelVersion("ticket_details", 1, ("ticket_details", "ticket_messages"))
    assert first.follower == "ticket_details"
    assert first.tracking_table == "ticket_details_tracking"
    assert [Table("ticket_details", 1).name, Table("ticket_messages").name] == list(first.tables)


def test_a_projection_names_its_version_and_its_tables_at_it() -> None:
    current = TicketDetail.read_model_version()
    assert (current.name, current.version) == ("ticket_details", 4)
    assert current.follower == "ticket_details_v4"
    assert current.tables == ("ticket_details_v4", "ticket_texts_v4", "ticket_messages_v4")


def test_a_later_version_names_its_follower_and_every_table_with_its_number() -> None:
    second = ReadModelVersion("ticket_details", 2, ("ticket_details_v2", "ticket_messages_v2"))
    assert second.follower == "ticket_details_v2"
    assert second.tracking_table == "ticket_details_tracking_v2"
    assert str(second) == "ticket_details v2"


def test_every_table_of_a_read_model_is_at_its_projections_version() -> None:
    """A version bump in a folder's tables.py moves the projection, its tables and its follower
    together: a table left at another version would be written by no follower."""
    for projection in ALL:
        versions = {table.version for table in projection.view_class.tables}
        assert versions == {projection.version}, projection.name
