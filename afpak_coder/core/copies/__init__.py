"""Coder copies: blind project files handed to coders, and merging their work back.

    from afpak_coder.core.copies.make_copy import create_coder_copy
    from afpak_coder.core.copies.plan import build_merge_plan
    from afpak_coder.core.copies.apply import apply_merge

    create_coder_copy(master, "Dana", "dana.afpak")                 # a new file for Dana alone
    plan = build_merge_plan(master, ["dana.afpak", "emil.afpak"])   # what the files bring
    report = apply_merge(master, plan)                               # one transaction, backup first
    print(report.text())

This package imports nothing on import (``project.py`` and ``codebook_service.py`` read the key
names in ``keys``, and the other modules need ``project``).
"""
