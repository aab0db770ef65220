"""The summary page's timeline figure, drawn as vector graphics: one line per agency, each
event a marker whose shape gives its kind and whose fill gives its rating, so that it reads on
a black-and-white printer."""
from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from ..dates import FuzzyDate
from ..model import EventDetails
from ..timeline import SHAPES

FILL = {"red": colors.black, "amber": colors.Color(0.55, 0.55, 0.55), "green": colors.white, None: colors.white}


def _marker(shape: str, x: float, y: float, size: float, fill, key: bool) -> list:
    stroke = dict(strokeColor=colors.black, strokeWidth=1.4 if key else 0.6, fillColor=fill)
    r = size / 2
    if shape == "triangle":
        return [Polygon([x, y + r, x + r, y - r, x - r, y - r], **stroke)]
    if shape == "diamond":
        return [Polygon([x, y + r, x + r, y, x, y - r, x - r, y], **stroke)]
    if shape == "square":
        return [Rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7, **stroke)]
    if shape == "cross":
        w = r * 0.4
        return [Rect(x - r, y - w, 2 * r, 2 * w, **stroke), Rect(x - w, y - r, 2 * w, 2 * r, **stroke)]
    return [Circle(x, y, r * 0.8, **stroke)]


def _span(value: FuzzyDate, end: FuzzyDate | None) -> tuple[date, date]:
    first = value.earliest or value.latest
    last = value.latest or value.earliest
    if end is not None and (end.latest or end.earliest):
        last = max(last, end.latest or end.earliest)
    return first, last


def timeline_figure(events: list[EventDetails], width: float, lane_height: float = 16) -> Drawing | None:
    """A drawing of the events by agency and date; None when there is nothing to draw."""
    if not events:
        return None
    spans = [_span(e.date, e.end_date) for e in events]
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    days = max((last - first).days, 30)
    agencies = sorted({e.agency for e in events}, key=str.casefold)
    label_width, top_margin, bottom_margin = 120, 6, 18
    height = top_margin + lane_height * len(agencies) + bottom_margin
    drawing = Drawing(width, height)
    plot = width - label_width - 6
    x_of = lambda day: label_width + (day - first).days / days * plot  # noqa: E731
    y_of = lambda agency: height - top_margin - lane_height * (agencies.index(agency) + 0.5)  # noqa: E731
    for number, agency in enumerate(agencies):
        y = y_of(agency)
        if number % 2:
            drawing.add(Rect(0, y - lane_height / 2, width, lane_height, fillColor=colors.Color(0.93, 0.93, 0.93),
                             strokeColor=None))
        drawing.add(String(2, y - 3, agency[:22], fontName="Chronology", fontSize=7))
    for year in range(first.year + 1, last.year + 1):
        x = x_of(date(year, 1, 1))
        drawing.add(Line(x, bottom_margin - 4, x, height - top_margin, strokeColor=colors.Color(0.7, 0.7, 0.7),
                         strokeWidth=0.3))
        if days < 365 * 25 or year % 5 == 0:
            drawing.add(String(x + 1, 4, str(year), fontName="Chronology", fontSize=6.5))
    for event, (start, end) in zip(events, spans):
        y = y_of(event.agency)
        if start != end:  # not known to the day, or a period: the span of days it may mean
            drawing.add(Line(x_of(start), y, x_of(end), y, strokeColor=colors.black, strokeWidth=0.6,
                             strokeDashArray=[2, 1.5]))
        middle = start + (end - start) / 2
        for shape in _marker(SHAPES.get(event.event_type, "dot"), x_of(middle), y, 7 if event.key_event else 5.5,
                             FILL[event.rating], event.key_event):
            drawing.add(shape)
    return drawing
