"""The desktop app (PySide6). Only this package imports Qt."""

import os

# Qt splits each large fill (a scrollbar's groove, a panel's background) across a thread pool and
# waits for it: for widget-sized areas the hand-over costs more than the fill, most of all on a
# busy two-core machine (a whole-window repaint took 2.3× as long with the pool). Paint on the GUI
# thread unless the user chose otherwise; read once, when Qt first paints.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
