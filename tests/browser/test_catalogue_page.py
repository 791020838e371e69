"""The admin's product catalogue page: an entry added, changed whatever the case, and removed;
a technician may not open it."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN


def test_the_admin_adds_changes_and_removes_a_make_and_model(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    admin.get_by_role("link", name="Product catalogue").click()
    form = admin.get_by_role("form", name="Add or change a make and model")
    form.get_by_label("Make").fill("Sunsynk")
    form.get_by_label("Model").fill("SUN-5K-SG")
    form.get_by_label("Warranty (months)").fill("60")
    form.get_by_label("The shop's terms (optional)").fill("Parts and labour on site")
    form.get_by_role("button", name="Save the entry").click()
    row = admin.get_by_role("row").filter(has_text="SUN-5K-SG")
    expect(row).to_contain_text("60 months")
    expect(row).to_contain_text("keeps the remaining warranty")

    form.get_by_label("Make").fill("SUNSYNK")
    form.get_by_label("Model").fill("sun-5k-sg")
    form.get_by_label("Warranty (months)").fill("24")
    form.get_by_label("A unit replaced under warranty").select_option("new")
    form.get_by_role("button", name="Save the entry").click()
    row = admin.get_by_role("row").filter(has_text="sun-5k-sg")
    expect(row).to_contain_text("24 months")
    expect(row).to_contain_text("starts anew")
    expect(admin.get_by_role("row").filter(has_text="months")).to_have_count(1)  # replaced

    row.get_by_role("button", name="Remove SUNSYNK sun-5k-sg").click()
    expect(admin.get_by_role("row").filter(has_text="months")).to_have_count(0)


def test_a_technician_may_not_open_the_catalogue_page(signed_in: Callable[[str], Page]) -> None:
    technician = signed_in("desk-technician")
    assert technician.request.get("/admin/catalogue").status == 403
