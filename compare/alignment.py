"""What :func:`compare.align.align` returns: matches, kinds, scores, runner-ups.

Frozen dataclasses, easy to build by hand in tests: :class:`Weights` (the options
that weigh headings, bodies and places), :class:`Match` (one pair of sections),
:class:`Alignment` (the whole result). :mod:`compare.align` re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .defaults import CONTEXT_WEIGHT, HEADING_WEIGHT, TEXT_WEIGHT
from .inline import InlineDiff
from .model import Document

__all__ = ["KINDS", "Alignment", "Candidates", "Match", "Weights"]

KINDS = ("identical", "modified", "moved", "split", "merged", "promoted", "demoted")


@dataclass(frozen=True, slots=True)
class Weights:
    """How much headings, bodies and places among siblings count.

    ``heading`` and ``text`` are relative weights of the content score (``text``
    covers own text and subtree); ``context`` is the share of the deciding score
    of sibling pairs given to their places, between 0 and 1.
    """

    heading: float = HEADING_WEIGHT
    text: float = TEXT_WEIGHT
    context: float = CONTEXT_WEIGHT

    def __post_init__(self) -> None:
        if min(self.heading, self.text) < 0 or self.heading + self.text <= 0:
            raise ValueError("heading and text weights must be >= 0 and not both 0")
        if not 0 <= self.context < 1:
            raise ValueError("context weight must be in [0, 1)")


@dataclass(frozen=True, slots=True)
class Match:
    """Section ``a`` (of document a) corresponds to section ``b`` (of document b).

    ``score`` is the content similarity (1.0 exactly when heading and body are the
    same after normalisation); ``context_score`` is the agreement of places used
    in deciding. ``changed`` says whether the content differs; ``renumbered``
    whether the marker text differs (``（一）`` → ``1.``), not a content change.
    """

    a: str
    b: str
    kind: str
    score: float
    heading_score: float = 0.0
    text_score: float = 0.0
    context_score: float = 0.0
    changed: bool = True
    renumbered: bool = False


Candidates = Mapping[str, tuple[tuple[str, float], ...]]


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of :func:`align`. Read-only; mappings must not be modified.

    ``a`` and ``b`` are the documents as aligned: the inputs, unless the paragraph
    fallback lifted an opening or closing into paragraph sections.
    ``candidates_a[id]`` lists the best other-side sections for a section of ``a``
    (``(b_id, content score)``, best first, up to ``candidates``), leaving out the
    section(s) it is matched to; ``candidates_b`` likewise. ``inline`` maps
    ``(a_id, b_id)`` of each match to its inline diff (empty with ``inline=False``).
    """

    a: Document
    b: Document
    matches: tuple[Match, ...]
    deleted: tuple[str, ...]
    inserted: tuple[str, ...]
    similarity: float
    candidates_a: Candidates = field(default_factory=dict)
    candidates_b: Candidates = field(default_factory=dict)
    inline: Mapping[tuple[str, str], InlineDiff] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        """True exactly when both speeches have the same skeleton and text."""
        return self.similarity == 1.0

    def counts(self) -> dict[str, int]:
        """Number of matches of each kind, plus ``inserted`` and ``deleted``."""
        out = dict.fromkeys(KINDS, 0)
        for m in self.matches:
            out[m.kind] = out.get(m.kind, 0) + 1
        out["inserted"] = len(self.inserted)
        out["deleted"] = len(self.deleted)
        return out
