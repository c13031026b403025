"""The report page's charts, drawn on the server as SVG (as the deadlines
dashboard draws its own): horizontal bars and one stacked bar, widths in
percent of the figure so they fit any screen and the printed A4 page. Every bar
links to the list behind it, and the table beside each chart carries the same
numbers as text, so colour is never the only cue."""

from __future__ import annotations

from dataclasses import dataclass

ROW_HEIGHT = 40
NAME_CHARS = 40


@dataclass
class Bar:
    label: str
    value: int
    url: str
    y: int
    width: float  # percent of the figure
    colour: str

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= NAME_CHARS else self.label[: NAME_CHARS - 1].rstrip() + "…"


@dataclass
class BarChart:
    bars: list[Bar]
    height: int


def bar_chart(items: list[tuple[str, int, str]], colour: str = "#0d6efd") -> BarChart:
    """One bar per (label, value, url), the longest spanning the figure."""
    longest = max((value for _label, value, _url in items), default=0)
    bars = []
    for i, (label, value, url) in enumerate(items):
        width = round(100.0 * value / longest, 2) if longest else 0.0
        bars.append(Bar(label=label, value=value, url=url, y=i * ROW_HEIGHT, width=width, colour=colour))
    return BarChart(bars=bars, height=len(bars) * ROW_HEIGHT)


@dataclass
class Segment:
    label: str
    value: int
    url: str
    colour: str
    x: float
    width: float


@dataclass
class StackedBar:
    segments: list[Segment]
    total: int


def stacked_bar(items: list[tuple[str, int, str, str]]) -> StackedBar:
    """One bar split into (label, value, url, colour) parts, widths in percent of the total."""
    total = sum(value for _label, value, _url, _colour in items)
    segments, x = [], 0.0
    for label, value, url, colour in items:
        width = 100.0 * value / total if total else 0.0
        segments.append(Segment(label, value, url, colour, round(x, 2), round(width, 2)))
        x += width
    return StackedBar(segments=segments, total=total)
