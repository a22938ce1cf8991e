"""Render a parsed file for ``speechdiff parse``: JSON for scripts, an indented tree for people."""

from __future__ import annotations

import json
from typing import Any

from ..model import Document, ParsedFile, Part, Section

__all__ = ["outline_json", "outline_tree"]

_PREVIEW = 36


def outline_json(parsed: ParsedFile) -> dict[str, Any]:
    """The ``parse --format json`` object for one file (contract: README, "speechdiff parse")."""
    return parsed.to_json()


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _preview(text: str, width: int = _PREVIEW) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _part(label: str, part: Part | None, indent: str) -> list[str]:
    if part is None:
        return []
    return [f"{indent}{label}: {_preview(part.text)}  [{len(part.text)} chars]"]


def _section(sec: Section, indent: str) -> list[str]:
    marker = sec.marker or ("·" if not sec.implicit else "(implicit)")
    size = len(sec.text)
    lines = [f"{indent}{sec.id:<8} {marker} {sec.heading}  [{size} chars]"]
    for child in sec.children:
        lines.extend(_section(child, indent + "  "))
    return lines


def _document(doc: Document) -> list[str]:
    title = doc.title or "(untitled)"
    n = sum(1 for _ in doc.walk())
    lines = [f"[{doc.index}] {title}  ({n} sections, chars {doc.span[0]}–{doc.span[1]})"]
    lines += _part("front", doc.front, "    ")
    lines += _part("salutation", doc.salutation, "    ")
    lines += _part("opening", doc.opening, "    ")
    for sec in doc.sections:
        lines.extend(_section(sec, "    "))
    lines += _part("closing", doc.closing, "    ")
    return lines


def outline_tree(parsed: ParsedFile) -> str:
    """An indented outline of every speech in ``parsed``, for reading in a terminal."""
    n = len(parsed.documents)
    how = parsed.encoding if parsed.format == "text" else f"{parsed.format} via {parsed.extractor}"
    head = f"{parsed.source}  ({how}, {n} speech{'es' if n != 1 else ''})"
    lines = [head]
    for doc in parsed.documents:
        lines.extend(_document(doc))
    for r in parsed.removed:
        where = f"[chars {r.span[0]}–{r.span[1]}]"
        lines.append(f"  removed {r.reason}: {_preview(r.text, 48)}  {where}")
    return "\n".join(lines)
