"""The parsed-speech model: small frozen dataclasses, easy to build by hand in tests.

A :class:`ParsedFile` holds the decoded text of one file and the speeches
(:class:`Document`) found in it. Each document has a tree of numbered
:class:`Section` objects. Every ``span`` is a half-open ``(start, end)`` pair of
character offsets into :attr:`ParsedFile.text`, the decoded file text, so a
viewer can always show the original.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered (or recognisably headed) part of a speech.

    ``heading`` never includes the marker. ``text`` is the section's own body:
    the paragraphs after its heading and before its first child, without the
    heading itself. ``span`` covers the whole section, children included.
    """

    id: str
    level: int
    marker: str
    heading: str
    text: str
    span: Span
    heading_span: Span
    children: tuple[Section, ...] = ()
    style: str = ""
    number: int | None = None
    inline: bool = False
    implicit: bool = False

    def walk(self) -> Iterator[Section]:
        """This section and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def full_text(self) -> str:
        """Heading, own text and every descendant's text, as one string."""
        parts = [self.heading, self.text]
        parts.extend(child.full_text for child in self.children)
        return "\n".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "marker": self.marker,
            "heading": self.heading,
            "text": self.text,
            "span": list(self.span),
            "heading_span": list(self.heading_span),
            "style": self.style,
            "number": self.number,
            "inline": self.inline,
            "implicit": self.implicit,
            "children": [c.to_json() for c in self.children],
        }


@dataclass(frozen=True, slots=True)
class Part:
    """A run of unnumbered text kept on the document (title, opening, closing...)."""

    text: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass(frozen=True, slots=True)
class Document:
    """One speech: its title, front matter, numbered sections and closing.

    ``front`` holds what sits between the title and the salutation (a dateline such
    as ``——2026年1月26日在……会议上``, the speaker's name); ``opening`` runs from the
    salutation to the first section; ``closing`` follows the last section.
    """

    index: int
    title: str
    span: Span
    sections: tuple[Section, ...] = ()
    title_part: Part | None = None
    front: Part | None = None
    salutation: Part | None = None
    opening: Part | None = None
    closing: Part | None = None

    def walk(self) -> Iterator[Section]:
        """Every section of the document, depth first, in document order."""
        for section in self.sections:
            yield from section.walk()

    def section(self, section_id: str) -> Section:
        """The section with ``section_id``; raises KeyError when there is none."""
        for s in self.walk():
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def to_json(self) -> dict[str, Any]:
        def part(p: Part | None) -> dict[str, Any] | None:
            return None if p is None else p.to_json()

        return {
            "index": self.index,
            "title": self.title,
            "span": list(self.span),
            "front": part(self.front),
            "salutation": part(self.salutation),
            "opening": part(self.opening),
            "closing": part(self.closing),
            "sections": [s.to_json() for s in self.sections],
        }


@dataclass(frozen=True, slots=True)
class Removed:
    """Text the cleaner took out (adverts, site furniture), kept so nothing vanishes unseen."""

    span: Span
    reason: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"span": list(self.span), "reason": self.reason, "text": self.text}


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A decoded file and the speeches in it.

    ``format`` is ``text``, ``docx`` or ``pdf``; for the last two ``text`` is the
    extracted text (``encoding`` ""), and ``extractor`` names the library used.
    """

    source: str
    text: str
    encoding: str
    documents: tuple[Document, ...] = ()
    removed: tuple[Removed, ...] = field(default_factory=tuple)
    format: str = "text"
    extractor: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding or None,
            "extractor": self.extractor or None,
            "documents": [d.to_json() for d in self.documents],
            "removed": [r.to_json() for r in self.removed],
        }
