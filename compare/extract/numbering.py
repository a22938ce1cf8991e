"""List numbers that Word generates: ``numbering.xml`` rendered into the markers people see.

A Word list item's number (``一、``, ``（二）``, ``3.``) is not in the paragraph's
text: the paragraph names a list (``w:numPr``: ``numId`` and level ``ilvl``, on the
paragraph or inherited from its style) and Word computes the number when it draws
the page. :class:`Numbering` replays that count over the paragraphs in document
order, so the parser sees the same markers a reader does.

What is modelled (ECMA-376 §17.9): abstract numbering definitions and their levels
(``start``, ``numFmt``, ``lvlText`` with ``%1``…``%9``, ``lvlRestart``, ``isLgl``,
``suff``), list instances (``w:num``) with ``lvlOverride``/``startOverride``, and
numbering styles (``numStyleLink``). Instances of one abstract definition share
its counters, as in Word, unless an instance overrides a level's start: then that
level restarts the first time the instance is used. Bullets render as nothing
(they are not numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Level", "Numbering", "format_number"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """``n`` in Chinese numerals as Word counts lists: 十, 十一, 二十, 一百零五."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out: list[str] = []
    zero = False
    for power in (1000, 100, 10, 1):
        d = (n // power) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        unit = {1000: units[2], 100: units[1], 10: units[0], 1: ""}[power]
        # 十一, not 一十一, when ten is the highest unit
        if not (power == 10 and d == 1 and not out):
            out.append(digits[d])
        out.append(unit)
    return "".join(out)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """a … z, aa … zz, aaa … (Word repeats the letter)."""
    if n <= 0:
        return ""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "decimalFullWidth2": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "decimalHalfWidth": str,
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerLetter": _letters,
    "ordinal": lambda n: f"{n}{_ordinal(n)}",
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(c)] for c in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n, _CN_LEGAL, "拾佰仟"),
    "ideographLegalTraditional": lambda n: _chinese(n, _CN_LEGAL, "拾佰仟"),
    "ideographTraditional": lambda n: _TIANGAN[(n - 1) % 10],
    "ideographZodiac": lambda n: _DIZHI[(n - 1) % 12],
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "ideographEnclosedCircle": _circled,
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """Counter value ``n`` written in Word number format ``fmt`` (decimal if unknown)."""
    return _FORMATS.get(fmt, str)(n)


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # restart after this (1-based) level; 0: never; None: any higher
    legal: bool = False  # isLgl: every number in the text written as decimal
    suffix: str = "tab"
    style: str = ""  # the paragraph style bound to this level (w:pStyle)


def _val(el: Any, tag: str, default: str | None = None) -> str | None:
    child = el.find(W + tag) if el is not None else None
    if child is None:
        return default
    value = child.get(W + "val")
    return default if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(el: Any) -> Level:
    restart = _val(el, "lvlRestart")
    legal = el.find(W + "isLgl")
    return Level(
        start=_int(_val(el, "start"), 0),
        fmt=_val(el, "numFmt", "decimal") or "decimal",
        text=_val(el, "lvlText", "") or "",
        restart=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and legal.get(W + "val", "1") not in ("0", "false", "off"),
        suffix=_val(el, "suff", "tab") or "tab",
        style=_val(el, "pStyle", "") or "",
    )


@dataclass(slots=True)
class _Abstract:
    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)
    style_link: str = ""


@dataclass(frozen=True, slots=True)
class _Instance:
    abstract: str
    overrides: Mapping[int, Level]  # levels replaced by the instance
    starts: Mapping[int, int]  # startOverride per level


class Numbering:
    """The lists of one document; :meth:`marker` counts as it is called, in document order.

    ``numbering`` is the root element of ``numbering.xml`` (None when the document
    has no lists); ``style_num`` maps a paragraph style id to the ``(numId, ilvl)``
    its definition carries, for numbering styles referenced by ``numStyleLink``.
    """

    def __init__(self, numbering: Any, style_num: Mapping[str, tuple[str, int | None]]) -> None:
        self._abstract: dict[str, _Abstract] = {}
        self._nums: dict[str, _Instance] = {}
        self._started: set[str] = set()
        self._style_num = style_num
        if numbering is None:
            return
        for el in numbering.iterfind(W + "abstractNum"):
            levels = {_int(lv.get(W + "ilvl"), 0): _level(lv) for lv in el.iterfind(W + "lvl")}
            link = _val(el, "numStyleLink", "") or ""
            self._abstract[str(el.get(W + "abstractNumId"))] = _Abstract(levels, style_link=link)
        for el in numbering.iterfind(W + "num"):
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for ov in el.iterfind(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0)
                start = _val(ov, "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start, 1)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
            abstract = _val(el, "abstractNumId", "") or ""
            self._nums[str(el.get(W + "numId"))] = _Instance(abstract, overrides, starts)

    def _resolve(self, num_id: str, depth: int = 0) -> tuple[_Instance, _Abstract] | None:
        inst = self._nums.get(num_id)
        if inst is None:
            return None
        abstract = self._abstract.get(inst.abstract)
        if abstract is None:
            return None
        if abstract.style_link and depth < 4:
            # A numbering style: the real definition is the style's own list.
            linked = self._style_num.get(abstract.style_link)
            if linked is not None and linked[0] != num_id:
                found = self._resolve(linked[0], depth + 1)
                if found is not None:
                    return inst, found[1]
        return inst, abstract

    def level_for_style(self, num_id: str, style: str) -> int | None:
        """The level of list ``num_id`` bound to paragraph style ``style``, if any."""
        found = self._resolve(num_id)
        if found is None:
            return None
        for ilvl, lvl in found[1].levels.items():
            if lvl.style == style:
                return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> str:
        """Count one paragraph of list ``num_id`` at level ``ilvl``; its marker with spacing.

        Returns "" for a paragraph that is not numbered (``numId`` 0, an unknown
        list, a bullet or a ``none`` format).
        """
        if num_id in ("", "0"):
            return ""
        found = self._resolve(num_id)
        if found is None:
            return ""
        inst, abstract = found

        def level(i: int) -> Level:
            return inst.overrides.get(i) or abstract.levels.get(i) or Level()

        counters = abstract.counters
        if num_id not in self._started:
            self._started.add(num_id)
            for i, start in inst.starts.items():
                counters[i] = start - 1
        lvl = level(ilvl)
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [i for i in counters if i > ilvl]:
            restart = level(deeper).restart
            if restart is None or (restart and ilvl + 1 <= restart):
                del counters[deeper]
        if lvl.fmt == "bullet" or not lvl.text:
            return ""
        text = lvl.text
        for i in range(8, -1, -1):
            token = f"%{i + 1}"
            if token in text:
                n = counters.get(i, level(i).start)
                fmt = "decimal" if lvl.legal else level(i).fmt
                text = text.replace(token, format_number(n, fmt))
        text = text.strip()
        if not text:
            return ""
        if lvl.suffix == "nothing" or not text[-1].isascii():
            return text
        return text + " "
