"""``diff --format docx``: the 修改对照表 offices circulate, as a Word document.

The two-column comparison table (修改前 / 修改后, with a narrow 说明 column) that
opens in Word, WPS and LibreOffice, built with python-docx from the shared row model
(:mod:`compare.render.rows`), so it has the rows every other view has:

- on top, the title, both documents (title and file name), the skeleton
  correspondence with each top-level pair's shared line, and the summary line
  (text similarity and counts), as in every human view (:mod:`compare.render.header`);
- one table row per aligned row: the opening first, the closing last; each cell holds
  the section's number, marker and heading (bold), then its own text;
- in a matched pair, what the earlier text lost is **struck through** in 修改前 and
  what the later text gained is **bold and underlined** in 修改后 (the inline diff of
  the match edge); a deleted section is struck through whole, an inserted one bold
  and underlined whole; readable in black and white;
- a moved section (or the second part of a split or merge) has a row at its place on
  each side; the other cell says where it went (``移至 §2.1`` / ``移自 §2.6``, grey,
  italic) and 说明 says the same;
- 说明 gives the kind (修改, 新增, 删除, 移动…) and the score.

The header row repeats on every page. Latin text is set in Times New Roman, Chinese in
宋体 (SimSun), with the usual fallbacks of the reader's office suite.

python-docx makes the package (template, styles, page) once per process; each
document's body is written as WordprocessingML text into a copy of it: building a
150-row table run by run through python-docx's objects took 0.15 s a report, which
a batch of 200 diff pages felt (now about 5 ms). Characters XML cannot hold (control
characters) are left out.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from .header import header
from .labels import Labels, labels_for
from .rows import AlignedRows, Cell, Change, Row, build_rows, display_heading, part_text, row_inline

__all__ = ["render_docx"]

_LATIN, _CJK = "Times New Roman", "宋体"
_GREY = "808080"
#: Column widths on A4 portrait with 2 cm margins (17 cm of text width), in twips.
_WIDTHS = (4026, 4026, 1588)  # 7.1 cm, 7.1 cm, 2.8 cm
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


#: Opcodes standing for "all of it changed": a section found on one side only.
WHOLE: list[Any] = [["whole", 0, 0, 0, 0]]


def _pieces(text: str, ops: list[Any] | None, side: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut into (piece, changed) runs: this side's part of each opcode."""
    if ops is WHOLE:
        yield text, True
        return
    if not ops:
        yield text, False
        return
    for tag, a0, a1, b0, b1 in ops:
        lo, hi = (a0, a1) if side == "a" else (b0, b1)
        if hi > lo:
            yield text[lo:hi], tag != "equal"


def _run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    grey: bool = False,
    size: float | None = None,
    underline: bool = False,
) -> str:
    """One ``w:r``; its properties in the order the schema requires."""
    if not text:
        return ""
    props = "".join(
        tag
        for on, tag in (
            (bold, "<w:b/>"),
            (italic, "<w:i/>"),
            (strike, "<w:strike/>"),
            (grey, f'<w:color w:val="{_GREY}"/>'),
            (size is not None, f'<w:sz w:val="{round((size or 0) * 2)}"/>'),
            (underline, '<w:u w:val="single"/>'),
        )
        if on
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    safe = escape(_NOT_XML.sub("", text))
    return f'<w:r>{rpr}<w:t xml:space="preserve">{safe}</w:t></w:r>'


def _para(runs: str = "", *, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{ppr}{runs}</w:p>"


def _marked(text: str, ops: list[Any] | None, side: str) -> list[str]:
    """Paragraphs of ``text`` (one per line) with this side's changes marked: struck
    through on the earlier side, bold and underlined on the later one."""
    paras: list[str] = []
    runs: list[str] = []
    for piece, changed in _pieces(text, ops, side):
        for k, line in enumerate(piece.split("\n")):
            if k:
                paras.append(_para("".join(runs)))
                runs = []
            deleted, inserted = changed and side == "a", changed and side == "b"
            runs.append(_run(line, bold=inserted, strike=deleted, underline=inserted))
    paras.append(_para("".join(runs)))
    return paras


def _ops(changes: dict[str, Change], name: str, row: Row) -> list[Any] | None:
    """The opcodes to mark ``name`` with: the pair's, or all of it for a row whose
    section (or opening, closing) is on one side only: deleted text is struck through
    whole, inserted text bold and underlined whole, as a 对照表 shows them."""
    if row.kind in ("deleted", "inserted"):
        return WHOLE
    change = changes.get(name)
    return change[2] if change else None


def _fill(
    words: Labels, g: Any, rows: AlignedRows, row: Row, side: str, changes: dict[str, Change]
) -> list[str]:
    """One side's cell of a row, as paragraphs: a part, a ghost note, or a section."""
    shown: Cell | None = row.left if side == "a" else row.right
    if shown is None:
        return [_para()]
    if shown.part:
        head = _para(_run(words.word(shown.part), bold=True))
        return [head, *_marked(part_text(g, side, shown.part), _ops(changes, "text", row), side)]
    d = g.nodes[shown.key]
    if shown.ghost:
        note = words.ghost(row.kind, side == "b", shown.id)
        heading = f"{d['marker']}{display_heading(d)}"
        return [_para(_run(f"（{note}）{heading}", italic=True, grey=True))]
    whole = row.kind in ("deleted", "inserted")  # the marker goes with the section
    marker = _run(str(d["marker"]), bold=True, strike=whole and side == "a")
    if whole and side == "b":
        marker = _run(str(d["marker"]), bold=True, underline=True)
    runs = [_run(f"{d['id']} ", grey=True, size=8), marker]
    if d["heading"]:
        for piece, changed in _pieces(str(d["heading"]), _ops(changes, "heading", row), side):
            runs.append(
                _run(
                    piece,
                    bold=True,
                    strike=changed and side == "a",
                    underline=changed and side == "b",
                )
            )
    else:
        runs.append(_run(display_heading(d), bold=True))
    others = rows.elsewhere(row, shown)
    if others:
        arrow = "→" if side == "a" else "←"
        partners = ", ".join(o.split(":", 1)[1] for o in others)
        runs.append(_run(f"  {arrow} {partners}", grey=True, size=8))
    paras = [_para("".join(runs))]
    if d["text"]:
        paras += _marked(str(d["text"]), _ops(changes, "text", row), side)
    return paras


def _note(words: Labels, row: Row) -> list[str]:
    """The 说明 cell: the kind and score, then where a moved section went."""
    text = words.kind(row.kind)
    if row.score is not None:
        text += f" {row.score:.2f}"
    paras = [_para(_run(text))]
    ghost = next((c for c in row.cells() if c.ghost), None)
    if ghost is not None:
        note = words.ghost(row.kind, ghost is row.right, ghost.id)
        paras.append(_para(_run(note, grey=True, size=9)))
    return paras


def _row(cells: list[list[str]], *, repeat: bool = False) -> str:
    trpr = "<w:trPr><w:tblHeader/></w:trPr>" if repeat else ""
    tcs = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paras)}</w:tc>'
        for width, paras in zip(_WIDTHS, cells, strict=True)
    )
    return f"<w:tr>{trpr}{tcs}</w:tr>"


def _body(g: Any, words: Labels) -> str:
    """The document's content: title, header lines, blank line, the table."""
    top = header(g, words)
    parts = [_para(_run(words.word("table"), bold=True, size=16), center=True)]
    parts += [_para(_run(top.document(k))) for k in (0, 1)]
    if top.skeleton:
        parts.append(_para(_run(top.skeleton, bold=True)))
        parts += [_para(_run("　" + pair.text(words), grey=True)) for pair in top.pairs]
    parts += [_para(_run(top.summary, bold=True)), _para()]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in _WIDTHS)
    table = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>",
        _row(
            [
                [_para(_run(words.word(n), bold=True), center=True)]
                for n in ("before", "after", "note")
            ],
            repeat=True,
        ),
    ]
    rows = build_rows(g, parts=True)
    for row in rows:
        changes = row_inline(g, row)
        table.append(
            _row(
                [
                    _fill(words, g, rows, row, "a", changes),
                    _fill(words, g, rows, row, "b", changes),
                    _note(words, row),
                ]
            )
        )
    table.append("</w:tbl>")
    return "".join(parts) + "".join(table) + _para()


_PLACEHOLDER = "@@speechdiff-body@@"


@functools.cache
def _package() -> tuple[tuple[str, bytes], ...]:
    """The parts of an empty 对照表 document, made once per process with python-docx.

    Page (A4 portrait, 2 cm margins) and Normal style (五号, Times New Roman / 宋体) are
    set here; ``word/document.xml`` holds one placeholder paragraph that each
    :func:`render_docx` replaces with its content.
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.name = _LATIN
    normal.font.size = Pt(10.5)  # 五号
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _CJK)
    normal.paragraph_format.space_after = Pt(0)
    _ = document.styles["Table Grid"]  # KeyError if the template lacked the table style
    # Word 2010's stylesWithEffects.xml (440 kB) is a copy no reader needs; compressing
    # it into every file was half of each render's time.
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    document.add_paragraph(_PLACEHOLDER)
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return tuple((info.filename, zf.read(info)) for info in zf.infolist())


def render_docx(g: Any, *, lang: str | None = None) -> bytes:
    """The 修改对照表 of comparison graph ``g`` as the bytes of a ``.docx`` file."""
    words = labels_for(g, lang)
    body = _body(g, words)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _package():
            if name == "word/document.xml":
                xml = data.decode("utf-8")
                placeholder = re.search(
                    r"<w:p>(?:(?!</w:p>).)*?" + re.escape(_PLACEHOLDER) + r".*?</w:p>", xml
                )
                if placeholder is None:  # pragma: no cover - python-docx's own serialisation
                    raise RuntimeError("the document template lost its placeholder")
                xml = xml[: placeholder.start()] + body + xml[placeholder.end() :]
                data = xml.encode("utf-8")
            zf.writestr(name, data)
    return out.getvalue()
