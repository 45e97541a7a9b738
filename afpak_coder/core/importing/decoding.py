"""Bytes to text: the encoding is detected from the bytes, never assumed."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from afpak_coder.core.importing.errors import NotTextError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Text may hold tabs, line ends and form feeds; more than this share of other control
# characters means the bytes were not text in the detected encoding.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc less tab, line ends, form feed
# When the detector cannot tell encodings apart (short texts with few accented letters), prefer
# the ones the region's texts are most often saved in: Windows Western and Arabic, then Latin-1.
_PREFERRED = ("cp1252", "cp1256", "latin_1", "iso8859_15", "iso8859_6")


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the name of the encoding it was read with.

    A byte-order mark decides first; bytes that are valid UTF-8 are UTF-8 (no other common
    encoding produces valid multi-byte UTF-8 by accident); anything else goes to
    charset-normalizer. The BOM stays in the text so that its removal is recorded when stored.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            return ("\ufeff" + text if encoding == "utf-8-sig" else text), encoding
    if b"\x00" not in data:
        try:
            return _checked(data.decode("utf-8"), path), "utf-8"
        except UnicodeDecodeError:
            pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotTextError(path, "is not text (binary data, no text encoding fits)")
    tied = [match for match in matches if (match.chaos, match.coherence) == (best.chaos, best.coherence)]
    chosen = min(tied, key=lambda match: _PREFERRED.index(match.encoding) if match.encoding in _PREFERRED else len(_PREFERRED))
    return _checked(str(chosen), path), chosen.encoding


def _checked(text: str, path: Path) -> str:
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise NotTextError(path, "is not text (binary data)")
    return text
