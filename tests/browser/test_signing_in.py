"""Signing in to the workspace, its session cookie, its headers, and forms from elsewhere."""

import re
from collections.abc import Callable

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ADMIN, token
from tests.support import PASSWORD, wait_until


def test_signing_in_opens_the_queue_with_a_session_cookie_scripts_cannot_read(
    signed_in: Callable[[str], Page],
) -> None:
    page = signed_in(ADMIN)
    expect(page).to_have_url(re.compile(r"/tickets$"))
    expect(page.get_by_role("heading", name="Tickets")).to_be_visible()
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "aftersales_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert page.evaluate("document.cookie").find("aftersales_session") == -1
    answer = page.request.get("/tickets")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert answer.headers["cache-control"] == "no-store"


def test_a_wrong_password_is_refused_on_the_form_and_no_page_opens_without_a_session(
    browser: Browser, workspace: str
) -> None:
    stranger = browser.new_context(base_url=workspace)
    try:
        other = stranger.new_page()
        other.goto("/tickets")
        expect(other).to_have_url(re.compile(r"/sign-in\?next=/tickets$"))
        other.get_by_label("Username").fill(ADMIN)
        other.get_by_label("Password").fill("not the password")
        other.get_by_role("button", name="Sign in").click()
        expect(other.get_by_role("alert")).to_contain_text("username or password is not right")
    finally:
        stranger.close()


def test_a_post_without_its_form_token_is_refused_and_signing_out_ends_the_session(
    signed_in: Callable[[str], Page],
) -> None:
    page = signed_in(ADMIN)
    refused = page.request.post("/sign-out", form={"csrf": "guessed"})
    assert refused.status == 403 and "form_not_genuine" in refused.text()
    assert page.request.get("/tickets", max_redirects=0).status == 200  # still signed in
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/sign-in" in url)
    assert page.request.get("/tickets", max_redirects=0).status == 303


def test_the_shortcuts_are_listed_by_pressing_question_mark(
    signed_in: Callable[[str], Page],
) -> None:
    page = signed_in(ADMIN)
    page.locator("body").press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()


def test_after_an_admins_reset_the_user_chooses_a_new_password_and_the_old_session_ends(
    browser: Browser, workspace: str, signed_in: Callable[[str], Page]
) -> None:
    admin = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    user = {"username": "desk-reset", "display_name": "Reset", "roles": ["agent"]}
    answer = httpx.post(f"{workspace}/v1/staff", json={**user, "password": PASSWORD}, headers=admin)
    assert answer.status_code == 201, answer.text
    before = signed_in("desk-reset")
    temporary = "temporary-password-1"
    reset = f"{workspace}/v1/staff/{answer.json()['id']}/password-reset"
    assert httpx.post(reset, json={"password": temporary}, headers=admin).status_code == 200
    wait_until(lambda: before.request.get("/tickets", max_redirects=0).status == 303)

    page = browser.new_context(base_url=workspace).new_page()
    page.goto("/sign-in")
    page.get_by_label("Username").fill("desk-reset")
    page.get_by_label("Password").fill(temporary)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password").fill(temporary)  # the reset's own is refused
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("New password").fill("my-own-new-password")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tickets$"))
    page.context.close()
