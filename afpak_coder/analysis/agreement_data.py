"""Reliability data as integer codes, and the result every agreement coefficient returns.

Split from :mod:`afpak_coder.analysis.agreement`, which re-exports everything here; see its
docstring for the conventions (coders × units, missing values, categories)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval", "ratio")
KAPPA_WEIGHTS = (None, "linear", "quadratic")


@dataclass(frozen=True)
class Coefficient:
    """One agreement figure: its value (None when undefined, with the reason) and what it rests on."""

    name: str
    value: float | None
    units: float  # units behind the figure (those coded by two or more coders where pairing matters)
    reason: str = ""
    observed: float | None = None  # observed agreement (kappa family) or disagreement (alpha)
    expected: float | None = None  # chance agreement (kappa family) or expected disagreement (alpha)
    pairable: float | None = None  # alpha: values in units with two or more values

    @property
    def defined(self) -> bool:
        return self.value is not None

    def __float__(self) -> float:
        return float("nan") if self.value is None else float(self.value)

    def text(self, digits: int = 3) -> str:
        """The value as reliability figures are printed (".743", "-.120"), or "undefined"."""
        return format_value(self.value, digits)


def format_value(value: float | None, digits: int = 3) -> str:
    if value is None or not np.isfinite(value):
        return "undefined"
    text = f"{value:.{digits}f}"
    return text.replace("0.", ".", 1) if abs(value) < 1 else text


def undefined(name: str, units: float, reason: str, **extra: Any) -> Coefficient:
    return Coefficient(name, None, units, reason, **extra)


# -- turning data into category codes ------------------------------------------------------------

@dataclass(frozen=True)
class Encoded:
    """Reliability data as integer codes: ``codes[coder, unit]`` indexes ``domain``; -1 = missing."""

    codes: np.ndarray
    domain: tuple
    weights: np.ndarray | None = None  # units standing for many identical ones (character runs)
    numeric: np.ndarray | None = field(default=None, compare=False)


def encode(data: Any, categories: Sequence | None = None, level: str = "nominal") -> Encoded:
    """Encode coders × units data; values outside ``categories`` are refused with a ValueError."""
    check_level(level)
    numbers = _numeric_table(data)
    if numbers is not None and categories is None:  # fast path: numbers with NaN for missing
        present = ~np.isnan(numbers)
        domain_values, inverse = np.unique(numbers[present], return_inverse=True)
        codes = np.full(numbers.shape, -1, dtype=np.int64)
        codes[present] = inverse
        domain = tuple(value.item() for value in domain_values)
        return Encoded(codes, domain, None, domain_values.astype(float) if level in ("interval", "ratio") else None)
    if numbers is not None and categories is not None and all(_is_number(c) for c in categories):
        return _encode_numbers(numbers, tuple(categories), level)
    table = _as_table(data)
    flat = table.ravel()
    missing = np.asarray(pd.isna(flat), dtype=bool)
    present = flat[~missing]
    codes = np.full(flat.shape, -1, dtype=np.int64)
    if categories is not None:
        domain = tuple(categories)
        if len(set(domain)) != len(domain):
            raise ValueError("categories must not repeat")
        found = pd.Index(list(domain), dtype=object).get_indexer(pd.Index(list(present), dtype=object))
        if (found < 0).any():
            stray = present[found < 0][0]
            raise ValueError(f"value {stray!r} is not among the categories")
        codes[~missing] = found
    else:
        try:
            uniques = sorted(set(present.tolist()))
        except TypeError:  # labels of mixed kinds do not sort; fine for nominal data
            if level != "nominal":
                raise ValueError(f"{level} data need categories in scale order") from None
            uniques = list(dict.fromkeys(present.tolist()))
        domain = tuple(uniques)
        codes[~missing] = pd.Index(uniques, dtype=object).get_indexer(pd.Index(list(present), dtype=object))
    numeric = None
    if level in ("interval", "ratio"):
        try:
            numeric = np.asarray(domain, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{level} data must be numbers") from None
    return Encoded(codes.reshape(table.shape), domain, None, numeric)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))


def _encode_numbers(numbers: np.ndarray, domain: tuple, level: str) -> Encoded:
    """Numeric data against numeric categories, in array operations (no Python object per value):
    each value's code is its category's position in ``domain``."""
    if len(set(domain)) != len(domain):
        raise ValueError("categories must not repeat")
    values = np.asarray(domain, dtype=float)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    present = ~np.isnan(numbers)
    found = numbers[present]
    slots = np.minimum(np.searchsorted(ordered, found), len(ordered) - 1) if len(ordered) else None
    known = ordered[slots] == found if slots is not None else np.zeros(found.shape, dtype=bool)
    if not known.all():
        raise ValueError(f"value {found[~known][0].item()!r} is not among the categories")
    codes = np.full(numbers.shape, -1, dtype=np.int64)
    codes[present] = order[slots] if slots is not None else []
    return Encoded(codes, domain, None, values if level in ("interval", "ratio") else None)


def _numeric_table(data: Any) -> np.ndarray | None:
    """The data as a 2-D float array when they are numeric already (an array or a DataFrame)."""
    numeric = pd.api.types.is_numeric_dtype
    if isinstance(data, pd.DataFrame) and all(numeric(t) and not pd.api.types.is_bool_dtype(t) for t in data.dtypes):
        array = data.to_numpy(dtype=float, na_value=np.nan)
    elif isinstance(data, np.ndarray) and numeric(data.dtype) and data.dtype != bool:
        array = data.astype(float, copy=False)
    else:
        return None
    return array if array.ndim == 2 else None


def _as_table(data: Any) -> np.ndarray:
    if isinstance(data, pd.DataFrame):
        table = data.to_numpy(dtype=object)
    elif isinstance(data, np.ndarray):
        table = data.astype(object) if data.dtype != object else data
    else:
        rows = [list(row) for row in data]
        if len({len(row) for row in rows}) > 1:
            raise ValueError("every coder's row must have one entry per unit (use None for missing)")
        table = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=object)
        for number, row in enumerate(rows):
            table[number, :] = row
    if table.ndim != 2:
        raise ValueError("reliability data must be a coders × units table")
    return table


def check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
