"""Cues that tell the parts of a speech apart: titles, salutations, closings.

Shared by the cleaner (a title is never a site blurb), the splitter (titles and
salutations start speeches) and the outline (a closing is not a section).
"""

from __future__ import annotations

import re

from .markers import markers_at
from .paragraphs import APPENDIX

__all__ = [
    "SENTENCE",
    "address_length",
    "closing_cue",
    "is_heading_like",
    "is_salutation",
    "is_title",
    "salutation_length",
]

_TITLE_END = re.compile(
    r"(?:讲话|讲话稿|讲话范文|讲话材料|讲话提纲|发言|发言稿|发言材料|致辞|贺词|主持词|讲稿|范文|"
    r"工作报告|报告|党课|动员令)(?:[（(][^）)]{0,12}[）)])?[。.]?$"
)
_TITLE_START = re.compile(r"在.{2,40}(?:会|式|典礼|仪式|论坛|活动)上的")
SENTENCE = re.compile(r"[。！？!?；;]")
_ADDRESSEE = re.compile(
    r"同志们|同志|各位|代表|领导|老师|同学|朋友|来宾|嘉宾|女士|先生|委员|大家|同仁|战友|家长|"
    r"Ladies|Gentlemen|Colleagues|Members|Friends|Delegates"
)
_SALUTATION = re.compile(r"([^。！？!?：:]{1,40}?)\s*[：:]\s*[。.]?")
_ADDRESS_SEP = re.compile(r"[、，,和及]")
# Whom a speaker turns to mid-speech: opens a closing, or a part's summing up.
_HALL = r"同志们|各位代表|代表们|各位委员|各位领导|同事们|朋友们|老师们|同学们"
_CLOSING = re.compile(
    rf"(?:{_HALL})(?:[，,！!]|$)|"
    r"谢谢|我的讲话完了|我就讲这些|我就讲这么多|以上讲话|预祝|最后[，,]?(?:预祝|祝|衷心|再次)|"
    r"让我们|Thank you"
)
_MAX_TITLE = 60
# An address to the audience that opens a paragraph mid-speech: "各位代表！", "同志们，".
_ADDRESS = re.compile(rf"(?:{_HALL})[！!，,]\s*")


def is_heading_like(text: str) -> bool:
    """A short line that is not a sentence: a title when it opens a document."""
    return (
        2 <= len(text) <= _MAX_TITLE
        and not SENTENCE.search(text)
        and text[-1] not in "：:,，"
        and not markers_at(text)
        and not salutation_length(text)
    )


def is_title(text: str) -> bool:
    """A line that names a speech: short, not a sentence, ending like ``……讲话稿``."""
    if len(text) > _MAX_TITLE or len(text) < 4 or markers_at(text):
        return False
    if SENTENCE.search(text[:-1]):
        return False
    if _TITLE_END.search(text):
        return True
    return bool(_TITLE_START.search(text)) and not text.endswith(("。", "：", ":"))


_EN_SALUTATION = re.compile(
    r"(?:Dear\s+[^,:.]{1,40}|Ladies and [Gg]entlemen|Colleagues|Friends|Fellow [^,:.]{1,30}|"
    r"M(?:r|adam|s)\.?\s+(?:President|Speaker|Chair(?:man|woman|person)?)[^,:.]{0,30})[,:]"
)


def salutation_length(text: str) -> int:
    """Length of a salutation at the start of ``text`` (``同志们：``), or 0 when there is none."""
    en = _EN_SALUTATION.match(text)
    if en is not None:
        return en.end()
    m = _SALUTATION.match(text)
    if m is None or markers_at(text) or APPENDIX.match(text):
        return 0
    # Every addressee in "各位领导、各位来宾、同志们" must be one.
    pieces = [p.strip() for p in _ADDRESS_SEP.split(m.group(1)) if p.strip()]
    if not pieces or any(len(p) > 12 or not _ADDRESSEE.search(p) for p in pieces):
        return 0
    return m.end()


def is_salutation(text: str) -> bool:
    """A whole line that is a salutation, such as ``各位领导、同志们：``."""
    n = salutation_length(text)
    return n > 0 and n == len(text)


def address_length(text: str) -> int:
    """Length of an address to the audience opening ``text`` (``各位代表！``), else 0.

    Speakers address the hall where the speech turns: the summing up of a part
    ("各位代表！这些成绩来之不易……"), the next theme, the closing.
    """
    m = _ADDRESS.match(text)
    return m.end() if m else 0


def closing_cue(text: str) -> bool:
    """A paragraph that typically opens a speech's closing (``同志们，……``, ``谢谢大家！``)."""
    return bool(_CLOSING.match(text))
