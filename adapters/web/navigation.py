"""The workspace's menu: each page, offered to the roles that may open it."""

from dataclasses import dataclass

from domain.access import (
    ADMIN,
    AUDIT,
    COMPLIANCE,
    CUSTOMER_READERS,
    DESK,
    REPORT_READERS,
    TICKET_READERS,
)
from domain.values import Role


@dataclass(frozen=True)
class Entry:
    label: str
    href: str
    roles: frozenset[Role]


# The menu offers no address that is not served.
MENU = (
    Entry("Tickets", "/tickets", TICKET_READERS),
    Entry("New ticket", "/tickets/new", DESK),  # OpenTicket's roles
    Entry("Customers", "/customers", CUSTOMER_READERS),
    Entry("Reports", "/reports", REPORT_READERS),
    Entry("Admin", "/admin", ADMIN),
    Entry("Privacy requests", "/privacy-requests", COMPLIANCE),
    Entry("Audit", "/audit", AUDIT),
)
# Where the workspace's pages live: an error on these answers a page, elsewhere a problem (JSON);
# and the public pages (customers' status pages, a tenant's privacy page), which answer their own.
PAGES = (
    "/sign-in",
    "/sign-out",
    "/live",
    *(entry.href for entry in MENU),
    "/devices",
    "/account",
    "/status",
    "/privacy",  # a tenant's public privacy page (no sign-in)
)


def menu(roles: frozenset[Role]) -> list[Entry]:
    """The pages a user with these roles may open."""
    return [entry for entry in MENU if roles & entry.roles]


def home(roles: frozenset[Role]) -> str:
    """The first page the user may open: the queue, which every role may list."""
    entries = menu(roles)
    return entries[0].href if entries else "/tickets"


def is_page(path: str) -> bool:
    return path == "/" or any(path == p or path.startswith(f"{p}/") for p in PAGES)
