"""Helpers for the alignment tests: real speeches from fixtures/ and hand-made edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from compare.alignment import Alignment, Weights
from compare.matching import tree_of
from compare.model import Document, ParsedFile, Part, Section
from compare.parse import parse_file
from compare.scores import Scores, chance_content

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_000 = FIXTURES / "seeds" / "000_44149a710ae6c111.txt"
SEED_001 = FIXTURES / "seeds" / "001_201c1d1fe805fb54.txt"
SEED_002 = FIXTURES / "seeds" / "002_928bb3c52be0b3dd.txt"
SEED_003 = FIXTURES / "seeds" / "003_5c63eede7426c25a.txt"
SEED_004 = FIXTURES / "seeds" / "004_46d38a89680b0df1.txt"
GWR_SHANGHAI = FIXTURES / "gwr" / "2026_上海市_政府工作报告.txt"
GWR_ZHEJIANG = FIXTURES / "gwr" / "2026_浙江省_政府工作报告.txt"
PAIRS = FIXTURES / "pairs"
SHANDONG = PAIRS / "2026_山东省_政府工作报告.txt"
JIANGSU = PAIRS / "2026_江苏省_政府工作报告.txt"
HUNAN = PAIRS / "2026_湖南省_政府工作报告.txt"
HUBEI = PAIRS / "2026_湖北省_政府工作报告.txt"
HEILONGJIANG = PAIRS / "2026_黑龙江省_政府工作报告.txt"
GWR = FIXTURES / "gwr"
LIAONING = GWR / "2026_辽宁省_政府工作报告.txt"
NEIMENGGU = GWR / "2026_内蒙古自治区_政府工作报告.txt"
GANSU = GWR / "2026_甘肃省_政府工作报告.txt"
NEBRASKA = PAIRS / "bill_21_nebraska.txt"
NEW_HAMPSHIRE = PAIRS / "bill_22_new_hampshire.txt"

MARKERS = [
    ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"],
    ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"],
    ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8."],
]


@cache
def parsed(path: Path) -> ParsedFile:
    return parse_file(path)


def speech(path: Path, index: int = 0) -> Document:
    return parsed(path).documents[index]


@dataclass
class Item:
    """A section being edited by hand; ``tag`` names it in expectations."""

    tag: str
    heading: str
    text: str
    children: list[Item] = field(default_factory=list)


def items(doc: Document) -> list[Item]:
    """The section tree of ``doc`` as editable items tagged with the original ids."""

    def conv(s: Section) -> Item:
        return Item(s.id, s.heading, s.text, [conv(c) for c in s.children])

    return [conv(s) for s in doc.sections]


def build(
    tree: list[Item], *, title: str = "测试讲话", styles: tuple[int, ...] = (0, 1, 2)
) -> tuple[Document, dict[str, str]]:
    """A Document from ``tree`` with fresh ids and markers, and tag → new id."""
    ids: dict[str, str] = {}

    def conv(nodes: list[Item], prefix: str, depth: int) -> tuple[Section, ...]:
        out = []
        marks = MARKERS[styles[min(depth - 1, len(styles) - 1)]]
        for k, n in enumerate(nodes, 1):
            sid = f"{prefix}{k}"
            ids.setdefault(n.tag, sid)
            out.append(
                Section(
                    id=sid,
                    level=depth,
                    marker=marks[k - 1],
                    heading=n.heading,
                    text=n.text,
                    span=(0, 0),
                    heading_span=(0, 0),
                    children=conv(n.children, f"{sid}.", depth + 1),
                )
            )
        return tuple(out)

    doc = Document(
        index=0,
        title=title,
        span=(0, 0),
        sections=conv(tree, "", 1),
        opening=Part("同志们：今天召开会议。", (0, 0)),
    )
    return doc, ids


def find(tree: list[Item], tag: str) -> tuple[list[Item], int]:
    """The sibling list holding the item tagged ``tag`` and its position there."""
    for k, it in enumerate(tree):
        if it.tag == tag:
            return tree, k
        try:
            return find(it.children, tag)
        except KeyError:
            continue
    raise KeyError(tag)


def pairs_of(r: Alignment) -> set[tuple[str, str]]:
    """Every matched pair of section ids."""
    return {(m.a, m.b) for m in r.matches}


def chance(a: Document, b: Document) -> float:
    """What two unrelated sections of ``a`` and ``b`` share (docs/diff.md, step 0)."""
    ta, tb = tree_of(a), tree_of(b)
    w = Weights()
    scores = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    return chance_content(scores, len(ta), len(tb))
