"""Property tests over the whole pipeline: parse → align → graph → every renderer, and batch.

Generated speeches (numbered parts of several styles, headings and bodies from a
vocabulary, placeholders, stray ASCII and markup, odd characters) and edited copies
of them go through every stage. Invariants:

- every section of each side is matched, or inserted/deleted, exactly once;
- similarity and every score lie in [0, 1]; a text against itself is identical;
- every renderer returns text (JSON that parses, HTML with the input's markup escaped);
- batch on a handful of generated files (some of them bad) puts every file in
  ``documents`` or ``errors``.

CI runs ``FUZZ_EXAMPLES`` examples (300); ``SPEECHDIFF_FUZZ=10000 pytest
tests/test_pipeline_props.py`` runs more by hand.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.align import align
from compare.batch import pipeline
from compare.batch.engines import LocalEngine
from compare.batch.ingest import expand_inputs
from compare.batch.progress import Progress
from compare.batch.report import report_json
from compare.batch.resume import Cache
from compare.graph import comparison_graph, to_dot, to_graphml, to_node_link
from compare.model import Document
from compare.parse import parse_text
from compare.render.html import render_html
from compare.render.json import diff_json, dumps
from compare.render.markdown import render_markdown
from compare.render.text import render_text

FUZZ_EXAMPLES = int(os.environ.get("SPEECHDIFF_FUZZ", "300"))
BATCH_EXAMPLES = FUZZ_EXAMPLES
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MARKERS = {
    "cn_dun": [f"{c}、" for c in "一二三四五六七八九十"],
    "cn_paren": [f"（{c}）" for c in "一二三四五六七八九十"],
    "ar_dot": [f"{k}." for k in range(1, 11)],
    "ar_paren": [f"（{k}）" for k in range(1, 11)],
    "cn_shi": [f"{c}是" for c in "一二三四五六七八九十"],
    "cn_di": [f"第{c}，" for c in "一二三四五六七八九十"],
}
WORDS = [
    "统一思想", "提高认识", "突出重点", "扎实推进", "加强领导", "确保实效", "深化改革",
    "扩大开放", "高质量发展", "民营经济", "营商环境", "基层治理", "安全生产", "乡村振兴",
    "科技创新", "人大代表", "换届选举", "作风建设", "XX", "20xx年", "××", "城市更新",
    "生态保护", "src=x", "<b>粗</b>", "&", "3×4",
]  # fmt: skip
ODD = ["\u3000", "\r\n", "\t", "①", "", "\ufeff", "\u200b", "…", "——", "“", "”"]
ODD += ["<script>alert(1)</script>", "\x0c", "\u2028", "ﬁ", "Ａ１"]


@st.composite
def speeches(draw: st.DrawFn) -> str:
    """A speech: title, salutation, one or two levels of numbered parts, closing."""
    top = draw(st.sampled_from(["cn_dun", "ar_dot", "cn_di"]))
    sub = draw(st.sampled_from(["cn_paren", "ar_paren", "cn_shi"]))
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
    odd = st.sampled_from(ODD)
    lines = []
    if draw(st.booleans()):
        lines.append("在全市" + "".join(draw(words)) + "工作会议上的讲话")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["同志们：", "各位代表：", "老师们:"])))
    lines.append("".join(draw(words)) + "。" + draw(odd))
    for k in range(draw(st.integers(0, 5))):
        lines.append(MARKERS[top][k] + "".join(draw(words)) + draw(odd))
        for j in range(draw(st.integers(0, 3))):
            body = "，".join(draw(words)) + "。"
            lines.append(MARKERS[sub][j] + "".join(draw(words)) + "。" + body)
        if draw(st.booleans()):
            lines.append("，".join(draw(words)) + "。" + draw(odd))
    if draw(st.booleans()):
        lines.append("同志们，" + "".join(draw(words)) + "！谢谢大家！")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """A copy of ``text`` with lines dropped, swapped, repeated or reworded."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        k = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "swap", "repeat", "reword", "renumber"]))
        if op == "drop":
            del lines[k]
        elif op == "swap" and k + 1 < len(lines):
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
        elif op == "repeat":
            lines.insert(k, lines[k])
        elif op == "reword":
            lines[k] = lines[k].replace(lines[k][-3:], draw(st.sampled_from(WORDS)))
        else:
            lines[k] = lines[k].replace("一、", "1.").replace("（一）", "(1)")
    return "\n".join(lines)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    a = draw(speeches())
    b = draw(st.one_of(edited(a), speeches()))
    return a, b


def _ids(doc: Document) -> list[str]:
    return [s.id for s in doc.walk()]


def _check_alignment(a: Document, b: Document) -> None:
    al = align(a, b)
    matched_a = {m.a for m in al.matches}
    matched_b = {m.b for m in al.matches}
    ids_a, ids_b = _ids(al.a), _ids(al.b)
    assert len(ids_a) == len(set(ids_a)) and len(ids_b) == len(set(ids_b))
    assert len(al.deleted) == len(set(al.deleted)) and len(al.inserted) == len(set(al.inserted))
    assert matched_a.isdisjoint(al.deleted) and matched_b.isdisjoint(al.inserted)
    assert matched_a | set(al.deleted) == set(ids_a)
    assert matched_b | set(al.inserted) == set(ids_b)
    assert 0.0 <= al.similarity <= 1.0
    assert all(0.0 <= m.score <= 1.0 for m in al.matches)
    g = comparison_graph(al, source_a="a.txt", source_b="b.txt")
    status = {n: d["status"] for n, d in g.nodes(data=True) if d["status"] != "root"}
    assert len(status) == len(ids_a) + len(ids_b)
    assert {k for k, v in status.items() if v == "deleted"} == {f"a:{i}" for i in al.deleted}
    assert {k for k, v in status.items() if v == "inserted"} == {f"b:{i}" for i in al.inserted}
    for render in (render_text, render_markdown, to_graphml, to_dot):
        assert isinstance(render(g), str)
    page = render_html(g)
    assert "alert(1)</script>" not in page and "<b>粗</b>" not in page  # escaped
    data = json.loads(dumps(diff_json(g)))
    assert {m["a"] for m in data["matches"]} == matched_a
    json.dumps(to_node_link(g))
    render_text(g, width=40, inline=True)


@FUZZ
@given(pairs())
def test_parse_align_graph_render_hold_their_invariants(texts: tuple[str, str]) -> None:
    pa, pb = parse_text(texts[0], source="a.txt"), parse_text(texts[1], source="b.txt")
    if not pa.documents or not pb.documents:
        return
    a, b = pa.documents[0], pb.documents[0]
    _check_alignment(a, b)
    same = align(a, a)
    assert same.similarity == 1.0 and same.identical
    assert not same.inserted and not same.deleted
    assert all(m.kind == "identical" for m in same.matches)


@FUZZ
@given(speeches(), st.sampled_from(["\ud800", "\udfff", "\ud83d\ude00", "\udc80x"]))
def test_lone_surrogates_given_to_the_api_are_aligned(text: str, bad: str) -> None:
    damaged = text.replace("。", bad + "。", 2)
    pa, pb = parse_text(text), parse_text(damaged)
    if not pa.documents or not pb.documents:
        return
    _check_alignment(pa.documents[0], pb.documents[0])
    assert align(pb.documents[0], pb.documents[0]).similarity == 1.0


BAD_FILES = [b"", b"\x00\x01\x02" * 50, "\u3000\n".encode(), b"\xff\xfe\xfd" * 40]


@settings(
    max_examples=BATCH_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(st.one_of(speeches(), pairs().map(lambda p: p[1])), min_size=1, max_size=5),
    st.lists(st.sampled_from(BAD_FILES), max_size=2),
    st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_batch_accounts_for_every_file(texts: list[str], bad: list[bytes], encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        for k, text in enumerate(texts):
            data = text.encode(encoding, errors="replace")
            if k == 1:  # a damaged copy: bytes that fit no encoding
                data = data[: len(data) // 2] + b"\xff" + data[len(data) // 2 :]
            (root / f"s{k}.txt").write_bytes(data)
        for k, data in enumerate(bad):
            (root / f"bad{k}.bin").write_bytes(data)
        inputs = expand_inputs([str(root)])
        cache = Cache(Path(tmp) / "out", resume=False, enabled=False)
        result = pipeline.run_batch(
            inputs,
            str(Path(tmp) / "out"),
            pipeline.BatchOptions(),
            engine=LocalEngine(workers=1),
            cache=cache,
            progress=Progress(quiet=True),
        )
        report = report_json(result)
        seen = {d["source"] for d in report["documents"]} | {e["source"] for e in report["errors"]}
        assert seen == set(inputs.files)
        assert not {d["source"] for d in report["documents"]} & {
            e["source"] for e in report["errors"]
        }
        ids = [d["id"] for d in report["documents"]]
        assert len(ids) == len(set(ids))
        assert all(0.0 <= n["similarity"] <= 1.0 for n in report["near_duplicates"])
        members = [m for f in report["families"] for m in f["members"]]
        assert set(members) <= set(ids)
        json.dumps(report, ensure_ascii=False)
