"""Build the ready-made sample project from ``sample_data/`` (original articles and codings).

Codings are stored by quote, not by offset, so the text files stay easy to read and edit: each
quote is looked up in its article body (``occurrence`` picks among repeats).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from afpak_coder.core.errors import ValidationError
from afpak_coder.core.project import Project, create_project
from afpak_coder.core.text import normalise_text


def sample_folder() -> Traversable:
    return resources.files("afpak_coder").joinpath("sample_data")


def read_article(name: str, content: str) -> tuple[dict[str, Any], str]:
    """Split an article file into its YAML front matter and its body (stripped)."""
    if not content.startswith("---\n"):
        raise ValidationError(f"sample article {name}: front matter (---) missing")
    end = content.find("\n---\n", 4)
    if end < 0:
        raise ValidationError(f"sample article {name}: front matter is not closed by ---")
    metadata = yaml.safe_load(content[4:end]) or {}
    return metadata, content[end + 5 :].strip()


def find_span(body: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = body.find(quote, start + 1)
        if start < 0:
            raise ValidationError(f"quote not found (occurrence {occurrence}): {quote[:60]!r}")
    return start, start + len(quote)


def build_sample_project(path: str | Path) -> Project:
    """Create the sample project at ``path``: articles, three coders, their claims and statuses."""
    folder = sample_folder()
    articles = sorted((entry for entry in folder.joinpath("articles").iterdir() if entry.name.endswith(".md")),
                      key=lambda entry: entry.name)
    codings = yaml.safe_load(folder.joinpath("codings.yaml").read_text("utf-8"))
    project = create_project(path, name="Afghanistan–Pakistan relations: sample project")
    try:
        documents = {}
        bodies = {}
        for article in articles:
            metadata, body = read_article(article.name, article.read_text("utf-8"))
            stem = article.name.removesuffix(".md")
            bodies[stem], _ = normalise_text(body)
            documents[stem] = project.add_document(
                body, title=metadata["title"], outlet=metadata.get("outlet"), author=metadata.get("author"),
                published=metadata.get("published"), url=metadata.get("url"),
                language=metadata.get("language"), genre=metadata.get("genre"),
                variables=metadata.get("variables"), source_path=f"sample_data/articles/{article.name}",
                source_format="sample article",
            )
        for coder in codings["coders"]:
            project.add_coder(coder["name"], coder.get("color"))
        claims = []
        for number, entry in enumerate(codings["claims"], 1):
            stem = entry["document"]
            if stem not in documents:
                raise ValidationError(f"sample coding {number}: no article named {stem!r}")
            quote, _ = normalise_text(entry["quote"])
            try:
                start, end = find_span(bodies[stem], quote, int(entry.get("occurrence", 1)))
            except ValidationError as error:
                raise ValidationError(f"sample coding {number} in {stem}: {error}") from error
            claims.append(dict(
                document=documents[stem], coder=entry["coder"], start=start, end=end, quote=quote,
                theme=entry["theme"], actor=entry["actor"], target=entry.get("target"),
                stance=entry.get("stance"), memo=entry.get("memo") or "",
            ))
        project.add_claims(claims)
        for entry in codings.get("statuses") or []:
            project.set_status(documents[entry["document"]], entry["coder"], entry["status"])
    except BaseException:
        project.close()
        Path(path).unlink(missing_ok=True)
        raise
    return project
