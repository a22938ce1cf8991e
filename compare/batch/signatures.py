"""Skeleton signature of one speech: what a template fixes, without the prose.

A template fixes the *top-level* outline: how many parts, how they are numbered,
and what each part's heading says (with slots for the subject). Bodies and the
sub-items under each part are where writers differ, so they are left out of the
signature (sub-items still travel in the skeleton document given to the alignment
engine).

Per top-level section the signature keeps:

- ``heading``: :func:`~compare.batch.canon.heading_key` (folded, no punctuation,
  digits as ``0``, placeholders as the wildcard);
- ``roles``: the rhetorical job of the part, read from cue words. Speeches built on
  one skeleton often share *no* wording: ``统一思想、主动作为，充分认识……的重要性`` and
  ``提高政治站位，深刻认识……的重大意义`` are both the "why it matters" part of the
  mobilisation skeleton (docs/domain.md). The cue table below encodes the parts
  that domain notes name; it is small on purpose and only ever *adds* evidence.

The numbering class of the top level (numbered ``一、`` ``1.`` ``第一，`` versus
unnumbered heading lines) is part of the skeleton too: a report whose top
headings carry no numerals was not typed from the numbered template.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Document, Section
from .canon import WILDCARD, heading_key
from .sketch import U64, minhash, token_hashes

__all__ = [
    "ROLE_CUES",
    "ROLE_PRIORITY",
    "Signature",
    "main_role",
    "roles_of",
    "signature",
    "skeleton_document",
    "top_sections",
]

# Rhetorical parts of official speeches and the words that announce them.
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "significance": (
        "意义",
        "认识",
        "重要性",
        "紧迫性",
        "必要性",
        "站位",
        "统一思想",
        "思想统一",
        "责任感",
        "使命感",
        "紧迫感",
    ),
    "tasks": ("重点", "任务", "把握", "谋划", "抓好", "举措", "工作安排", "主要工作", "年工作"),
    "safeguards": ("加强领导", "组织领导", "领导责任", "保障", "确保", "实效", "纪律", "加强组织"),
    "review": ("回顾", "总结", "成绩", "成就"),
    "situation": ("形势", "态势", "机遇", "挑战"),
    "goals": ("目标", "总体要求", "主要考虑", "预期", "规划"),
    "self_building": ("自身建设", "政府治理", "服务型政府", "满意的政府", "法治政府"),
}
# Most specific first: cue words of later roles (重点, 把握, 领导) turn up in any part.
ROLE_PRIORITY = (
    "review",
    "situation",
    "goals",
    "self_building",
    "significance",
    "safeguards",
    "tasks",
)
UNNUMBERED = frozenset({"plain", "implicit", "dash", "lead", ""})
SKIPPED = frozenset({"appendix"})
MIN_SECTIONS = 2  # a single part is not a skeleton anyone can share


@dataclass(frozen=True, slots=True)
class Signature:
    """The skeleton of one speech as the family stages compare it."""

    headings: tuple[str, ...]
    roles: tuple[frozenset[str], ...]
    numbered: bool
    child_counts: tuple[int, ...]
    sketch: U64  # MinHash of heading bigrams, for the candidate index

    @property
    def eligible(self) -> bool:
        """Whether the speech has enough outline to share a template with another."""
        return len(self.headings) >= MIN_SECTIONS

    @property
    def role_key(self) -> str:
        """The sequence of parts, e.g. ``significance>tasks>safeguards``; "" if unclear.

        Speeches whose parts play the same roles in the same order are candidates
        for one family even when their wording shares nothing. A heading that
        announces several roles (``清醒认识当前形势``: significance and situation) is
        keyed by its most specific one (:data:`ROLE_PRIORITY`), so that two wordings
        of one part land in the same bucket.
        """
        if len(self.roles) < MIN_SECTIONS or not all(self.roles):
            return ""
        return ">".join(main_role(r) for r in self.roles)


def main_role(roles: frozenset[str]) -> str:
    """The most specific of a heading's roles (:data:`ROLE_PRIORITY`); "" if none."""
    return min(roles, key=ROLE_PRIORITY.index) if roles else ""


def roles_of(heading: str) -> frozenset[str]:
    """Parts whose cue words occur in ``heading`` (a heading key or raw heading)."""
    return frozenset(role for role, cues in ROLE_CUES.items() if any(c in heading for c in cues))


def top_sections(doc: Document) -> tuple[Section, ...]:
    """The parts a template fixes: top-level sections, appendices left out.

    A speech whose whole body hangs under one wrapper section (``一、`` alone, with
    the real parts as its children) is read one level down.
    """
    secs = tuple(s for s in doc.sections if s.style not in SKIPPED)
    while len(secs) == 1 and secs[0].children:
        secs = tuple(s for s in secs[0].children if s.style not in SKIPPED)
    return secs


def _bigrams(key: str) -> list[str]:
    parts = [p for p in key.split(WILDCARD) if p]
    return [p[i : i + 2] for p in parts for i in range(max(1, len(p) - 1))]


def signature(doc: Document) -> Signature:
    """The :class:`Signature` of ``doc``."""
    top = top_sections(doc)
    headings = tuple(heading_key(s.heading) for s in top)
    roles = tuple(roles_of(h) for h in headings)
    numbered_count = sum(1 for s in top if s.style not in UNNUMBERED)
    tokens = {f"{b}" for h in headings for b in _bigrams(h)}
    return Signature(
        headings=headings,
        roles=roles,
        numbered=numbered_count * 2 > len(top),
        child_counts=tuple(len(s.children) for s in top),
        sketch=minhash(token_hashes(tokens)),
    )


def _bare(section: Section, depth: int) -> Section:
    kids = () if depth <= 1 else tuple(_bare(c, depth - 1) for c in section.children)
    return replace(section, text="", children=kids)


def skeleton_document(doc: Document, *, depth: int = 2) -> Document:
    """``doc`` reduced to its outline: headings kept, every body emptied.

    This is what the alignment engine is given when families are verified: the
    skeleton is what a template fixes, and empty texts keep alignment cheap.
    ``depth`` levels are kept (2: parts and their items).
    """
    top = top_sections(doc)
    return Document(
        index=doc.index,
        title=doc.title,
        span=doc.span,
        sections=tuple(_bare(s, depth) for s in top),
    )
