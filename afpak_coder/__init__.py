"""afpak-coder: code news articles and policy briefs on Afghanistan–Pakistan relations as claims.

    import afpak_coder
    with afpak_coder.open_project("study.afpak") as project:
        frame = project.claims_frame()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The public API is imported on first use (PEP 562), so ``import afpak_coder`` stays light: the
# launcher, ``--version`` and the desktop app's first window need neither SQLAlchemy nor pandas.
_LAZY = {
    "AfpakError": "afpak_coder.core.errors",
    "Project": "afpak_coder.core.project",
    "create_project": "afpak_coder.core.project",
    "load_claims": "afpak_coder.core.project",
    "open_project": "afpak_coder.core.project",
    "network": "afpak_coder.analysis.network_api",  # not Project.network: core must not import analysis
    "train_suggestions": "afpak_coder.analysis.suggester",
}

__all__ = ["AfpakError", "Project", "create_project", "load_claims", "network", "open_project", "train_suggestions",
           "__version__"]

if TYPE_CHECKING:
    from afpak_coder.core.errors import AfpakError
    from afpak_coder.core.project import Project, create_project, load_claims, open_project


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'afpak_coder' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
