"""The admin's pages and everyone's account page: registering staff who then sign in, a
deactivation whose open tickets are reassigned, the admin's forms refused to a technician and
to a post without its form token, and a password changed without signing out."""

import re
from collections.abc import Callable

import httpx
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import ADMIN, opened_ticket, token
from tests.support import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def registered(base: str, username: str, role: str) -> str:
    """A staff user registered over the API by the admin, with tests.support.PASSWORD: their id."""
    body = {"username": username, "display_name": username.title(), "password": PASSWORD}
    headers = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    answer = httpx.post(f"{base}/v1/staff", json={**body, "roles": [role]}, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def assigned(base: str, ticket_id: str, staff_id: str) -> None:
    headers = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    body = {"assignee_id": staff_id}
    answer = httpx.post(f"{base}/v1/tickets/{ticket_id}/assignment", json=body, headers=headers)
    assert answer.status_code == 200, answer.text


def csrf_of(page: Page) -> str:
    """The form token of the page's session, from its sign-out form."""
    value = page.locator("form[action='/sign-out'] input[name=csrf]").get_attribute("value")
    assert value
    return value


def test_the_admin_registers_a_technician_who_signs_in_and_sees_no_admin_menu(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    admin.get_by_role("link", name="Staff").click()
    form = admin.get_by_role("form", name="Register a staff user")
    form.get_by_label("Username").fill("bench-thandi")
    form.get_by_label("Full name").fill("Thandi Mokoena")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_label("Technician").check()
    form.get_by_role("button", name="Register").click()
    expect(admin.get_by_role("heading", name="Thandi Mokoena")).to_be_visible()
    expect(admin.locator("dl.facts")).to_contain_text("technician")
    roles = admin.get_by_role("form", name="Roles")
    roles.get_by_label("Technician").uncheck()
    roles.get_by_role("button", name="Change roles").click()
    expect(admin.get_by_role("alert")).to_contain_text("Not done")
    roles.get_by_label("Technician").check()
    roles.get_by_label("Agent").check()
    roles.get_by_role("button", name="Change roles").click()
    expect(admin.locator("p.done")).to_contain_text("Roles changed")
    expect(admin.locator("dl.facts")).to_contain_text("agent, technician")

    # Registered with a password of the admin's choosing, they sign in with it (only a reset
    # makes them choose their own); they work tickets and see no Admin entry.
    thandi = signed_in("bench-thandi")
    expect(thandi).to_have_url(re.compile(r"/tickets$"))
    menu = thandi.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Tickets")).to_be_visible()
    expect(menu.get_by_role("link", name="Admin")).to_have_count(0)


def test_a_refused_registration_says_why_and_keeps_what_was_typed_but_the_password(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    admin.goto("/admin/staff")
    form = admin.get_by_role("form", name="Register a staff user")
    form.get_by_label("Username").fill("desk-agent")
    form.get_by_label("Full name").fill("A second agent")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_label("Agent").check()
    form.get_by_role("button", name="Register").click()
    expect(admin.get_by_role("alert")).to_contain_text("taken")
    expect(form.get_by_label("Full name")).to_have_value("A second agent")
    expect(form.get_by_label("Agent")).to_be_checked()
    expect(form.get_by_label("Password")).to_have_value("")


def test_the_admin_deactivates_a_technician_after_confirming_and_reassigns_their_tickets(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    leaving = registered(workspace, "bench-leaving", "technician")
    tickets = [opened_ticket(workspace, "Lerato", f"SS-LEAVE-{n}") for n in (1, 2)]
    for ticket in tickets:
        assigned(workspace, ticket["id"], leaving)
    admin = signed_in(ADMIN)
    admin.goto("/admin/staff")
    admin.get_by_role("link", name="bench-leaving").click()
    opened = admin.get_by_role("region", name="Open tickets")
    for ticket in tickets:
        expect(opened.get_by_role("link", name=ticket["number"])).to_be_visible()

    admin.get_by_label("Reason").fill("Left the company")
    asked: list[str] = []

    def answer(dialog: Dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    admin.once("dialog", lambda dialog: answer(dialog, accept=False))
    admin.get_by_role("button", name="Deactivate Bench-Leaving").click()
    expect(admin.get_by_role("heading", name="Bench-Leaving", exact=True)).to_be_visible()
    assert asked and "Deactivate Bench-Leaving?" in asked[0]
    admin.once("dialog", lambda dialog: answer(dialog, accept=True))
    admin.get_by_role("button", name="Deactivate Bench-Leaving").click()
    expect(admin.get_by_role("heading", name="Bench-Leaving · deactivated")).to_be_visible()
    expect(admin.locator("p.done")).to_contain_text("Their open tickets are below")

    opened.get_by_label("Reassign the chosen tickets to").select_option(label="Technician")
    opened.get_by_role("button", name="Reassign").click()
    expect(admin.locator("p.done")).to_contain_text("Tickets reassigned")
    expect(opened).to_contain_text("No open tickets.")
    admin.goto(f"/tickets/{tickets[0]['id']}")
    expect(admin.locator("dl.facts")).to_contain_text("Technician")


def test_a_technician_gets_403_from_the_admins_pages_and_forms(
    signed_in: Callable[[str], Page],
) -> None:
    technician = signed_in("desk-technician")
    expect(technician.get_by_role("navigation", name="Main")).not_to_contain_text("Admin")
    assert technician.request.get("/admin/staff").status == 403
    body = {"username": "bench-sneaky", "display_name": "Sneaky", "password": PASSWORD}
    posted = technician.request.post(
        "/admin/staff", form={"csrf": csrf_of(technician), **body, "roles[]": "admin"}
    )
    assert posted.status == 403
    assert 'data-code="forbidden"' in posted.text()
    admin = signed_in(ADMIN)
    admin.goto("/admin/staff")
    expect(admin.get_by_role("table")).not_to_contain_text("bench-sneaky")


def test_an_admin_form_posted_without_its_form_token_is_refused(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    body = {"username": "bench-forged", "display_name": "Forged", "password": PASSWORD}
    posted = admin.request.post("/admin/staff", form={**body, "roles[]": "admin"})
    assert posted.status == 403
    assert 'data-code="form_not_genuine"' in posted.text()
    admin.goto("/admin/staff")
    expect(admin.get_by_role("table")).not_to_contain_text("bench-forged")


def test_a_user_changes_their_password_on_their_account_and_stays_signed_in(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    registered(workspace, "desk-changer", "agent")
    page = signed_in("desk-changer")
    page.get_by_role("link", name="Desk-Changer").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("agent")
    form = page.get_by_role("form", name="Change your password")
    form.get_by_label("Current password").fill("not my password")
    form.get_by_label("New password").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_contain_text("Not done")
    expect(form).to_contain_text("this is not your current password")

    form.get_by_label("Current password").fill(PASSWORD)
    form.get_by_label("New password").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change password").click()
    expect(page.locator("p.done")).to_contain_text("Your password is changed")
    page.get_by_role("link", name="Tickets").click()
    expect(page.get_by_role("heading", name="Tickets")).to_be_visible()

    def signs_in(password: str) -> int:
        form = {"username": "desk-changer", "password": password}
        return httpx.post(f"{workspace}/v1/auth/token", data=form).status_code

    assert signs_in(PASSWORD) == 401
    assert signs_in(NEW_PASSWORD) == 200


def test_a_password_reset_by_the_admin_makes_the_user_choose_their_own_at_sign_in(
    workspace: str, browser: Browser, signed_in: Callable[[str], Page]
) -> None:
    registered(workspace, "bench-forgetful", "technician")
    admin = signed_in(ADMIN)
    admin.goto("/admin/staff")
    admin.get_by_role("link", name="bench-forgetful").click()
    reset = admin.get_by_role("form", name="Reset the password")
    reset.get_by_label("Temporary password").fill("temporary pass 1")
    reset.get_by_role("button", name="Reset password").click()
    expect(admin.locator("p.done")).to_contain_text("chooses a new one")

    context = browser.new_context(base_url=workspace)
    try:
        user = context.new_page()
        user.goto("/")
        user.get_by_label("Username").fill("bench-forgetful")
        user.get_by_label("Password").fill("temporary pass 1")
        user.get_by_role("button", name="Sign in").click()
        expect(user.get_by_role("heading", name="Choose a new password")).to_be_visible()
        user.get_by_label("New password").fill(NEW_PASSWORD)
        user.get_by_role("button", name="Save and sign in").click()
        expect(user.get_by_role("heading", name="Tickets")).to_be_visible()
    finally:
        context.close()


def test_the_admin_sets_templates_automatic_messages_retention_and_service_targets(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    admin.goto("/admin")
    admin.get_by_role("link", name="Messages").click()
    expect(admin.get_by_role("alert")).to_have_count(0)
    template = admin.get_by_role("form", name="A new template")
    template.get_by_label("Name").fill("ready")
    template.get_by_label("Text").fill("Hi {first_name}, {ticket_number} is ready to collect.")
    template.get_by_role("button", name="Save template").click()
    expect(admin.get_by_role("table")).to_contain_text("is ready to collect")

    # The test service has no channel accounts: turned on, automatic messages warn.
    automatic = admin.get_by_role("form", name="Automatic messages")
    automatic.get_by_label("Ready for collection").select_option("ready")
    automatic.get_by_role("button", name="Save automatic messages").click()
    expect(admin.get_by_role("alert")).to_contain_text("no channel account")
    expect(automatic.get_by_label("Ready for collection")).to_have_value("ready")

    admin.goto("/admin/retention")
    policy = admin.get_by_role("form", name="How long to keep")
    policy.get_by_label("Days to keep a customer").fill("730")
    policy.get_by_role("button", name="Save retention").click()
    expect(policy.get_by_label("Days to keep a customer")).to_have_value("730")
    expect(policy.get_by_label("Days to keep a closed ticket's free text")).to_have_value("")

    admin.goto("/admin/service-targets")
    targets = admin.get_by_role("form", name="Hours from opening to resolution")
    expect(targets.get_by_label("Urgent")).to_have_value("24")
    targets.get_by_label("Urgent").fill("99999")
    targets.get_by_role("button", name="Save targets").click()
    expect(admin.get_by_role("alert")).to_contain_text("Not done")
    expect(targets.get_by_label("Urgent")).to_have_value("99999")
    targets.get_by_label("Urgent").fill("12")
    targets.get_by_role("button", name="Save targets").click()
    expect(admin.get_by_role("alert")).to_have_count(0)
    expect(targets.get_by_label("Urgent")).to_have_value("12")
