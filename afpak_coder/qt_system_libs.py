"""Check the system libraries that Qt's X11 platform plugin (xcb) needs, before ``make run`` starts the app.

PySide6's wheels bring Qt but not the X11 helper libraries Qt links against; on a fresh Debian or
Ubuntu machine some are missing and Qt aborts with a message naming the wrong one. This check runs
``ldd`` on the plugin, maps each "not found" library to its Debian package, installs them when it
can (root, or sudo without a password) and otherwise stops with one line naming the command to run.

    python -m afpak_coder.qt_system_libs [--no-install] [--plugin PATH]

It never imports Qt (it only locates the PySide6 folder), so it is cheap and safe to run first.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Debian names a library package after its soname: libfoo.so.N → libfooN, or libfoo-N when the
# name ends in a digit (Debian Policy 8.1). These are the sonames whose packages break that rule.
DEBIAN_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libstdc++.so.6": "libstdc++6",
    "libpng16.so.16": "libpng16-16",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
_SONAME = re.compile(r"^(lib.+?)\.so\.(\d+)")


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` printed as "not found", each once, in the order first seen."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in missing:
            missing.append(match.group(1))
    return missing


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships ``soname`` (e.g. libxcb-icccm.so.4 → libxcb-icccm4)."""
    if soname in DEBIAN_EXCEPTIONS:
        return DEBIAN_EXCEPTIONS[soname]
    match = _SONAME.match(soname)
    if match is None:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def debian_packages(sonames: list[str]) -> list[str]:
    packages: list[str] = []
    for soname in sonames:
        package = debian_package(soname)
        if package not in packages:
            packages.append(package)
    return packages


def xcb_plugin() -> Path | None:
    """The xcb platform plugin inside the installed PySide6, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def ldd(path: Path) -> str:
    return subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout


def advice(sonames: list[str], apt: bool, dnf: bool) -> str:
    """The one line telling the user what to run."""
    head = f"Qt's X11 plugin needs system libraries that are missing ({', '.join(sonames)}): run"
    if apt or not dnf:
        return f"{head}  sudo apt-get install -y {' '.join(debian_packages(sonames))}"
    # dnf installs by soname, so no table of Fedora package names is needed.
    provides = " ".join(f"'{soname}()(64bit)'" for soname in sonames)
    return f"{head}  sudo dnf install -y {provides}"


def _privilege_prefix() -> list[str] | None:
    """[] when root, ["sudo", "-n"] when sudo needs no password, else None (cannot install)."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def _apt_install(prefix: list[str], packages: list[str]) -> bool:
    install = [*prefix, "apt-get", "install", "-y", "--no-install-recommends", *packages]
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, env=environment).returncode == 0:
        return True
    # A fresh machine may have no package lists yet.
    subprocess.run([*prefix, "apt-get", "update"], env=environment)
    return subprocess.run(install, env=environment).returncode == 0


def _display_wanted() -> bool:
    """False where Qt will not use xcb: not Linux, another platform chosen, or a Wayland session."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return False
    return not (os.environ.get("WAYLAND_DISPLAY") and not platform)


def no_display() -> bool:
    """Qt would abort (exit 134): it wants X11 here and there is no X display."""
    return _display_wanted() and not os.environ.get("DISPLAY")


def _display_check(wanted: bool) -> int:
    """Qt aborts (exit 134) without an X display: say so in one line instead."""
    if wanted and no_display():
        print("No X display to open the window on (DISPLAY is not set): run `make run` in a desktop session.",
              file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m afpak_coder.qt_system_libs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-install", action="store_true", help="only report; never install anything")
    parser.add_argument("--plugin", type=Path, help="the Qt plugin to check (default: PySide6's libqxcb.so)")
    arguments = parser.parse_args(argv)
    plugin = arguments.plugin or xcb_plugin()
    if plugin is None or (arguments.plugin is None and not _display_wanted()) or not shutil.which("ldd"):
        return 0
    missing = missing_libraries(ldd(plugin))
    if not missing:
        return _display_check(arguments.plugin is None)
    apt, dnf = bool(shutil.which("apt-get")), bool(shutil.which("dnf"))
    prefix = None if arguments.no_install or not apt else _privilege_prefix()
    if prefix is not None:
        packages = debian_packages(missing)
        print(f"Installing the system libraries Qt needs: {' '.join(packages)}", file=sys.stderr)
        if _apt_install(prefix, packages):
            missing = missing_libraries(ldd(plugin))
            if not missing:
                return _display_check(arguments.plugin is None)
    print(advice(missing, apt, dnf), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
