"""Column names that Stata, SPSS, R and pandas all accept: snake_case ASCII, at most 32 characters.

    clean_name("Outlet Country")      -> "outlet_country"
    clean_name("Länder-Kategorie")   -> "lander_kategorie"
    unique_names(["Outlet Country", "outlet_country"])
        -> {"Outlet Country": "outlet_country", "outlet_country": "outlet_country_2"}

Stata is the strictest of the three (32 characters, letters, digits and underscores, not starting
with a digit, a handful of reserved words); a name valid there is valid in SPSS and R as well.
Clashes — two names that clean to the same text, or a name that equals a fixed column — are
resolved in the order the names are given by a suffix ``_2``, ``_3``, …, so the same project
always gives the same names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_LENGTH = 32  # Stata's limit; SPSS allows 64 bytes
# Stata's reserved names, and SPSS's reserved keywords (both compared in lower case here).
RESERVED = frozenset({
    "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_pi",
    "_pred", "_rc", "_skip", "strl", "using", "with",
    "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to",
})
# Latin letters that Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                         "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ı": "i"})
FALLBACK = "var"  # for a name with no Latin letters or digits at all (e.g. written in Urdu)


def clean_name(text: str) -> str:
    """``text`` as a snake_case ASCII name: accents dropped, anything else between words an underscore."""
    ascii_text = unicodedata.normalize("NFKD", str(text).translate(LETTERS)).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^0-9a-z]+", "_", ascii_text.lower()).strip("_") or FALLBACK
    if name[0].isdigit():
        name = f"v_{name}"
    name = name[:MAX_LENGTH].rstrip("_")
    if name in RESERVED:
        name = f"{name}_"
    return name


def unique_names(names: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """Original name → clean name for each of ``names``, none equal to another or to ``taken``."""
    used = set(taken)
    result: dict[str, str] = {}
    for original in names:
        if original in result:
            continue
        base = clean_name(original)
        name, number = base, 1
        while name in used:
            number += 1
            suffix = f"_{number}"
            name = base[:MAX_LENGTH - len(suffix)] + suffix
        used.add(name)
        result[original] = name
    return result
