"""Split a file's paragraphs into speeches, and recognise titles, salutations and closings.

A compilation (``案例15篇``) holds many speeches one after another. A speech starts
at a title (``……讲话稿``, ``在……会议上的讲话``, ``政府工作报告``) or, when it has
none, at its salutation (``同志们：``). Runs of front matter with no body between
them (a title repeated by the web page, a dangling title whose speech was cut) are
folded into the speech that follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cues import SENTENCE, is_title, salutation_length
from .markers import markers_at
from .paragraphs import APPENDIX, Para

__all__ = ["Segment", "split_documents"]

_ORPHAN_BODY = 120
_BODY_UNDER_WAY = 3


@dataclass(frozen=True, slots=True)
class Segment:
    """Paragraphs ``start:end`` of the file hold one speech; ``title`` indexes its title, if any."""

    start: int
    end: int
    title: int | None


def _is_body(p: Para) -> bool:
    t = p.text
    return (len(t) > _ORPHAN_BODY or bool(SENTENCE.search(t[:-1]))) and not is_title(t)


def split_documents(paras: Sequence[Para]) -> tuple[list[Segment], list[int]]:
    """Speeches found in ``paras`` and the indexes of dangling titles that have no speech."""
    if not paras:
        return [], []
    starts: list[tuple[int, int | None]] = []  # (first paragraph, title paragraph)
    # A salutation opens a new speech only once the current one is under way: it has
    # had its own salutation, a numbered section, or a few paragraphs of body.
    under_way = False
    body = numbered = 0
    for i, p in enumerate(paras):
        text = p.text
        if is_title(text) and not APPENDIX.fullmatch(text):
            starts.append((i, i))
            under_way, body, numbered = False, 0, 0
        elif salutation_length(text):
            if under_way:
                starts.append((i, None))
            under_way, body, numbered = True, 0, 0
        elif markers_at(text):
            numbered += 1
            under_way = under_way or numbered >= 2
        elif _is_body(p):
            body += 1
            under_way = under_way or body >= _BODY_UNDER_WAY
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, None))

    segments = [
        Segment(s, starts[k + 1][0] if k + 1 < len(starts) else len(paras), t)
        for k, (s, t) in enumerate(starts)
    ]
    # Fold segments that carry no body into the next one; drop dangling titles.
    merged: list[Segment] = []
    orphans: list[int] = []
    pending: Segment | None = None
    for seg in segments:
        if pending is not None:
            if (
                seg.title is not None
                and pending.title is not None
                and paras[pending.title].text.rstrip("。.") != paras[seg.title].text.rstrip("。.")
                and not any(_is_body(paras[j]) for j in range(pending.start, pending.end))
                and pending.end - pending.start == 1
            ):
                orphans.append(pending.title)
                seg = Segment(pending.end, seg.end, seg.title)
            else:
                seg = Segment(
                    pending.start,
                    seg.end,
                    pending.title if pending.title is not None else seg.title,
                )
            pending = None
        has_body = any(
            _is_body(paras[j]) or markers_at(paras[j].text) for j in range(seg.start, seg.end)
        )
        if not has_body and seg is not segments[-1]:
            pending = seg
            continue
        merged.append(seg)
    if pending is not None:
        merged.append(pending)
    return merged, orphans
