"""Who may do what: the groups of roles the API's endpoints are open to."""

from domain.values import Role

STAFF = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})
DESK = frozenset({Role.ADMIN, Role.AGENT})
WORKSHOP = frozenset({Role.ADMIN, Role.AGENT, Role.TECHNICIAN})
REPAIRERS = frozenset({Role.ADMIN, Role.TECHNICIAN})
PRIVACY_DESK = frozenset({Role.ADMIN, Role.AGENT, Role.COMPLIANCE_OFFICER})
COMPLIANCE = frozenset({Role.COMPLIANCE_OFFICER})
EXPORTERS = frozenset({Role.ADMIN, Role.COMPLIANCE_OFFICER})
AUDIT = frozenset({Role.ADMIN, Role.AUDITOR})
TICKET_READERS = STAFF - {Role.AUDITOR}
CUSTOMER_READERS = frozenset({Role.ADMIN, Role.AGENT, Role.TECHNICIAN, Role.COMPLIANCE_OFFICER})
REPORT_READERS = frozenset({Role.ADMIN, Role.AGENT, Role.AUDITOR})
