"""SIGKILL in the middle of coding: every action the API returned is in the file afterwards, and
the file is intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

import afpak_coder
from afpak_coder.core.integrity import check_project

ACTIONS = r"""
import random, sys
import afpak_coder
project = afpak_coder.open_project(sys.argv[1])
document, coder = project.documents()[0], project.coders()[0]
theme, actor, level = project.themes()[-1], project.actors()[0], project.stance_levels()[0]
rng, alive = random.Random(int(sys.argv[2])), []
for number in range(1000):
    choice = rng.random()
    if alive and choice < 0.2:
        claim = alive.pop(rng.randrange(len(alive)))
        project.delete_claim(claim)
        print("deleted", claim.hex, flush=True)
    elif alive and choice < 0.4:
        claim = rng.choice(alive)
        project.update_claim(claim, memo=f"memo {number}")
        print("memo", claim.hex, f"memo {number}", flush=True)
    else:
        start = rng.randrange(0, 40)
        claim = project.add_claim(document=document, coder=coder, start=start, end=start + 10, theme=theme,
                                  actor=actor, stance=level, memo=f"memo {number}")
        alive.append(claim.id)
        print("memo", claim.id.hex, f"memo {number}", flush=True)
"""


def test_every_returned_action_survives_a_kill(tmp_path):
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_document("Islamabad accused Kabul of sheltering the TTP near the border crossing.", title="T")
        project.add_coder("Ayesha")
    rng = random.Random(5)
    for round_number in range(2):
        process = subprocess.Popen([sys.executable, "-c", ACTIONS, str(path), str(round_number)],
                                   stdout=subprocess.PIPE, text=True)
        lines = []
        kill_after = rng.randrange(100, 250)
        while len(lines) < kill_after:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.split(maxsplit=2))
        os.kill(process.pid, signal.SIGKILL)  # in the middle of the next action
        process.wait()
        assert len(lines) == kill_after, "the script ended before it was killed"
        expected: dict[str, str | None] = {}
        for kind, claim_id, *rest in lines:
            expected[claim_id] = None if kind == "deleted" else rest[0].strip()
        with afpak_coder.open_project(path) as project:
            stored = {claim.id.hex: claim.memo for claim in project.claims()}
        for claim_id, memo in expected.items():
            if memo is None:
                assert claim_id not in stored
            else:
                assert stored.get(claim_id) == memo
    assert check_project(path).ok
