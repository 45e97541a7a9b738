"""Sub-commands of ``afpak-coder`` beyond the basic ones in ``afpak_coder.cli``.

Each module here defines ``NAME`` (the sub-command), ``HELP`` (one line), ``register(parser)``
(adds its arguments to an ``argparse`` sub-parser) and ``run(arguments) -> int`` (the exit status).
Add the module to ``ALL`` to make it available. Never import Qt here.
"""

from __future__ import annotations

from afpak_coder.commands import agreement, coder_copy, export, import_documents, merge

ALL: list = [import_documents, export, agreement, coder_copy, merge]
