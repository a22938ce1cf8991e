"""Policy areas: what a section of a Chinese official document is about, words aside.

Two provinces' reports (or one office's reports of two years) treat the same
policy areas in sections that share few words: a reader pairs 持续推动民生事业新发展
with 人民生活品质持续改善 because both are about people's livelihood (jobs, schools,
hospitals, pensions, housing), not because they share bigrams. The rare-term scores
of :mod:`compare.scores` see little of that, so the aligner also reads each
section's **policy areas**: the cue words of :data:`AREAS` counted in the section
with all its subsections, as a vector over the areas (unit length), and two
sections' **topic likeness** is the cosine of their vectors.

The areas are the standing chapters of government work reports, party-congress
reports and the departmental speeches built on them (demand, innovation, industry,
reform, opening-up, rural work, regional and urban development, ecology,
livelihood, culture, security, the government's and the Party's own conduct;
and, for party-congress reports, democracy, defence, unification and foreign
affairs).
Their cue words are the common vocabulary of those chapters, not of any one
document. Latin-script text has no cue words: its vectors are zero, and its
sections are never paired by topic.

Topic likeness is evidence about sections that are already candidates and whose
wording is nearly enough on its own; it never pairs sections on its own. In
:mod:`compare.align`: children of matched parents (step 7, from two thirds of the
gap threshold), a slot pair below the gap threshold (step 6: the two must share
an area at all), and a part of one report that is a task of the other, between
the same matched sections in document order (end of step 4, from the gap
threshold).
"""

from __future__ import annotations

import re
import weakref

import numpy as np

from .matching import Tree
from .similarity import Matrix

__all__ = ["AREAS", "area_counts", "subtree_topics", "topic_likeness"]

AREAS: dict[str, tuple[str, ...]] = {
    "demand": ("消费", "投资", "内需", "需求", "项目建设", "以旧换新"),
    "innovation": ("科技", "创新", "研发", "人才", "高新技术", "实验室", "科创", "成果转化"),
    "industry": ("产业", "制造", "工业", "数字经济", "服务业", "企业", "集群", "民营经济"),
    "reform": ("改革", "营商环境", "国企", "国资", "要素", "市场化", "体制", "机制"),
    "opening": ("开放", "外贸", "外资", "进出口", "自贸", "口岸", "一带一路", "对外"),
    "rural": ("乡村", "农业", "农村", "粮食", "农民", "耕地", "脱贫", "种业"),
    "regional": ("区域", "城乡", "城镇化", "城市", "县域", "协调发展", "都市圈"),
    "ecology": ("生态", "环境", "绿色", "低碳", "污染", "美丽", "节能", "能源"),
    "livelihood": (
        "民生",
        "就业",
        "教育",
        "医疗",
        "养老",
        "社保",
        "社会保障",
        "住房",
        "收入",
        "托育",
        "健康",
        "共同富裕",
    ),
    "culture": ("文化", "文明", "旅游", "文旅", "体育"),
    "security": ("安全", "风险", "稳定", "应急", "防范", "化解", "平安", "治理"),
    "government": ("政府", "法治", "廉洁", "作风", "依法行政", "监督", "党的建设", "从严治党"),
    # The standing chapters of party-congress reports beyond the government's work.
    "democracy": ("民主政治", "人民民主", "当家作主", "协商民主", "统一战线"),
    "defence": ("国防", "军队", "强军", "军事", "兵役", "双拥"),
    "unification": ("一国两制", "祖国统一", "港澳", "台湾", "香港", "澳门", "两岸"),
    "foreign": ("外交", "和平发展", "命运共同体", "国际秩序", "全球治理", "世界和平"),
}

_AREA_OF = {w: k for k, words in enumerate(AREAS.values()) for w in words}
# Longest first, so that 社会保障 is one cue, not 社会 + 保障.
_CUES = re.compile("|".join(sorted(map(re.escape, _AREA_OF), key=len, reverse=True)))
_MADE: weakref.WeakKeyDictionary[Tree, Matrix] = weakref.WeakKeyDictionary()


def area_counts(text: str) -> list[int]:
    """How often ``text`` uses the cue words of each area (in the order of :data:`AREAS`)."""
    out = [0] * len(AREAS)
    for m in _CUES.finditer(text):
        out[_AREA_OF[m.group()]] += 1
    return out


def subtree_topics(tree: Tree) -> Matrix:
    """Each section's policy-area vector (rows of unit length, or zero), subsections
    included; computed once per tree."""
    cached = _MADE.get(tree)
    if cached is not None:
        return cached
    n, k = len(tree), len(AREAS)
    own = np.zeros((n + 1, k), dtype=np.float64)  # row i + 1: section i's own cues
    for i, (heading, text) in enumerate(zip(tree.headings, tree.texts, strict=True)):
        own[i + 1] = area_counts(f"{heading}\n{text}")
    np.cumsum(own, axis=0, out=own)
    end = np.asarray(tree.end, dtype=np.int64)
    sub = own[end + 1] - own[:n]  # preorder: a subtree is a run of rows
    norm = np.linalg.norm(sub, axis=1, keepdims=True)
    out: Matrix = np.divide(sub, norm, out=np.zeros_like(sub), where=norm > 0)
    _MADE[tree] = out
    return out


def topic_likeness(ta: Tree, tb: Tree, rows: list[int], cols: list[int]) -> Matrix:
    """Topic likeness (cosine of policy-area vectors) of ``rows`` × ``cols``."""
    va, vb = subtree_topics(ta), subtree_topics(tb)
    out: Matrix = va[rows] @ vb[cols].T
    return out
