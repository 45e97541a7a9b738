"""A coder copy merged back is a change like any other: a claim it changes in the master gets a
new version, so that a window holding the master's earlier copy of the claim cannot overwrite it."""

import pytest

from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import build_merge_plan
from afpak_coder.core.errors import ConflictError
from afpak_coder.core.project import open_project
from copies_helpers import claim_args


def test_a_claim_changed_by_a_merge_gets_a_new_version(master, tmp_path):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    with open_project(dana) as copy:
        document = next(d for d in copy.documents() if d.number == 1)
        added = copy.add_claim(coder="Dana", **claim_args(copy, document, 0, 40))
    apply_merge(master, build_merge_plan(master, [dana]))
    held = master.claim(added.id)  # e.g. open in the lead's coding panel
    assert held.version == 1

    with open_project(dana) as copy:
        copy.update_claim(added.id, memo="Dana's second reading")
    apply_merge(master, build_merge_plan(master, [dana]))

    merged = master.claim(added.id)
    assert (merged.memo, merged.version) == ("Dana's second reading", 2)
    with pytest.raises(ConflictError) as refused:
        master.update_claim(held, memo="the lead's note")
    assert refused.value.current.memo == "Dana's second reading"
    assert master.claim(added.id).memo == "Dana's second reading"
