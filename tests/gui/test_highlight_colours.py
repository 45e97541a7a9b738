"""In "Mine beside Clara's", Clara's underline stands out on every highlight, even when her
colour is as pale as the highlights themselves."""

from PySide6.QtGui import QTextCharFormat

from afpak_coder.core.colours import blend, contrast

from gui_helpers import open_doc


def test_other_coders_underline_is_visible_on_every_highlight(coding, tmp_path):
    clara = coding.project.coder("Clara")
    coding.project.update_coder(clara, color="#ffed6f")  # pale yellow: invisible on a yellow highlight
    document = open_doc(coding, "Torkham reopens")
    show = {a.text(): a for a in coding.actions.show_menu.actions()}
    show["Mine beside Clara's"].trigger()
    view = coding.document_view
    view._paint()
    # each painted stretch: its highlight as it lands on the white page, and its underline
    underlined = [(blend(s.format.background().color().name(), s.format.background().color().alpha() / 255),
                   s.format.underlineColor().name())
                  for s in view.extraSelections()
                  if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline]
    coders = {c.coder.name for c in coding.project.claims(document=document) if c.coder.name in ("Ayesha", "Clara")}
    assert coders == {"Ayesha", "Clara"} and len(underlined) >= 2
    assert "#ffed6f" not in {line for _theme, line in underlined}  # darkened where it would vanish
    for page_colour, line in underlined:
        assert contrast(line, page_colour) >= 4.5
    view.grab().save(str(tmp_path / "beside.png"))  # looked at when the colours changed
