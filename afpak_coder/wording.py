"""Small helpers for messages that read as English: "1 document", "2 documents"; "a theme and an actor"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``plural(1, "coder")`` → "1 coder"; ``plural(1200, "claim")`` → "1,200 claims"."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def join_and(items: list[str]) -> str:
    """``["a theme", "an actor"]`` → "a theme and an actor"; three or more: "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
