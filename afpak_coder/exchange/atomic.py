"""Write output files all-or-nothing: into temporary files beside them, renamed into place at the end.

    with atomic_outputs([xlsx_path, csv_path], overwrite=force, protect=[project.path]) as temporary:
        write_workbook(temporary[0]); write_csv(temporary[1])
    # both files now exist; after an error or Cancelled neither changed and no temporary file is left

The rename is ``os.replace`` inside the same folder, so a reader never sees half a file and an
existing file is replaced only once the new one is complete.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from afpak_coder.core.errors import AfpakError


class ExportError(AfpakError):
    """An export cannot be written (folder missing, no permission, disk full, ...)."""


class OutputExistsError(ExportError):
    """The output file exists and replacing it was not confirmed."""


def check_outputs(paths: Sequence[Path], *, overwrite: bool = False, protect: Iterable[Path] = ()) -> None:
    """Refuse, before any work, outputs that cannot or must not be written."""
    # A server project (core/server_project.ServerLocation) has no file an output could overwrite.
    protected = {_same_file_key(Path(p)) for p in protect if isinstance(p, (str, Path))}
    seen: set = set()
    for path in paths:
        path = Path(path)
        key = _same_file_key(path)
        if key in protected:
            raise ExportError(f"{path}: is the project file itself; choose another output file")
        if key in seen:
            raise ExportError(f"{path}: is named for two outputs; give each its own file")
        seen.add(key)
        if path.is_dir():
            raise ExportError(f"{path}: is a folder; give a file name")
        if not path.parent.is_dir():
            raise ExportError(f"{path}: the folder {path.parent} does not exist")
        if path.exists() and not overwrite:
            raise OutputExistsError(f"{path}: already exists; confirm replacing it (--force on the command line)")


@contextmanager
def atomic_outputs(paths: Sequence[Path], *, overwrite: bool = False,
                   protect: Iterable[Path] = ()) -> Iterator[list[Path]]:
    paths = [Path(p) for p in paths]
    check_outputs(paths, overwrite=overwrite, protect=protect)
    temporary: list[Path] = []
    try:
        for path in paths:
            temporary.append(_create_temporary(path))
        try:
            yield temporary
        except OSError as error:  # disk full, permission lost, ...: name the file being written
            failed = next((p for p, t in zip(paths, temporary) if str(t) == str(error.filename)), paths[0])
            raise ExportError(f"{failed}: cannot be written ({error.strerror or error})") from error
        for done, path in zip(temporary, paths):
            try:
                os.replace(done, path)
            except OSError as error:
                raise ExportError(f"{path}: cannot be replaced ({error.strerror or error})") from error
    except BaseException:
        for leftover in temporary:
            leftover.unlink(missing_ok=True)
        raise


def _create_temporary(path: Path) -> Path:
    """An empty hidden file beside ``path``, created with the user's usual permissions (umask),
    unlike ``tempfile.mkstemp`` whose 0600 files would make the export unreadable to others."""
    for _attempt in range(20):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            with open(candidate, "xb"):
                return candidate
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(f"{path}: cannot write in {path.parent} ({error.strerror or error})") from error
    raise ExportError(f"{path}: cannot create a temporary file in {path.parent}")


def _same_file_key(path: Path):
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
