"""The Qt system-library check of `make run`: ldd output → missing sonames → Debian packages → one line."""

import shutil
import subprocess
import sys
from pathlib import Path

from afpak_coder import qt_system_libs
from afpak_coder.qt_system_libs import advice, debian_package, debian_packages, missing_libraries

# ldd on PySide6's libqxcb.so on a Debian 12 machine lacking two xcb helpers (shortened; the
# missing ones are printed twice because two of the plugin's libraries need them).
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007f35763cc000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f35762fe000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f357626e000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f357621b000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f3576214000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x00007f3576206000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f35763ce000)
"""


def test_ldd_output_gives_each_missing_library_once_in_order():
    assert missing_libraries(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries(LDD_OUTPUT.replace("=> not found", "=> /lib/x.so (0x1)")) == []


def test_sonames_map_to_the_debian_packages_that_ship_them():
    expected = {
        "libxcb-icccm.so.4": "libxcb-icccm4",
        "libxcb-keysyms.so.1": "libxcb-keysyms1",
        "libxcb-cursor.so.0": "libxcb-cursor0",
        "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",  # name ends in a digit: a hyphen before the version
        "libxcb-image.so.0": "libxcb-image0",
        "libxcb-render-util.so.0": "libxcb-render-util0",
        "libxcb-shape.so.0": "libxcb-shape0",
        "libxcb-xinerama.so.0": "libxcb-xinerama0",
        "libEGL.so.1": "libegl1",
        "libGL.so.1": "libgl1",
        "libfontconfig.so.1": "libfontconfig1",
        "libdbus-1.so.3": "libdbus-1-3",
        "libX11-xcb.so.1": "libx11-xcb1",
        "libglib-2.0.so.0": "libglib2.0-0",  # an exception to the naming rule
    }
    assert {soname: debian_package(soname) for soname in expected} == expected
    assert debian_packages(["libglib-2.0.so.0", "libgthread-2.0.so.0"]) == ["libglib2.0-0"]


def test_the_advice_is_one_line_naming_the_command():
    line = advice(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"], apt=True, dnf=False)
    assert "\n" not in line
    assert line.endswith("run  sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1")
    fedora = advice(["libxcb-icccm.so.4"], apt=False, dnf=True)
    assert fedora.endswith("sudo dnf install -y 'libxcb-icccm.so.4()(64bit)'")


def test_a_plugin_with_a_missing_library_stops_with_the_command(tmp_path, capsys):
    """A real ELF file whose dependency does not exist, checked without installing anything
    (on a Debian machine, like the project's)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler, "the test needs a C compiler to build a library with a missing dependency"
    (tmp_path / "dep.c").write_text("int dep(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int dep(void); int plugin(void) { return dep(); }\n")
    subprocess.run([compiler, "-shared", "-fPIC", "-Wl,-soname,libxcb-vanished.so.7", "-o",
                    tmp_path / "libxcb-vanished.so.7", tmp_path / "dep.c"], check=True)
    subprocess.run([compiler, "-shared", "-fPIC", "-o", tmp_path / "libplugin.so", tmp_path / "plugin.c",
                    tmp_path / "libxcb-vanished.so.7"], check=True)
    (tmp_path / "libxcb-vanished.so.7").unlink()

    status = qt_system_libs.main(["--no-install", "--plugin", str(tmp_path / "libplugin.so")])

    assert status == 1
    assert capsys.readouterr().err.strip().endswith("sudo apt-get install -y libxcb-vanished7")


def test_offscreen_needs_no_check():
    """`make test` runs offscreen: the check passes whatever the machine has."""
    script = Path(qt_system_libs.__file__)
    result = subprocess.run([sys.executable, str(script)], env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
