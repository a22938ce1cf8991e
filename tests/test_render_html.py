"""The HTML 对照表: self-contained, every input escaped, moved sections cross-linked."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from html.parser import HTMLParser

from tui_graphs import mixed_graph

from compare.align import align
from compare.graph import comparison_graph
from compare.model import Part
from compare.render.html import render_html
from tests.diff_support import SEED_001, build, find, items, speech

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _page() -> str:
    tree = items(speech(SEED_001))
    a, _ = build(tree, title=EVIL)
    a = replace(a, opening=Part(EVIL, (0, 0)))  # the opening row is escaped too
    edited = copy.deepcopy(tree)
    sibs, k = find(edited, "2.6")
    sibs.insert(0, sibs.pop(k))  # 2.6 moves to the front of section 2
    sibs[1].heading = EVIL  # and 2.1 gets a hostile heading
    b, _ = build(edited)
    g = comparison_graph(align(a, b), source_a="a<b>.txt", source_b="b&c.txt")
    return render_html(g)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)
            if k == "href" and v:
                self.hrefs.append(v)


def test_page_is_self_contained() -> None:
    page = _page()
    assert page.startswith("<!DOCTYPE html>")
    p = _Collect()
    p.feed(page)
    assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags
    assert "table" in p.tags and "style" in p.tags
    assert not re.search(r"(src|href)=\"https?:", page)


def test_all_input_text_is_escaped() -> None:
    page = _page()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "a&lt;b&gt;.txt" in page and "b&amp;c.txt" in page


def test_moved_sections_are_cross_linked() -> None:
    p = _Collect()
    p.feed(_page())
    assert "#a-2.6" in p.hrefs and "#b-2.1" in p.hrefs
    for href in p.hrefs:
        assert href[1:] in p.ids, f"dangling link {href}"


def test_changes_are_marked_in_the_documents_language() -> None:
    page = _page()  # Chinese documents: Chinese labels
    assert "<ins>" in page and "<del>" in page
    assert '<tr class="moved"><td class="st">移动</td>' in page and ">相同<" in page
    assert page.count('<tr class="modified"><td class="st">修改</td><td class="st"></td>') == 1
    assert "<th>状态</th><th>相似度</th><th>原文 A：" in page and '<html lang="zh-CN">' in page
    assert "changed" not in page and "same" not in page
    english = render_html(mixed_graph(), lang="en")
    assert '<td class="st">identical</td>' in english and '<html lang="en">' in english
    assert "<th>status</th><th>score</th><th>Original A：" in english


def test_the_skeleton_comes_first() -> None:
    page = _page()
    skeleton = page.index("骨架：一级部分 3/3 对应，顺序一致")
    assert skeleton < page.index("文字相似度") < page.index("<table>")
    assert "<li>一、 ↔ 一、  共同：" in page


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr class=.*?</tr>", page, flags=re.S)  # the header row has no class


def test_the_opening_row_carries_its_inline_diff() -> None:
    opening = _rows(_page())[0]  # the test documents have no closing
    assert ">开头<" in opening and "<del>" in opening and "<ins>" in opening


def test_ghosts_note_and_link_the_partner_and_one_sided_rows_are_marked() -> None:
    page = render_html(mixed_graph(), lang="en")
    rows = _rows(page)
    ghosts = [r for r in rows if "ghost" in r]
    assert len(ghosts) == 3  # two for the moved pair, one for the split's second part
    assert any('<a class="x" href="#b-3.1">moved to §3.1</a>' in r for r in ghosts)
    assert any('<a class="x" href="#a-2.1">moved from §2.1</a>' in r for r in ghosts)
    split_second = next(r for r in ghosts if "split from §2.2" in r)
    assert 'id="b-2.2"' in split_second and "<ins>" in split_second
    assert 'id="a-2.2"' not in split_second  # a ghost never takes its section's anchor
    split_first = next(r for r in rows if 'id="a-2.2"' in r)
    assert '<a class="x" href="#b-2.2">→ 2.2</a>' in split_first
    p = _Collect()
    p.feed(page)
    for href in p.hrefs:
        assert href[1:] in p.ids, f"dangling link {href}"
