"""Shared test data for the agreement tests: a small project with known disagreements."""

MILITANCY = "Security › Cross-border militancy and TTP sanctuaries"
AIRSTRIKES = "Security › Counter-terrorism operations and airstrikes"
CROSSINGS = "Border & trade › Border closures, crossings and trade"
PAKISTAN = "Pakistani government"
TALIBAN = "Afghan Taliban administration"

# Four sentences; the claims below sit on the first three.
TEXT = ("Islamabad accused Kabul of sheltering the TTP. Kabul denied that its soil was used against Pakistan. "
        "Traders said the Torkham closure cost them dearly. The talks resume next week.")
URDU = "چمن میں دھرنا جاری ہے۔ تاجروں نے سرحد کھولنے کا مطالبہ کیا۔"


def span(text, quote):
    start = text.index(quote)
    return start, start + len(quote)


def build_coded(project):
    """Ayesha and Bilal code one English article; Clara marks it done without claims; only
    Ayesha codes the Urdu one. Bilal trims the first quote and codes its theme differently;
    only Ayesha sees the third claim."""
    article = project.add_document(TEXT, title="Border talks stall", language="en")
    urdu = project.add_document(URDU, title="Chaman sit-in", language="ur")
    for name in ("Ayesha", "Bilal", "Clara"):
        project.add_coder(name)
    first = span(TEXT, "Islamabad accused Kabul of sheltering the TTP.")
    trimmed = span(TEXT, "accused Kabul of sheltering the TTP")
    second = span(TEXT, "Kabul denied that its soil was used against Pakistan.")
    third = span(TEXT, "Traders said the Torkham closure cost them dearly.")
    add = project.add_claim
    add(document=article, coder="Ayesha", start=first[0], end=first[1], theme=MILITANCY, actor=PAKISTAN,
        target=TALIBAN, stance=-2)
    add(document=article, coder="Bilal", start=trimmed[0], end=trimmed[1], theme=AIRSTRIKES, actor=PAKISTAN,
        target=TALIBAN, stance=-2)
    add(document=article, coder="Ayesha", start=second[0], end=second[1], theme=MILITANCY, actor=TALIBAN,
        target=PAKISTAN, stance=-1)
    add(document=article, coder="Bilal", start=second[0], end=second[1], theme=MILITANCY, actor=TALIBAN,
        target=None, stance=None)
    add(document=article, coder="Ayesha", start=third[0], end=third[1], theme=CROSSINGS, actor=PAKISTAN,
        stance=0)
    add(document=urdu, coder="Ayesha", start=0, end=URDU.index("۔") + 1, theme=CROSSINGS, actor=PAKISTAN, stance=0)
    project.set_status(article, "Clara", "done")
    return project, article, urdu
