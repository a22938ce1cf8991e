"""The paragraph fallback: a copy that lost its numbered headings still aligns.

Web copies of a speech sometimes drop their ``一、`` lines: the paragraphs of
those sections then sit in the unnumbered opening (or closing) of the document,
where section alignment cannot see them. When sections left over on one side
are found (as bigrams) in the other side's opening or closing, that part is cut
into top-level paragraph sections and the alignment runs again.

Lifted sections have ids ``opening.N`` / ``closing.N``, ``style="paragraph"``,
``implicit=True``, an empty heading, and the span of the whole part (the model
keeps no per-paragraph offsets for parts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from .matching import Tree
from .model import Document, Part, Section
from .similarity import ShingleScorer

__all__ = ["lift", "needs_paragraphs"]

_MIN_TEXT = 24  # characters a leftover needs before it is looked for
_COVER = 0.5  # share of a leftover's bigrams that must be found in the part


def needs_paragraphs(
    sides: Sequence[tuple[Tree, Mapping[int, list[int]], Document, Document, Tree]],
    *,
    workers: int = 1,
) -> bool:
    """True when leftover sections of one side reappear in the other's opening/closing.

    ``sides`` holds, for each direction, (tree, its matches, its own document, the
    other document, the other tree). Only a document with little structure can
    trigger it: an opening or closing of several paragraphs holding a fair share
    (a fifth) of its text. And the leftover must not be found in its own side's
    opening/closing as well: then both copies share that text and nothing was lost.
    """
    for tree, matched, own, other, other_tree in sides:
        body = sum(len(t) for t in other_tree.texts) + sum(len(h) for h in other_tree.headings)
        parts = [
            p.text
            for p in (other.opening, other.closing)
            if p is not None and p.text.count("\n") >= 1 and len(p.text) * 4 >= body
        ]
        if not parts:
            continue
        left = [
            f"{tree.headings[i]}\n{tree.texts[i]}"
            for i in range(len(tree))
            if i not in matched and tree.text_len[i] >= _MIN_TEXT // 2
        ]
        if not left:
            continue
        mine = [p.text for p in (own.opening, own.closing) if p is not None and p.text]
        found = ShingleScorer(2)(left, [*parts, *mine], workers=workers).cover_a
        there = found[:, : len(parts)].max(axis=1)
        here = found[:, len(parts) :].max(axis=1) if mine else np.zeros(len(left))
        if bool(np.any((there >= _COVER) & (here < _COVER))):
            return True
    return False


def lift(doc: Document) -> Document:
    """``doc`` with its opening and closing cut into top-level paragraph sections."""
    head = _paragraphs(doc.opening, "opening")
    tail = _paragraphs(doc.closing, "closing")
    if not head and not tail:
        return doc
    return replace(
        doc,
        sections=(*head, *doc.sections, *tail),
        opening=None if head else doc.opening,
        closing=None if tail else doc.closing,
    )


def _paragraphs(part: Part | None, name: str) -> tuple[Section, ...]:
    if part is None or not part.text.strip():
        return ()
    paras = [p.strip() for p in part.text.split("\n") if p.strip()]
    return tuple(
        Section(
            id=f"{name}.{n}",
            level=1,
            marker="",
            heading="",
            text=p,
            span=part.span,
            heading_span=(part.span[0], part.span[0]),
            style="paragraph",
            implicit=True,
        )
        for n, p in enumerate(paras, 1)
    )
