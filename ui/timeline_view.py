"""The timeline of a child's life: zoom and pan from decades to days, lanes by agency, concern or
child, markers whose shape says the kind of event and whose fill says its significance (legible
in greyscale), periods of open cases and plans shaded, late statutory steps drawn as gaps, chains
of repeat referrals joined, uncertain dates drawn as the span of days they may mean, and the
neglect density strip beneath."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from math import cos, pi, sin

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from chronology.rules import Flag
from chronology.timeline import Item, Timeline, neglect_density, ticks
from chronology.vocabulary import event_type_label

from .theme import ink

LABEL_WIDTH, AXIS, STEPS, DENSITY = 170, 24, 16, 54
LANE_MOST, LANE_LEAST = 30, 16  # lanes share the height there is, within these
FILLS = {"red": (QColor("#8b1a1a"), Qt.BrushStyle.SolidPattern),
         "amber": (QColor("#b35900"), Qt.BrushStyle.Dense3Pattern),
         "green": (QColor("#2e6b2e"), Qt.BrushStyle.NoBrush), None: (QColor("#666666"), Qt.BrushStyle.Dense5Pattern)}
PERIOD_BRUSHES = {"Open to children's social care": (QColor(70, 110, 160, 40), Qt.BrushStyle.SolidPattern),
                  "Child protection plan": (QColor(120, 20, 20, 110), Qt.BrushStyle.BDiagPattern),
                  "Child in need plan": (QColor(30, 90, 30, 110), Qt.BrushStyle.FDiagPattern),
                  "Early help": (QColor(80, 80, 80, 90), Qt.BrushStyle.Dense7Pattern)}


def marker_path(shape: str, centre: QPointF, size: float) -> QPainterPath:
    """A marker's outline: each kind of event has its own shape."""
    x, y, r = centre.x(), centre.y(), size / 2
    path = QPainterPath()
    if shape == "triangle":
        path.moveTo(x, y - r)
        path.lineTo(x + r, y + r)
        path.lineTo(x - r, y + r)
        path.closeSubpath()
    elif shape == "diamond":
        path.moveTo(x, y - r)
        path.lineTo(x + r, y)
        path.lineTo(x, y + r)
        path.lineTo(x - r, y)
        path.closeSubpath()
    elif shape == "square":
        path.addRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif shape == "cross":
        w = r * 0.45
        path.addRect(QRectF(x - r, y - w, 2 * r, 2 * w))
        path.addRect(QRectF(x - w, y - r, 2 * w, 2 * r))
        path = path.simplified()
    elif shape == "star":
        for n in range(10):
            radius = r if n % 2 == 0 else r * 0.45
            point = QPointF(x + radius * sin(n * pi / 5), y - radius * cos(n * pi / 5))
            path.moveTo(point) if n == 0 else path.lineTo(point)
        path.closeSubpath()
    else:
        path.addEllipse(centre, r * (0.6 if shape == "dot" else 0.85), r * (0.6 if shape == "dot" else 0.85))
    return path


class TimelineView(QWidget):
    event_clicked = Signal(int)

    def __init__(self):
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Timeline")
        self.timeline: Timeline | None = None
        self.lanes: list[str] = []
        self.placed: list[tuple[Item, list[int]]] = []
        self.flags: list[Flag] = []
        self.by = "agency"
        self.highlighted: set[int] = set()
        self.current: int | None = None
        self.neglect_threshold = 5
        self.start = self.end = date.today()
        self._drag: tuple[float, date, date] | None = None
        self._measure()

    # -- data ---------------------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, names: dict[int, str] | None = None,
                     flags: list[Flag] | None = None, by: str | None = None, fit: bool = True) -> None:
        self.timeline, self.names, self.flags = timeline, names or {}, flags or []
        self.by = by or self.by
        self._place()
        if fit:
            self.fit()
        self.update()

    def set_lanes(self, by: str) -> None:
        self.by = by
        self._place()
        self.update()

    def _place(self) -> None:
        if self.timeline is None:
            self.lanes, self.placed = [], []
            return
        self.lanes, self.placed = self.timeline.placements(self.by, self.names)
        self.setMinimumHeight(AXIS + STEPS + LANE_LEAST * max(len(self.lanes), 1) + DENSITY + 8)

    def fit(self) -> None:
        if self.timeline is not None:
            margin = max((self.timeline.last - self.timeline.first).days // 40, 5)
            self.start = self.timeline.first - timedelta(days=margin)
            self.end = self.timeline.last + timedelta(days=margin)

    def highlight(self, event_ids) -> None:
        """Mark a flag's evidence and bring it into view (zooming out only if it must)."""
        self.highlighted = set(event_ids)
        chosen = [item for item, _ in self.placed if item.id in self.highlighted]
        if chosen:
            first, last = min(i.start for i in chosen), max(i.end for i in chosen)
            if first < self.start or last > self.end:
                width = max(self.end - self.start, (last - first) * 1.3, timedelta(days=30))
                middle = first + (last - first) / 2
                self.start, self.end = middle - width / 2, middle + width / 2
        self.update()

    # -- geometry -----------------------------------------------------------------------------

    def _measure(self) -> None:
        """Work out the plot area, lane height and scale once per paint or click: x_of is
        called for every marker."""
        self.lane = max(LANE_LEAST, min(LANE_MOST, (self.height() - AXIS - STEPS - DENSITY - 8)
                                        / max(len(self.lanes), 1)))
        self.plot = QRectF(LABEL_WIDTH, AXIS + STEPS, max(self.width() - LABEL_WIDTH - 8, 10),
                           self.lane * len(self.lanes))
        self._origin = self.start.toordinal()
        self._scale = self.plot.width() / max((self.end - self.start).days, 1)

    def _plot(self) -> QRectF:
        self._measure()
        return self.plot

    def x_of(self, day: date) -> float:
        return self.plot.left() + (day.toordinal() - self._origin) * self._scale

    def day_at(self, x: float) -> date:
        self._measure()
        return date.fromordinal(self._origin + round((x - self.plot.left()) / self._scale))

    def _centre(self, item: Item, lane: int) -> QPointF:
        middle = (item.start.toordinal() + item.end.toordinal()) / 2
        return QPointF(self.plot.left() + (middle - self._origin) * self._scale,
                       self.plot.top() + self.lane * lane + self.lane / 2)

    def item_at(self, point: QPointF) -> Item | None:
        self._measure()
        best, distance = None, 9.0
        for item, lanes in self.placed:
            for lane in lanes:
                centre = self._centre(item, lane)
                gap = max(abs(centre.x() - point.x()), abs(centre.y() - point.y()))
                if gap < distance:
                    best, distance = item, gap
        return best

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        try:  # a painter left open by an error would take the whole window down
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), ink(self, "white", QPalette.ColorRole.Base))
            timeline = self.timeline
            if not self.lanes or timeline is None:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No events to draw")
                return
            plot = self._plot()
            self._paint_lanes(painter, plot)
            self._paint_periods(painter, plot, timeline)
            self._paint_axis(painter, plot)
            self._paint_steps(painter, plot)
            self._paint_chains(painter)
            self._paint_items(painter, plot)
            self._paint_density(painter, plot, timeline)
        finally:
            painter.end()

    def _paint_lanes(self, painter: QPainter, plot: QRectF) -> None:
        for row, name in enumerate(self.lanes):
            band = QRectF(0, plot.top() + row * self.lane, self.width(), self.lane)
            if row % 2:
                painter.fillRect(band, ink(self, "#f3f3f3", QPalette.ColorRole.AlternateBase))
            painter.setPen(ink(self, "#222222"))
            painter.drawText(band.adjusted(6, 0, -(self.width() - LABEL_WIDTH + 4), 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 10))

    def _paint_periods(self, painter: QPainter, plot: QRectF, timeline: Timeline) -> None:
        for period in timeline.periods:
            left, right = max(self.x_of(period.start), plot.left()), min(self.x_of(period.end), plot.right())
            if right <= left:
                continue
            colour, style = PERIOD_BRUSHES.get(period.label, (QColor(0, 0, 0, 40), Qt.BrushStyle.SolidPattern))
            rows: Sequence[int] = range(len(self.lanes))
            if self.by == "child" and period.child_ids:
                rows = [self.lanes.index(self.names[c]) for c in period.child_ids if self.names.get(c) in self.lanes]
            for row in rows:
                painter.fillRect(QRectF(left, plot.top() + row * self.lane + 2, right - left, self.lane - 4),
                                 QBrush(colour, style))
        painter.setPen(ink(self, "#555555"))

    def _paint_axis(self, painter: QPainter, plot: QRectF) -> None:
        unit, marks = ticks(self.start, self.end)
        painter.setPen(ink(self, "#bbbbbb", QPalette.ColorRole.Mid))
        small = QFont(painter.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        painter.setFont(small)
        for mark in marks:
            x = self.x_of(mark)
            painter.setPen(ink(self, "#dddddd", QPalette.ColorRole.Mid))
            painter.drawLine(QPointF(x, AXIS - 4), QPointF(x, plot.bottom()))
            painter.setPen(ink(self, "#333333"))
            label = {"day": f"{mark:%d/%m}", "week": f"{mark:%d/%m/%y}", "month": f"{mark:%b %Y}",
                     "quarter": f"{mark:%b %Y}"}.get(unit, f"{mark.year}")
            painter.drawText(QPointF(x + 3, AXIS - 8), label)
        today = self.x_of(date.today())
        if plot.left() <= today <= plot.right():
            painter.setPen(QPen(ink(self, "#000000"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(today, AXIS), QPointF(today, plot.bottom()))

    def _paint_steps(self, painter: QPainter, plot: QRectF) -> None:
        """Statutory steps late or overdue: a hatched gap from when the step was due to when done."""
        painter.setPen(ink(self, "#333333"))
        painter.drawText(QRectF(6, AXIS, LABEL_WIDTH, STEPS), Qt.AlignmentFlag.AlignVCenter, "Late or overdue")
        for flag in self.flags:
            if flag.rule != "timescale" or flag.start is None or flag.end is None:
                continue
            due = flag.due or flag.start  # the gap is the lateness: from the due day to the step, or today
            left, right = max(self.x_of(due), plot.left()), min(self.x_of(flag.end), plot.right())
            if right < left:
                continue
            band = QRectF(left, AXIS + 3, max(right - left, 3), STEPS - 6)
            painter.fillRect(band, QBrush(QColor("#8b1a1a"), Qt.BrushStyle.DiagCrossPattern))
            painter.setPen(QPen(QColor("#8b1a1a"), 1, Qt.PenStyle.SolidLine if flag.certain else Qt.PenStyle.DashLine))
            painter.drawRect(band)

    def _paint_chains(self, painter: QPainter) -> None:
        """Repeat referrals joined, so a chain reads as one story."""
        where = {item.id: (item, lanes) for item, lanes in self.placed}
        painter.setPen(QPen(QColor("#8b1a1a"), 1.6))
        for flag in self.flags:
            if flag.rule != "re_referral":
                continue
            ends = [where[i] for i in flag.event_ids if i in where]
            if len(ends) < 2:
                continue
            first, second = (self._centre(item, lanes[0]) for item, lanes in ends[:2])
            path = QPainterPath(first)
            path.quadTo(QPointF((first.x() + second.x()) / 2, min(first.y(), second.y()) - self.lane * 0.8), second)
            painter.drawPath(path)

    def _paint_items(self, painter: QPainter, plot: QRectF) -> None:
        drawn: set[tuple] = set()  # zoomed out, many identical markers fall on one pixel: draw one
        for item, lanes in self.placed:
            if self.x_of(item.end) < plot.left() - 10 or self.x_of(item.start) > plot.right() + 10:
                continue
            look = (round(self.x_of(item.start)), round(self.x_of(item.end)), tuple(lanes), item.shape,
                    item.rating, item.key_event, item.uncertain)
            if look in drawn and item.id not in self.highlighted and item.id != self.current:
                continue
            drawn.add(look)
            size = 13 if item.key_event else 10
            colour, style = FILLS.get(item.rating, FILLS[None])
            pen = QPen(QColor("#000000") if item.key_event else colour, 2.2 if item.key_event else 1.2)
            centres = [self._centre(item, lane) for lane in lanes]
            if self.by == "child" and len(centres) > 1:
                # Shared by siblings: drawn once, a bar through the lanes of every child it concerns.
                top, bottom = min(c.y() for c in centres), max(c.y() for c in centres)
                painter.setPen(QPen(QColor("#333333"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawLine(QPointF(centres[0].x(), top), QPointF(centres[0].x(), bottom))
                centres = [QPointF(centres[0].x(), (top + bottom) / 2)]
            for centre in centres:
                if item.uncertain:
                    left, right = self.x_of(item.start), self.x_of(item.end)
                    painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
                    painter.setBrush(QBrush(QColor(colour.red(), colour.green(), colour.blue(), 40)))
                    painter.drawRoundedRect(QRectF(left, centre.y() - 5, max(right - left, 2), 10), 4, 4)
                painter.setPen(pen)
                painter.setBrush(QBrush(colour, style) if style != Qt.BrushStyle.NoBrush else QBrush(QColor("white")))
                painter.drawPath(marker_path(item.shape, centre, size))
                if item.id in self.highlighted or item.id == self.current:
                    painter.setPen(QPen(QColor("#0a58ca"), 2.5))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawEllipse(centre, size * 0.95, size * 0.95)

    def _paint_density(self, painter: QPainter, plot: QRectF, timeline: Timeline) -> None:
        """Neglect indicators per month (bars) and over the past 12 months (line), with the setting."""
        top = plot.bottom() + 6
        box = QRectF(plot.left(), top, plot.width(), DENSITY - 10)
        painter.setPen(ink(self, "#333333"))
        painter.drawText(QRectF(6, top, LABEL_WIDTH - 8, DENSITY - 10),
                         Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         "Neglect indicators: month (bars), 12 months (line)")
        rows = neglect_density(timeline)
        peak = max([total for _, _, total in rows] + [self.neglect_threshold + 1])
        busiest = max([count for _, count, _ in rows] + [1])
        y_of = lambda value: box.bottom() - value / peak * box.height()  # noqa: E731
        bar_of = lambda count: count / busiest * box.height() * 0.5  # noqa: E731 - bars use the lower half
        threshold = y_of(self.neglect_threshold)
        painter.setPen(QPen(QColor("#8b1a1a"), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(box.left(), threshold), QPointF(box.right(), threshold))
        painter.drawText(QPointF(box.right() - 70, threshold - 2), f"setting {self.neglect_threshold}")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#777777"))
        points = []
        for month, count, total in rows:
            left = self.x_of(month)
            right = self.x_of(date(month.year + month.month // 12, month.month % 12 + 1, 1))
            if right < box.left() or left > box.right():
                continue
            if count:
                painter.drawRect(QRectF(left, box.bottom() - bar_of(count), max(right - left - 1, 1.5), bar_of(count)))
            points.append(QPointF((left + right) / 2, y_of(total)))
        painter.setPen(QPen(QColor("#000000"), 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(points)

    # -- interaction ----------------------------------------------------------------------------

    def zoom(self, factor: float, around: date | None = None) -> None:
        around = around or self.start + (self.end - self.start) / 2
        span = max((self.end - self.start) * factor, timedelta(days=7))
        span = min(span, timedelta(days=365 * 60))
        share = (around - self.start) / (self.end - self.start) if self.end > self.start else 0.5
        self.start = around - span * share
        self.end = self.start + span
        self.update()

    def pan(self, share: float) -> None:
        shift = (self.end - self.start) * share
        self.start, self.end = self.start + shift, self.end + shift
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.pan(-0.1 * steps)
        else:
            self.zoom(0.8 ** steps, self.day_at(event.position().x()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag = (event.position().x(), self.start, self.end)
        item = self.item_at(event.position())
        if item is not None:
            self.current = item.id
            self.event_clicked.emit(item.id)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.setToolTip(self._describe(self.item_at(event.position())))
        if self._drag and event.buttons() & Qt.MouseButton.LeftButton:
            x, start, end = self._drag
            days = (event.position().x() - x) / self._plot().width() * (end - start).days
            self.start, self.end = start - timedelta(days=days), end - timedelta(days=days)
            self.update()

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._drag = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, control = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and control:
            self.step_selection(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.pan(-0.1 if key == Qt.Key.Key_Left else 0.1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(0.7)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 0.7)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_0):
            self.fit()
            self.update()
        else:
            super().keyPressEvent(event)

    def step_selection(self, step: int) -> None:
        """Ctrl+Left and Ctrl+Right move from event to event, keeping the chosen one in view."""
        ordered = [item for item, _ in self.placed]
        if not ordered:
            return
        ids = [item.id for item in ordered]
        index = ids.index(self.current) + step if self.current in ids else 0
        item = ordered[max(0, min(index, len(ordered) - 1))]
        self.current = item.id
        if not self.start <= item.start <= self.end:
            width = self.end - self.start
            self.start = item.start - width / 2
            self.end = self.start + width
        self.event_clicked.emit(item.id)
        self.update()

    @staticmethod
    def _describe(item: Item | None) -> str:
        """The tooltip of the marker under the pointer."""
        if item is None:
            return ""
        when = f"{item.start:%d/%m/%Y}" + ("" if item.end == item.start else f" – {item.end:%d/%m/%Y}")
        significance = ", ".join(filter(None, ["key event" if item.key_event else "", item.rating or ""]))
        return (f"{when}{' (date not known to the day)' if item.uncertain else ''}\n"
                f"{event_type_label(item.event_type)} — {item.agency}"
                + (f" [{significance}]" if significance else "") + f"\n{item.summary}")
