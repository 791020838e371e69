"""Bar charts as SVG drawn on the server from (label, value) pairs: each bar's height in
proportion to the largest value, each bar titled with its label and value; a value of None (no
tickets) draws no bar. Pages show the numbers beside each chart in a table (charts.html)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 480, 220
LEFT, TOP, BOTTOM = 8, 18, 30  # room for the scale above the bars and the labels below
PLOT = HEIGHT - TOP - BOTTOM
LABELS_AT_MOST = 12  # with more bars, every second (third, ...) one is labelled
CHARACTER = 7  # a label's character's width, about: longer labels are cut to fit their bar
MINUTE, HOUR, DAY = 60, 3_600, 86_400


def counted(value: float) -> str:
    return f"{value:g}"


def duration(seconds: float) -> str:
    """A time to read at a glance: in seconds, minutes, hours or days."""
    if seconds >= 2 * DAY:
        return f"{seconds / DAY:.1f} days"
    if seconds >= HOUR:
        return f"{seconds / HOUR:.1f} h"
    if seconds >= MINUTE:
        return f"{seconds / MINUTE:.0f} min"
    return f"{seconds:.0f} s"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    x: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    slug: str  # unique on its page
    title: str
    heading: str  # what the labels are: the first column of the table beside the chart
    bars: Sequence[tuple[str, float | None]]
    shown: Callable[[float], str] = counted

    @property
    def largest(self) -> float:
        return max((value for _, value in self.bars if value), default=0)

    def text(self, value: float | None) -> str:
        return "no tickets" if value is None else self.shown(value)

    def drawn(self) -> list[Bar]:
        """Each bar's place and height, in proportion to the largest value."""
        top = self.largest
        slot = (WIDTH - LEFT) / max(len(self.bars), 1)
        return [
            Bar(label, value, LEFT + i * slot, slot, PLOT * (value or 0) / top if top else 0)
            for i, (label, value) in enumerate(self.bars)
        ]

    def svg(self) -> Markup:
        bars = self.drawn()
        largest = self.largest
        base = TOP + PLOT
        parts = [
            f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{escape(self.slug)}-title">',
            f'<title id="{escape(self.slug)}-title">{escape(self.title)}</title>',
            f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}"/>',
            f'<text class="scale" x="{LEFT}" y="{TOP - 6}">{escape(self.shown(largest))}</text>'
            if largest
            else f'<text class="empty" x="{WIDTH / 2}" y="{TOP + PLOT / 2}">Nothing to show</text>',
        ]
        every = -(-len(bars) // LABELS_AT_MOST)
        for i, bar in enumerate(bars):
            tip = escape(f"{bar.label}: {self.text(bar.value)}")
            parts.append(
                f'<g class="bar"><title>{tip}</title><rect x="{bar.x + bar.width * 0.15:.1f}" '
                f'y="{base - bar.height:.1f}" width="{bar.width * 0.7:.1f}" '
                f'height="{bar.height:.1f}"/></g>'
            )
            if i % every == 0:
                fits = max(int(bar.width * every / CHARACTER), 3)
                label = bar.label if len(bar.label) <= fits else f"{bar.label[: fits - 1]}…"
                parts.append(
                    f'<text class="label" x="{bar.x + bar.width / 2:.1f}" y="{HEIGHT - 10}">'
                    f"{escape(label)}</text>"
                )
        parts.append("</svg>")
        return Markup("".join(parts))
