"""Skeleton signature of one speech: its numbered outline at every level, without the prose.

Two documents share a **plan** (an outline family) when their top-level parts say
the same things in the same order, and a **template** (a template family) when
the parts below agree too: the items under each part, their number and their
order, up to slots and a few edits. The signature keeps what both comparisons
need, per top-level part (:class:`Part`):

- ``heading``: :func:`~compare.batch.canon.heading_key` (folded, no punctuation,
  digits as ``0``, placeholders as the wildcard);
- ``roles``: the rhetorical job of the part, read from cue words. Speeches built
  on one plan often share *no* wording: ``统一思想、主动作为，充分认识……的重要性``
  and ``提高政治站位，深刻认识……的重大意义`` are both the "why it matters" part
  of the mobilisation plan (docs/domain.md). The cue table is small on purpose;
  roles are one signal among others (:mod:`compare.batch.scoring`), never the
  only one;
- ``subs``: the heading keys of every section below the part, in document order
  (nesting left out: copies of one template nest their items differently when
  one numbers them ``（一）`` and another ``一是``);
- ``size``: how many sections the part holds;
- ``areas``: what the part is about beside the rest of the speech: the policy
  areas (:data:`compare.topics.AREAS`) its text uses (heading, body and
  subsections), as shares of its cue words, minus the whole speech's shares, at
  unit length (empty when the part uses fewer than :data:`MIN_CUES` cue words).
  Party-congress reports of two decades word their chapters apart (``坚定文化自信，
  推动社会主义文化繁荣兴盛`` and ``推进文化自信自强，铸就社会主义文化新辉煌``) and keep
  their order of subjects; a part that covers everything (a review, a year's
  tasks) is close to the speech's mean and says little.

``grams`` are hashes of the character bigrams of every heading, the index that
finds candidate pairs (:func:`compare.batch.candidates.idf_neighbours`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ..model import Document, Section
from ..topics import area_counts
from .canon import WILDCARD, heading_key
from .sketch import gram_hashes, sorted_unique

__all__ = [
    "BODY_CUES",
    "MAX_PARTS",
    "MAX_SUBS",
    "ROLE_CUES",
    "ROLE_PRIORITY",
    "Part",
    "Signature",
    "heading_grams",
    "main_role",
    "part_roles",
    "plan_parts",
    "roles_of",
    "signature",
    "skeleton_document",
    "top_sections",
]

U64 = npt.NDArray[np.uint64]

# Rhetorical parts of official speeches and the words that announce them.
# ``工作的建议``: the last report of a term puts the year's targets and tasks in one
# part, ``对今年政府工作的建议`` (the national reports of 2018 and 2023).
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
    "tasks": (
        "重点",
        "任务",
        "把握",
        "谋划",
        "抓好",
        "举措",
        "工作安排",
        "主要工作",
        "年工作",
        "工作的建议",
    ),
    "safeguards": ("加强领导", "组织领导", "领导责任", "保障", "确保", "实效", "纪律", "加强组织"),
    "review": ("回顾", "总结", "成绩", "成就"),
    "situation": ("形势", "态势", "机遇", "挑战"),
    "goals": ("目标", "总体要求", "主要考虑", "预期", "规划", "工作的建议"),
    "self_building": ("自身建设", "政府治理", "服务型政府", "满意的政府", "法治政府"),
}
# What a part's own opening says when its heading names no part: a rhetorical heading
# (Fujian's ``一年接着一年干，新福建建设持续取得新进展新成效`` is its review, and its
# text opens ``2025年是“十四五”收官之年。一年来，我们……``).
BODY_CUES: dict[str, tuple[str, ...]] = {
    "review": ("一年来", "过去一年", "五年来", "过去五年", "去年以来"),
    "goals": ("规划的建议", "主要预期目标", "总体要求", "规划纲要"),
    "tasks": ("我们将", "重点抓好", "重点做好", "做好以下", "今年政府工作"),
    "self_building": ("自身建设",),
}
BODY_OPENING = 200  # characters of a part's own text read for its role
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
UNNUMBERED = frozenset({"plain", "implicit", "dash", "lead", "address", ""})
SKIPPED = frozenset({"appendix"})
MIN_SECTIONS = 2  # a single part is not a skeleton anyone can share
MAX_SUBS = 64  # sections kept under one part (a part with more is compared on these)
MAX_PARTS = 16  # parts kept (a longer top level is compared on its first parts)
MIN_CUES = 3  # cue words of the policy areas a part needs for its areas to count
_SEP = 0x0A  # joins heading keys before hashing bigrams; never inside a key


@dataclass(frozen=True, slots=True)
class Part:
    """One top-level part of a skeleton."""

    heading: str
    roles: frozenset[str]
    subs: tuple[str, ...]  # heading keys of the sections below, document order
    size: int  # sections below (``subs`` may keep fewer)
    style: str = ""
    areas: tuple[float, ...] = ()  # policy areas beside the speech's mean, unit length

    def __reduce__(self) -> tuple[type[Part], tuple[Any, ...]]:
        # A plain tuple: the family stage ships hundreds of thousands of these to
        # its workers, and the dataclass default (a state dict built from
        # ``fields()``) costs several times more, both ways.
        return (Part, (self.heading, self.roles, self.subs, self.size, self.style, self.areas))


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """The skeleton of one speech as the family stages compare it.

    Besides the parts it keeps, precomputed once, what every comparison needs:
    ``keys`` (the part headings, then every part's subs, placeholders removed),
    ``lengths`` and ``wildcards`` per key, ``starts`` (where each part's subs
    begin in ``keys``; one more entry for the end) and the parts' main roles.
    """

    parts: tuple[Part, ...]
    numbered: bool
    grams: U64  # sorted unique hashes of heading bigrams (all levels)
    keys: tuple[str, ...] = field(init=False, repr=False)
    lengths: npt.NDArray[np.float64] = field(init=False, repr=False)
    wildcards: npt.NDArray[np.float64] = field(init=False, repr=False)
    starts: tuple[int, ...] = field(init=False, repr=False)
    sizes: npt.NDArray[np.int64] = field(init=False, repr=False)  # subs kept per part
    mains: tuple[str, ...] = field(init=False, repr=False)

    def __reduce__(self) -> tuple[type[Signature], tuple[Any, ...]]:
        # Only what the constructor takes; the rest is derived again (see ``Part``).
        return (Signature, (self.parts, self.numbered, self.grams))

    def __post_init__(self) -> None:
        raw = [p.heading for p in self.parts]
        starts = []
        for p in self.parts:
            starts.append(len(raw))
            raw.extend(p.subs)
        starts.append(len(raw))
        keys = tuple(k.replace(WILDCARD, "") for k in raw)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "lengths", np.array([len(k) for k in keys], dtype=np.float64))
        object.__setattr__(
            self, "wildcards", np.array([k.count(WILDCARD) for k in raw], dtype=np.float64)
        )
        object.__setattr__(self, "starts", tuple(starts))
        object.__setattr__(self, "sizes", np.diff(np.array(starts, dtype=np.int64)))
        object.__setattr__(self, "mains", tuple(main_role(p.roles) for p in self.parts))

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(p.heading for p in self.parts)

    @property
    def roles(self) -> tuple[frozenset[str], ...]:
        return tuple(p.roles for p in self.parts)

    @property
    def nodes(self) -> int:
        """Sections in the skeleton: parts and everything below them."""
        return sum(1 + p.size for p in self.parts)

    @property
    def eligible(self) -> bool:
        """Whether the speech has enough outline to share a skeleton with another."""
        return len(self.parts) >= MIN_SECTIONS

    @property
    def role_key(self) -> str:
        """The sequence of parts, e.g. ``significance>tasks>safeguards``; "" if unclear.

        Speeches whose parts play the same roles in the same order are candidates
        for one family even when their wording shares nothing. A heading that
        announces several roles (``清醒认识当前形势``: significance and situation) is
        keyed by its most specific one (:data:`ROLE_PRIORITY`), so that two wordings
        of one part land in the same bucket.
        """
        if len(self.parts) < MIN_SECTIONS or not all(p.roles for p in self.parts):
            return ""
        return ">".join(main_role(p.roles) for p in self.parts)


def main_role(roles: frozenset[str]) -> str:
    """The most specific of a heading's roles (:data:`ROLE_PRIORITY`); "" if none."""
    return min(roles, key=ROLE_PRIORITY.index) if roles else ""


def roles_of(heading: str) -> frozenset[str]:
    """Parts whose cue words occur in ``heading`` (a heading key or raw heading)."""
    return frozenset(role for role, cues in ROLE_CUES.items() if any(c in heading for c in cues))


def part_roles(heading: str, text: str) -> frozenset[str]:
    """The roles of a part: its heading's cue words (:func:`roles_of`) or, when the
    heading has none, the one role (the most specific, :data:`ROLE_PRIORITY`) whose
    :data:`BODY_CUES` open its text."""
    roles = roles_of(heading)
    if roles:
        return roles
    opening = text[:BODY_OPENING]
    for role in ROLE_PRIORITY:
        if any(c in opening for c in BODY_CUES.get(role, ())):
            return frozenset({role})
    return roles


def top_sections(doc: Document) -> tuple[Section, ...]:
    """The parts a plan fixes: top-level sections, appendices left out.

    A speech whose whole body hangs under one wrapper section (``一、`` alone, with
    the real parts as its children) is read one level down.
    """
    secs = tuple(s for s in doc.sections if s.style not in SKIPPED)
    while len(secs) == 1 and secs[0].children:
        secs = tuple(s for s in secs[0].children if s.style not in SKIPPED)
    return secs


def _below(section: Section) -> list[Section]:
    out: list[Section] = []
    for child in section.children:
        if child.style not in SKIPPED:
            out.extend(child.walk())
    return out


def heading_grams(keys: list[str]) -> U64:
    """Hashes of the character bigrams inside each key (none across two keys)."""
    joined = "\n".join(k.replace(WILDCARD, "") for k in keys)
    if len(joined) < 2:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    grams = gram_hashes(codes, 2)
    inside = (codes[:-1] != _SEP) & (codes[1:] != _SEP)
    return sorted_unique(grams[inside])


def part_areas(sections: Sequence[Section]) -> list[tuple[float, ...]]:
    """Each part's policy areas beside the mean of all of them (see :class:`Part`)."""
    # Plain Python: a handful of parts by a dozen areas, where numpy's per-call
    # cost would be most of the work.
    counts = [area_counts(s.full_text) for s in sections]
    used = [sum(c) for c in counts]
    total = sum(used)
    if not total:
        return [()] * len(sections)
    mean = [sum(col) / total for col in zip(*counts, strict=True)]
    out: list[tuple[float, ...]] = []
    for c, n in zip(counts, used, strict=True):
        if n < MIN_CUES:
            out.append(())
            continue
        dev = [x / n - m for x, m in zip(c, mean, strict=True)]
        norm = math.sqrt(sum(x * x for x in dev))
        out.append(tuple(round(x / norm, 4) for x in dev) if norm > 1e-9 else ())
    return out


def plan_parts(doc: Document) -> list[tuple[Section, list[Section]]]:
    """The parts a :class:`Signature` reads (the first ``MAX_PARTS`` of
    :func:`top_sections`), each with every section below it in reading order
    (appendices left out; a signature keeps the first ``MAX_SUBS``)."""
    return [(s, _below(s)) for s in top_sections(doc)[:MAX_PARTS]]


def signature(doc: Document, plan: list[tuple[Section, list[Section]]] | None = None) -> Signature:
    """The :class:`Signature` of ``doc`` (``plan``: its :func:`plan_parts`, when the
    caller has read them already)."""
    plan = plan_parts(doc) if plan is None else plan
    top = tuple(s for s, _ in plan)
    parts = []
    keys: list[str] = []
    for (s, below), areas in zip(plan, part_areas(top), strict=True):
        head = heading_key(s.heading)
        subs = tuple(heading_key(c.heading) for c in below[:MAX_SUBS])
        parts.append(Part(head, part_roles(head, s.text), subs, len(below), s.style, areas))
        keys.append(head)
        keys.extend(subs)
    numbered_count = sum(1 for s in top if s.style not in UNNUMBERED)
    return Signature(
        parts=tuple(parts),
        numbered=numbered_count * 2 > len(top),
        grams=heading_grams(keys),
    )


def _bare(section: Section, depth: int) -> Section:
    kids = () if depth <= 1 else tuple(_bare(c, depth - 1) for c in section.children)
    return replace(section, text="", children=kids)


def skeleton_document(doc: Document, *, depth: int = 3) -> Document:
    """``doc`` reduced to its outline: headings kept, every body emptied.

    This is what the alignment engine is given when families are verified: the
    skeleton is what a template fixes, and empty texts keep alignment cheap.
    ``depth`` levels are kept (3: parts, their items and the items' points).
    """
    top = top_sections(doc)
    return Document(
        index=doc.index,
        title=doc.title,
        span=doc.span,
        sections=tuple(_bare(s, depth) for s in top),
    )
