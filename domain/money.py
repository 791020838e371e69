"""Money on a quote: whole cents (int), never a float; a price is written "1250.00" (rand and
at most two decimals of cents). VAT is worked out once on the net total (not per line), rounded
half up to the cent; a rate is kept in basis points (1500 = 15.00%)."""

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidValue

MAX_UNIT_CENTS = 100_000_000  # R 1,000,000.00 a unit
MAX_QUANTITY = 999
MAX_LINES = 50
MAX_RATE_POINTS = 10_000  # 100.00%
AMOUNT = r"^(0|[1-9][0-9]{0,8})(?:\.([0-9]{1,2}))?$"  # "1250.00": no sign, two decimals at most
_AMOUNT = re.compile(AMOUNT)
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Billing:
    """A tenant's VAT rate (basis points) and currency, which its quotes are drafted in."""

    vat_rate: int = 1500
    currency: str = "ZAR"


class LineKind(StrEnum):
    PART = "part"
    LABOUR = "labour"


def cents(text: str, field: str) -> int:
    """The cents of an amount written "1250.00" (no sign, at most two decimals)."""
    found = _AMOUNT.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise InvalidValue(field, 'an amount written as a string such as "1250.00"')
    whole, part = found.groups()
    return int(whole) * 100 + int((part or "0").ljust(2, "0"))


def written(amount: int) -> str:
    """Cents written as rand and cents: 125000 -> "1250.00"."""
    return f"{amount // 100}.{amount % 100:02d}"


def rate_points(text: str, field: str = "vat_rate") -> int:
    """A percentage written "15" or "15.00" (0 to 100) in basis points."""
    points = cents(text, field)
    if points > MAX_RATE_POINTS:
        raise InvalidValue(field, "a percentage from 0 to 100")
    return points


def currency_code(text: str) -> str:
    code = text.strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise InvalidValue("currency", "an ISO 4217 code of three letters, such as ZAR")
    return code


@dataclass(frozen=True)
class QuoteLine:
    kind: LineKind
    description: str
    quantity: int
    unit_cents: int

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_cents

    def stored(self) -> dict[str, str | int]:
        return {
            "kind": self.kind.value,
            "description": self.description,
            "quantity": self.quantity,
            "unit_cents": self.unit_cents,
        }

    @classmethod
    def from_stored(cls, line: dict[str, str | int]) -> "QuoteLine":
        kind, description = LineKind(str(line["kind"])), str(line["description"])
        return cls(kind, description, int(line["quantity"]), int(line["unit_cents"]))


@dataclass(frozen=True)
class Totals:
    net: int
    vat: int
    gross: int


def totals(lines: list[QuoteLine], rate: int) -> Totals:
    """Net, VAT on the net total (half up to the cent) and gross, in cents."""
    net = sum(line.amount for line in lines)
    vat = (net * rate + MAX_RATE_POINTS // 2) // MAX_RATE_POINTS
    return Totals(net, vat, net + vat)


def checked_lines(lines: list[QuoteLine]) -> list[QuoteLine]:
    if not 1 <= len(lines) <= MAX_LINES:
        raise InvalidValue("lines", f"from 1 to {MAX_LINES} lines")
    for n, line in enumerate(lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise InvalidValue(f"lines.{n}.quantity", f"a whole number from 1 to {MAX_QUANTITY}")
        if not 0 <= line.unit_cents <= MAX_UNIT_CENTS:
            raise InvalidValue(f"lines.{n}.unit_price", f"from 0.00 to {written(MAX_UNIT_CENTS)}")
    return lines
