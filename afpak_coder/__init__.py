"""afpak-coder: code news articles and policy briefs on Afghanistan–Pakistan relations as claims.

    import afpak_coder
    with afpak_coder.open_project("study.afpak") as project:
        frame = project.claims_frame()
"""

__version__ = "0.1.0"

from afpak_coder.core.errors import AfpakError  # noqa: E402
from afpak_coder.core.project import Project, create_project, load_claims, open_project  # noqa: E402

__all__ = ["AfpakError", "Project", "create_project", "load_claims", "open_project", "__version__"]
