"""Local places for a project that may live on a server: a server project has no folder of its own,
so its suggestion models are cached in the user's cache folder."""

from __future__ import annotations

from pathlib import Path


def cache_stand_in(project) -> Path:
    """What the suggestion cache is kept beside: the project file, or for a server project a
    stand-in named by the project's id in the user's cache folder (made when missing)."""
    if not getattr(project, "is_server", False):
        return Path(project.path)
    from platformdirs import user_cache_path

    folder = user_cache_path("afpak-coder", appauthor=False) / "servers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{project.project_id}.afpak"
