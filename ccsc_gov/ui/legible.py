"""Legible colours: the WCAG contrast of two colours, and text set back from the rest that
stays legible. Shared by the chairs' tables and the workspace."""

from __future__ import annotations

from PySide6.QtGui import QColor

MUTED_CONTRAST = 4.5
"""WCAG AA for body text: what muted text (a closed action) keeps against its background."""


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def muted(text: QColor, background: QColor) -> QColor:
    """Text set back from the rest, but still legible: the colour nearest the background,
    between the text's and the background's, that keeps a contrast of `MUTED_CONTRAST`."""
    best = text
    for step in range(1, 20):
        share = step / 20
        mixed = QColor.fromRgbF(
            text.redF() + (background.redF() - text.redF()) * share,
            text.greenF() + (background.greenF() - text.greenF()) * share,
            text.blueF() + (background.blueF() - text.blueF()) * share,
        )
        if contrast(mixed, background) < MUTED_CONTRAST:
            break
        best = mixed
    return best
