"""The summary page's timeline figure, drawn as vector graphics: one line per agency, each
event a marker whose shape gives its kind (the same shapes as on screen) and whose fill gives its
rating, so that it reads on a black-and-white printer. Its axis is the period chosen (or the
entries' own span), and everything is drawn inside the width it is given."""
from __future__ import annotations

from datetime import date
from math import cos, pi, sin

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..dates import FuzzyDate
from ..model import EventDetails
from ..timeline import LEGEND, shape_for

FILL = {"red": colors.black, "amber": colors.Color(0.55, 0.55, 0.55), "green": colors.white, None: colors.white}
FIGURE_LEGEND = (f"{LEGEND}. Filled black: red, grey: amber, hollow: green or none; bold edge: key event; "
                 "dashed line: a date not known to the day, or a period.")
LABEL_FONT, LABEL_SIZE = "Chronology", 7


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
    if shape == "star":
        points = []
        for n in range(10):
            radius = r if n % 2 == 0 else r * 0.45
            points += [x + radius * sin(n * pi / 5), y + radius * cos(n * pi / 5)]
        return [Polygon(points, **stroke)]
    return [Circle(x, y, r * (0.8 if shape == "circle" else 0.5), **stroke)]


def _span(value: FuzzyDate, end: FuzzyDate | None) -> tuple[date, date]:
    first = value.earliest or value.latest
    last = value.latest or value.earliest
    assert first is not None and last is not None  # a date has a bound on one side at least
    ends = end.latest or end.earliest if end is not None else None
    if ends is not None:
        last = max(last, ends)
    return first, last


def _fitted(text: str, width: float) -> str:
    """A label cut to the width it has, with an ellipsis."""
    if stringWidth(text, LABEL_FONT, LABEL_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", LABEL_FONT, LABEL_SIZE) > width:
        text = text[:-1]
    return text + "…"


def timeline_figure(events: list[EventDetails], width: float, lane_height: float = 16,
                    period: tuple[date | None, date | None] = (None, None)) -> Drawing | None:
    """A drawing of the events by agency and date, within ``width``; None when there is nothing to
    draw. ``period``: the axis's first and last day where the document covers a chosen period."""
    if not events:
        return None
    spans = [_span(e.date, e.end_date) for e in events]
    first = period[0] or min(s[0] for s in spans)
    last = period[1] or max(s[1] for s in spans)
    days = max((last - first).days, 30)
    agencies = sorted({e.agency for e in events}, key=str.casefold)
    label_width, top_margin, bottom_margin, inset = 120, 6, 18, 6
    height = top_margin + lane_height * len(agencies) + bottom_margin
    drawing = Drawing(width, height)
    left, right = label_width + inset, width - inset  # markers stay inside, their size included
    x_of = lambda day: left + min(max((day - first).days, 0), days) / days * (right - left)  # noqa: E731
    y_of = lambda agency: height - top_margin - lane_height * (agencies.index(agency) + 0.5)  # noqa: E731
    for number, agency in enumerate(agencies):
        y = y_of(agency)
        if number % 2:
            drawing.add(Rect(0, y - lane_height / 2, width, lane_height, fillColor=colors.Color(0.93, 0.93, 0.93),
                             strokeColor=None))
        drawing.add(String(2, y - 3, _fitted(agency, label_width - 6), fontName=LABEL_FONT, fontSize=LABEL_SIZE))
    years = list(range(first.year + 1, last.year + 1))
    step = max(1, len(years) // 12)
    for year in years:
        x = x_of(date(year, 1, 1))
        drawing.add(Line(x, bottom_margin - 4, x, height - top_margin, strokeColor=colors.Color(0.7, 0.7, 0.7),
                         strokeWidth=0.3))
        if year % step == 0 and x + stringWidth(str(year), LABEL_FONT, 6.5) <= width:
            drawing.add(String(x + 1, 4, str(year), fontName=LABEL_FONT, fontSize=6.5))
    for event, (start, end) in zip(events, spans, strict=True):
        y = y_of(event.agency)
        if start != end:  # not known to the day, or a period: the span of days it may mean
            drawing.add(Line(x_of(start), y, x_of(end), y, strokeColor=colors.black, strokeWidth=0.6,
                             strokeDashArray=[2, 1.5]))
        middle = start + (end - start) / 2
        for shape in _marker(shape_for(event.event_type), x_of(middle), y, 7 if event.key_event else 5.5,
                             FILL[event.rating], event.key_event):
            drawing.add(shape)
    return drawing
