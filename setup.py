"""Everything is configured in pyproject.toml; this only copies the user guide into the wheel.

Help → User guide reads README.md, CITATION.cff and docs/ (pages and screenshots). In a source
checkout it reads them where they are; a wheel carries a copy in afpak_coder/resources/guide.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
GUIDE_FILES = ["README.md", "CITATION.cff",
               *(f"docs/{p.name}" for pattern in ("*.md", "*.png") for p in sorted((ROOT / "docs").glob(pattern)))]


class BuildPyWithGuide(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        guide = Path(self.build_lib) / "afpak_coder" / "resources" / "guide"
        for name in GUIDE_FILES:
            (guide / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, guide / name)


setup(cmdclass={"build_py": BuildPyWithGuide})
