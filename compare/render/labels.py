"""One vocabulary for every human view, in the reader's language.

The kinds of match have one name each everywhere: the words of the JSON contract
(``identical``, ``modified``, ``moved``, ``split``, ``merged``, ``promoted``,
``demoted``, ``inserted``, ``deleted``) in English views, and the words Chinese
offices use on a 对照表 (相同, 修改, 移动, 拆分, 合并, 升级, 降级, 新增, 删除) in Chinese
ones. A comparison of Chinese documents is shown in Chinese, of English ones in
English (:func:`detect_lang`); ``--lang`` overrides.

The numbers a header states are worded here too, so every view says the same thing:

- the **skeleton** first (:meth:`Labels.skeleton`): how many top-level sections
  correspond, and whether in order (``skeleton: 3 of 3 top sections correspond, in
  order`` / ``骨架：一级部分 3/3 对应，顺序一致``);
- then the **text similarity** (:meth:`Labels.similarity`): the share of the two
  texts found on the other side, 1 only for identical speeches. It is not batch's
  near-duplicate similarity, which compares the two whole texts character by
  character without aligning sections (docs/diff.md says how they differ).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LANGS",
    "Labels",
    "detect_lang",
    "labels",
    "labels_for",
    "similarity_value",
]

#: The languages the views speak; ``auto`` (the default) picks one of them.
LANGS: tuple[str, ...] = ("zh", "en")

_KINDS = {
    "en": {
        "identical": "identical",
        "modified": "modified",
        "moved": "moved",
        "split": "split",
        "merged": "merged",
        "promoted": "promoted",
        "demoted": "demoted",
        "inserted": "inserted",
        "deleted": "deleted",
    },
    "zh": {
        "identical": "相同",
        "modified": "修改",
        "moved": "移动",
        "split": "拆分",
        "merged": "合并",
        "promoted": "升级",
        "demoted": "降级",
        "inserted": "新增",
        "deleted": "删除",
    },
}

# What a ghost says: (in b's column: where a's section went, in a's: where b's came from).
_GHOSTS = {
    "en": {
        "moved": ("moved to", "moved from"),
        "split": ("split into", "split from"),
        "merged": ("merged into", "merged from"),
        "promoted": ("promoted to", "promoted from"),
        "demoted": ("demoted to", "demoted from"),
        "": ("now at", "was at"),
    },
    "zh": {
        "moved": ("移至", "移自"),
        "split": ("拆分至", "拆分自"),
        "merged": ("并入", "合并自"),
        "promoted": ("升级至", "升级自"),
        "demoted": ("降级至", "降级自"),
        "": ("现位于", "原位于"),
    },
}

_WORDS = {
    "en": {
        "opening": "opening",
        "closing": "closing",
        "status": "status",
        "score": "score",
        "a": "A",
        "b": "B",
        "before": "Before",
        "after": "After",
        "note": "Note",
        "original": "Original",
        "revised": "Revised",
        "table": "Comparison table",
        "shared": "shared",
        "changes": "Changes inside matched sections",
        "untitled": "(untitled)",
        "nothing": "nothing to compare",
        "also": "also",
    },
    "zh": {
        "opening": "开头",
        "closing": "结尾",
        "status": "状态",
        "score": "相似度",
        "a": "A",
        "b": "B",
        "before": "修改前",
        "after": "修改后",
        "note": "说明",
        "original": "原文",
        "revised": "修改稿",
        "table": "修改对照表",
        "shared": "共同",
        "changes": "各部分的文字修改",
        "untitled": "（无标题）",
        "nothing": "无可比较",
        "also": "另见",
    },
}


def similarity_value(similarity: float) -> float:
    """The text similarity as every view prints it: 1.0 only when exactly 1.0.

    Rounded to four places, and never up to 1.0 for two speeches that differ.
    """
    s = float(similarity)
    return 1.0 if s == 1.0 else round(min(max(s, 0.0), 0.9999), 4)


@dataclass(frozen=True, slots=True)
class Labels:
    """The words of one language (``zh`` or ``en``)."""

    lang: str

    def kind(self, kind: str) -> str:
        """The word for a row kind (a match kind, ``inserted`` or ``deleted``)."""
        return _KINDS[self.lang].get(kind, kind)

    def word(self, name: str) -> str:
        """A header or column word (``status``, ``before``, ``opening``…)."""
        return _WORDS[self.lang][name]

    def ghost(self, kind: str, on_b: bool, partner_id: str) -> str:
        """What a ghost cell says: ``moved to §2.1``, ``移自 §2.6``.

        ``on_b``: the ghost stands in b's column (its row's own section is a's).
        Pairs that only cross (identical or modified, out of order) read "now at".
        """
        to, frm = _GHOSTS[self.lang].get(kind, _GHOSTS[self.lang][""])
        return f"{to if on_b else frm} §{partner_id}"

    def counts(self, counts: Mapping[str, int], sep: str | None = None) -> str:
        """``modified 5, inserted 13`` / ``修改 5，新增 13`` (kinds with none left out)."""
        joiner = sep if sep is not None else ("，" if self.lang == "zh" else ", ")
        return joiner.join(f"{self.kind(k)} {int(v)}" for k, v in counts.items() if v)

    def similarity(self, similarity: float) -> str:
        """``text similarity 8% (0.0775)`` / ``文字相似度 8%（0.0775）``."""
        value = similarity_value(similarity)
        pct = f"{min(value * 100, 100 if value == 1.0 else 99):.0f}%"
        if self.lang == "zh":
            return f"文字相似度 {pct}（{value:.4f}）"
        return f"text similarity {pct} ({value:.4f})"

    def skeleton(self, skeleton: Mapping[str, Any] | None) -> str:
        """The skeleton correspondence in words (``skeleton`` as in ``diff --format json``)."""
        if not skeleton:
            return ""
        a, b = int(skeleton["a"]), int(skeleton["b"])
        n, in_order = int(skeleton["corresponding"]), bool(skeleton["in_order"])
        if self.lang == "zh":
            sizes = f"（A 共 {a} 个，B 共 {b} 个）"
            if n == 0:
                return f"骨架：一级部分无一对应{sizes}"
            head = f"骨架：一级部分 {n}/{a} 对应" if a == b else f"骨架：一级部分 {n} 个对应{sizes}"
            return head + ("，顺序一致" if in_order else "，顺序有变")
        if n == 0:
            return f"skeleton: no top section corresponds (A has {a}, B has {b})"
        if a == b:
            head = f"skeleton: {n} of {a} top sections correspond"
        else:
            head = f"skeleton: {n} top sections correspond (A has {a}, B has {b})"
        return head + (", in order" if in_order else ", not in order")

    def part(self, part: str, text: str, n: int = 30) -> str:
        """A part row's label: ``开头（同志们：今天……）`` / ``opening (Colleagues, today…)``."""
        flat = " ".join(text.split())
        flat = flat if len(flat) <= n else flat[:n] + "…"
        if self.lang == "zh":
            return f"{self.word(part)}（{flat}）"
        return f"{self.word(part)} ({flat})"

    def shared(self, line: str) -> str:
        """A matched pair's shared template line: ``shared: ____认识开展____``."""
        sep = "：" if self.lang == "zh" else ": "
        return f"{self.word('shared')}{sep}{line}" if line else ""


def labels(lang: str) -> Labels:
    """The :class:`Labels` of ``lang`` (``zh`` or ``en``)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (choose {', '.join(LANGS)} or auto)")
    return Labels(lang)


def detect_lang(texts: Iterable[str], *, sample: int = 4000) -> str:
    """``zh`` when the texts are mostly Chinese (or other CJK), else ``en``.

    A CJK character stands for a word, so it counts as much as three Latin letters.
    """
    cjk = latin = seen = 0
    for text in texts:
        for ch in text[: sample - seen]:
            if ch.isascii():
                latin += ch.isalpha()
            elif unicodedata.east_asian_width(ch) == "W" and ch.isalpha():
                cjk += 1
        seen += min(len(text), sample - seen)
        if seen >= sample:
            break
    return "zh" if cjk * 3 >= latin and cjk else "en"


def labels_for(graph: Any, lang: str | None = None) -> Labels:
    """The labels for comparison graph ``graph``: ``lang``, or the documents' language."""
    if lang and lang != "auto":
        return labels(lang)
    g = graph.graph
    texts = [str(g.get("a_title", "")), str(g.get("b_title", ""))]
    texts += [
        str(d.get("heading", "")) + str(d.get("text", ""))[:200] for _, d in graph.nodes(data=True)
    ]
    return Labels(detect_lang(texts))
