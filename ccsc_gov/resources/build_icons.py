"""Draw the application icon with Qt and write it in every form the desktops ask for.

Run it after changing the drawing (`python -m ccsc_gov.resources.build_icons`) and commit what
it writes to `ccsc_gov/resources/icons/`: `ccsc-gov.svg`, `ccsc-gov-<size>.png` for each of
`ICON_SIZES`, `ccsc-gov.ico` (Windows) and `ccsc-gov.icns` (macOS). The icon is a page of minutes on
the house navy, its last line a decision's green tick: what the app makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

from ccsc_gov.core.settings.resources import ICON_SIZES

NAVY = QColor("#1F3A5F")
PAPER = QColor("#FFFFFF")
INK = QColor("#BFC8D6")
DECISION = QColor("#2E7D6B")

HERE = Path(__file__).resolve().parent / "icons"


def draw(painter: QPainter, side: float) -> None:
    """The icon on a square of `side` units, drawn from the top left."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = side / 64
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(NAVY)
    painter.drawRoundedRect(QRectF(2 * unit, 2 * unit, 60 * unit, 60 * unit), 12 * unit, 12 * unit)

    def outline(*corners: tuple[float, float]) -> QPainterPath:
        path = QPainterPath()
        path.moveTo(corners[0][0] * unit, corners[0][1] * unit)
        for x, y in corners[1:]:
            path.lineTo(x * unit, y * unit)
        path.closeSubpath()
        return path

    painter.setBrush(PAPER)  # a sheet with its top right corner folded
    painter.drawPath(outline((16, 10), (40, 10), (48, 18), (48, 54), (16, 54)))
    painter.setBrush(INK)
    painter.drawPath(outline((40, 10), (40, 18), (48, 18)))

    for top, right in ((22, 36), (28, 42), (34, 42)):  # the minute's lines
        painter.drawRoundedRect(
            QRectF(21 * unit, top * unit, (right - 21) * unit, 3 * unit), 1.5 * unit, 1.5 * unit
        )
    tick = QPen(DECISION, 5 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(tick)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(
        [
            QPointF(23 * unit, 44 * unit),
            QPointF(29 * unit, 49 * unit),
            QPointF(41 * unit, 38 * unit),
        ]
    )


def image(size: int) -> QImage:
    picture = QImage(size, size, QImage.Format.Format_ARGB32)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    draw(painter, size)
    painter.end()
    return picture


def svg() -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(64, 64))
    generator.setViewBox(QRectF(0, 0, 64, 64))
    generator.setTitle("ccsc-gov")
    generator.setDescription("The ccsc-gov application icon")
    painter = QPainter(generator)
    draw(painter, 64)
    painter.end()
    return bytes(data.data())


def build(target: Path) -> list[Path]:
    """Write every form of the icon into the folder `target`; the files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = [target / "ccsc-gov.svg"]
    written[0].write_bytes(svg())
    for size in ICON_SIZES:
        path = target / f"ccsc-gov-{size}.png"
        if not image(size).save(str(path), "PNG"):
            raise SystemExit(f"Qt could not write {path}")
        written.append(path)
    for name, size, kind in (("ccsc-gov.ico", 256, "ICO"), ("ccsc-gov.icns", 512, "ICNS")):
        if not image(size).save(str(target / name), kind):
            raise SystemExit(f"Qt could not write {target / name}")
        written.append(target / name)
    return written


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in build(HERE):
        print(f"wrote {path}")
    del app


if __name__ == "__main__":
    main()
