"""Render the app icon's PNG sizes from its SVG with Qt (run after editing the SVG):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/render_icons.py
"""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "afpak_coder" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it for painting
    renderer = QSvgRenderer(str(ICONS / "afpak-coder.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"afpak-coder-{size}.png"))
    print("wrote", ", ".join(f"afpak-coder-{size}.png" for size in SIZES), "in", ICONS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
