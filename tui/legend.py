"""How each kind of row is shown: one symbol, one word.

The symbols make every kind readable without colour (a monochrome terminal, a
screen reader, a pasted capture). All are narrow (East Asian width N or Na), so
CJK terminals that draw "ambiguous" characters double-wide still line up.
"""

from __future__ import annotations

__all__ = ["KIND_LABELS", "KIND_SYMBOLS", "symbol"]

KIND_SYMBOLS: dict[str, str] = {
    "identical": "=",
    "modified": "~",
    "moved": "⇅",
    "split": "<",
    "merged": ">",
    "promoted": "^",
    "demoted": "v",
    "inserted": "+",
    "deleted": "-",
}

KIND_LABELS: dict[str, str] = {
    "identical": "same heading and text",
    "modified": "matched, text changed",
    "moved": "matched, but at another place in the outline",
    "split": "one left section became several right sections",
    "merged": "several left sections became one right section",
    "promoted": "matched one level higher on the right",
    "demoted": "matched one level lower on the right",
    "inserted": "only on the right",
    "deleted": "only on the left",
}


def symbol(kind: str) -> str:
    """The symbol for ``kind``; ``?`` for a kind this version does not know yet."""
    return KIND_SYMBOLS.get(kind, "?")
