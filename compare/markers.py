"""Recognise section markers at a paragraph's start: ``一、`` ``（一）`` ``1.`` ``一是`` ``(a)``.

:func:`markers_at` returns every reading of a paragraph's opening characters as a
marker. It does not decide whether the paragraph *is* a heading: prose also starts
with ``一是`` or ``第一``. The outline stage keeps only markers that fit a sequence.

Styles come in two families. *Hierarchical* styles (``一、``, ``（一）``, ``1.``,
``(a)``, ``(A)``...) take their level from the order in which they first appear.
*Enumerators* (``一是``, ``一要``, ``第一，``, ``首先``, ``一方面``, ``——``) may sit
under any level: they nest under whatever section is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ENUMERATORS",
    "Marker",
    "cn_number",
    "find_inline_first",
    "markers_at",
    "roman_number",
]

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100}
_CN = "零〇○一二两三四五六七八九十百"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# Styles that may appear under any level; the rest are hierarchical.
ENUMERATORS = frozenset({"cn_shi", "cn_yao", "cn_di", "cn_order", "cn_aspect", "dash", "lead"})


def cn_number(s: str) -> int | None:
    """Value of a Chinese numeral such as ``十二`` or ``二十三``; None if it is not one."""
    if not s:
        return None
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row: 一二 is not a numeral here
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    total += digit or 0
    return total or None


def roman_number(s: str) -> int | None:
    """Value of a Roman numeral (either case); None if ``s`` is not a well-formed one."""
    s = s.lower()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        nxt = _ROMAN[s[i + 1]] if i + 1 < len(s) else 0
        total += -v if v < nxt else v
    canonical = _to_roman(total)
    return total if canonical == s else None


def _to_roman(n: int) -> str:
    out = []
    for value, sym in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Marker:
    """One reading of a paragraph's opening as a marker.

    ``text`` is the marker as written (``（一）``); ``length`` also counts the
    spaces after it, so the heading starts at ``length``.
    """

    style: str
    number: int
    text: str
    length: int

    @property
    def enumerator(self) -> bool:
        return self.style in ENUMERATORS


_SP = r"[ \t\u3000\u00a0]*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("cn_chapter", re.compile(rf"第([{_CN}]{{1,4}})(?:章|部分|篇|编){_SP}")),
    ("cn_article", re.compile(rf"第([{_CN}]{{1,4}}|\d{{1,5}})条{_SP}")),
    ("cn_dun", re.compile(rf"([{_CN}]{{1,3}}){_SP}[、．]{_SP}")),
    ("cn_paren", re.compile(rf"[（(]{_SP}([{_CN}]{{1,3}}){_SP}[）)]{_SP}")),
    (
        "ar_multi",
        re.compile(
            rf"(\d{{1,2}}(?:[.．]\d{{1,2}})+)[.．]?(?=[ \t\u3000]|[^\d.．%])"
            rf"{_SP}"
        ),
    ),
    ("ar_dot", re.compile(rf"(\d{{1,5}}){_SP}[.．、](?![\d.．]){_SP}")),
    ("ar_paren", re.compile(rf"[（(]{_SP}(\d{{1,5}}){_SP}[）)]{_SP}")),
    ("ar_rparen", re.compile(rf"(\d{{1,5}})[）)]{_SP}")),
    ("circled", re.compile(rf"([{_CIRCLED}]){_SP}")),
    ("ar_bracket", re.compile(rf"[［\[]{_SP}(\d{{1,5}}){_SP}[］\]]{_SP}")),
    ("cn_shi", re.compile(rf"([{_CN}]{{1,2}})是(?![一二三四五六七八九十])[，,：:]?{_SP}")),
    ("cn_yao", re.compile(rf"([{_CN}]{{1,2}})要(?![素件点求务])[，,：:]?{_SP}")),
    ("cn_di", re.compile(rf"第([{_CN}]{{1,3}})(?:[，,、：:．.]|是){_SP}")),
    ("cn_order", re.compile(rf"(首先|其次|再次|然后|最后)[，,：:]{_SP}")),
    ("cn_aspect", re.compile(rf"(一方面|另一方面)[，,：:]?{_SP}")),
    ("dash", re.compile(rf"(——|――|--)(?![\d〇一二—―-]){_SP}")),
    ("md", re.compile(r"(#{1,6})[ \t]+")),
    (
        "en_chapter",
        re.compile(
            r"(?:Chapter|CHAPTER|Part|PART)[ \t]+(\d{1,3}|[IVXLC]{1,6}|"
            r"One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b[.:]?[ \t]*",
            re.IGNORECASE,
        ),
    ),
    ("en_section", re.compile(r"(?:Section|SECTION|Sec\.|SEC\.|§)[ \t]*(\d{1,3})\b[.:]?[ \t]*")),
    ("en_article", re.compile(r"(?:Article|ARTICLE)[ \t]+(\d{1,3}|[IVXLC]{1,6})\b[.:]?[ \t]*")),
    ("roman_dot", re.compile(r"([IVXLC]{1,6})\.[ \t]+")),
    ("upper_dot", re.compile(r"([A-Z])\.[ \t]+")),
    ("alpha_paren", re.compile(r"\(([a-z])\)[ \t]*")),
    ("upper_paren", re.compile(r"\(([A-Z])\)[ \t]*")),
    ("roman_paren", re.compile(r"\(([ivxlc]{1,6})\)[ \t]*")),
]

_ORDER = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "最后": 0}
_ASPECT = {"一方面": 1, "另一方面": 2}


def _value(style: str, raw: str) -> int | None:
    if style in {"cn_chapter", "cn_dun", "cn_paren", "cn_shi", "cn_yao", "cn_di"}:
        return cn_number(raw)
    if style == "cn_article":
        return int(raw) if raw.isdigit() else cn_number(raw)
    if style in {"ar_dot", "ar_paren", "ar_rparen", "ar_bracket", "en_section"}:
        return int(raw)
    if style == "ar_multi":
        return int(re.split(r"[.．]", raw)[-1])
    if style == "circled":
        return _CIRCLED.index(raw) + 1
    if style == "cn_order":
        return _ORDER[raw]
    if style == "cn_aspect":
        return _ASPECT[raw]
    if style == "dash":
        return 0
    if style == "md":
        return 0
    if style in {"en_chapter", "en_article"}:
        if raw.isdigit():
            return int(raw)
        if raw.lower() in _WORDS:
            return _WORDS[raw.lower()]
        return roman_number(raw)
    if style in {"roman_dot", "roman_paren"}:
        return roman_number(raw)
    if style == "upper_dot":
        return ord(raw) - ord("A") + 1
    if style == "alpha_paren":
        return ord(raw) - ord("a") + 1
    if style == "upper_paren":
        return ord(raw) - ord("A") + 1
    return None


_DIGITS = "0123456789０１２３４５６７８９"
# Which characters each style can start with, so a paragraph tries only its few patterns.
_FIRST = {
    "cn_chapter": "第",
    "cn_article": "第",
    "cn_di": "第",
    "cn_dun": _CN,
    "cn_shi": _CN,
    "cn_yao": _CN,
    "cn_paren": "（(",
    "ar_paren": "（(",
    "alpha_paren": "(",
    "upper_paren": "(",
    "roman_paren": "(",
    "ar_multi": _DIGITS,
    "ar_dot": _DIGITS,
    "ar_rparen": _DIGITS,
    "circled": _CIRCLED,
    "ar_bracket": "［[",
    "cn_order": "首其再然最",
    "cn_aspect": "一另",
    "dash": "—―-",
    "md": "#",
    "en_chapter": "CcPp",
    "en_section": "Ss§",
    "en_article": "A",
    "roman_dot": "IVXLC",
    "upper_dot": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _style, _pattern in _PATTERNS:
    for _ch in _FIRST[_style]:
        _BY_FIRST.setdefault(_ch, []).append((_style, _pattern))


@lru_cache(maxsize=8192)
def markers_at(text: str) -> tuple[Marker, ...]:
    """Every reading of the start of ``text`` as a marker, most specific first."""
    patterns = _BY_FIRST.get(text[:1])
    if not patterns:
        return ()
    found: list[Marker] = []
    for style, pattern in patterns:
        m = pattern.match(text)
        if m is None:
            continue
        if m.end() >= len(text.rstrip("。.：:")):
            # A bare marker with nothing after it ("一、" alone) is not a heading.
            continue
        value = _value(style, m.group(1))
        if value is None:
            continue
        key = style
        end = m.end()
        if style == "ar_multi":
            key = f"ar_multi{m.group(1).count('.') + m.group(1).count('．') + 1}"
        elif style == "md":
            key = f"md{len(m.group(1))}"
            # "## 1. Review": the number belongs to the marker, not the heading.
            inner = [x for x in markers_at(text[end:]) if not x.enumerator]
            if inner:
                end += inner[0].length
        found.append(Marker(key, value, text[:end].rstrip(" \t\u3000\u00a0"), end))
    return tuple(found)


# Styles a line may hold alone, its heading or text on the next line (a Word file's
# numbering on a line of its own, a statute's "Sec. 2." above its text).
_BARE_STYLES = frozenset(
    {
        "cn_chapter", "cn_article", "cn_dun", "cn_paren", "ar_paren", "ar_dot", "ar_multi",
        "ar_bracket", "circled", "en_chapter", "en_section", "en_article", "alpha_paren",
        "upper_paren", "roman_paren",
    }
)  # fmt: skip


@lru_cache(maxsize=8192)
def bare_marker(text: str) -> bool:
    """True when ``text`` is a numbered marker and nothing else (``一、``, ``Sec. 2.``)."""
    text = text.strip(" \t\u3000\u00a0")
    for style, pattern in _BY_FIRST.get(text[:1], ()):
        if style not in _BARE_STYLES:
            continue
        m = pattern.match(text)
        if m is not None and m.end() >= len(text.rstrip("。.：:")):
            return _value(style, m.group(1)) is not None
    return False


# An enumeration that begins inside a lead-in sentence: "做好这次换届选举工作，第一，是……".
_INLINE_FIRST = {
    "cn_di": re.compile(r"(?<=[，,：:；;。])第一[，,、：:]"),
    "cn_shi": re.compile(r"(?<=[，,：:；;。])一是"),
    "cn_yao": re.compile(r"(?<=[，,：:；;。])一要"),
    "cn_order": re.compile(r"(?<=[，,：:；;。])首先[，,]"),
    "cn_aspect": re.compile(r"(?<=[，,：:；;。])一方面[，,]?"),
}


def find_inline_first(text: str, style: str) -> tuple[int, Marker] | None:
    """Where item one of an enumerator ``style`` starts inside ``text``, if it does."""
    pattern = _INLINE_FIRST.get(style)
    if pattern is None:
        return None
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    m = matches[-1]  # the last one: closest to the items that follow
    found = [mk for mk in markers_at(text[m.start() :]) if mk.style == style and mk.number == 1]
    return (m.start(), found[0]) if found else None
