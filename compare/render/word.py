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
  the match edge); readable in black and white;
- a moved section (or the second part of a split or merge) has a row at its place on
  each side; the other cell says where it went (``移至 §2.1`` / ``移自 §2.6``, grey,
  italic) and 说明 says the same;
- 说明 gives the kind (修改, 新增, 删除, 移动…) and the score.

The header row repeats on every page. Latin text is set in Times New Roman, Chinese in
宋体 (SimSun), with the usual fallbacks of the reader's office suite.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from .header import header
from .labels import Labels, labels_for
from .rows import AlignedRows, Cell, Change, Row, build_rows, display_heading, part_text, row_inline

__all__ = ["render_docx"]

_LATIN, _CJK = "Times New Roman", "宋体"
_GREY = (0x80, 0x80, 0x80)
#: Column widths in centimetres on A4 portrait (2 cm margins: 17 cm of text width).
_WIDTHS = (7.1, 7.1, 2.8)


def _pieces(text: str, ops: list[Any] | None, side: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut into (piece, changed) runs: this side's part of each opcode."""
    if not ops:
        yield text, False
        return
    for tag, a0, a1, b0, b1 in ops:
        lo, hi = (a0, a1) if side == "a" else (b0, b1)
        if hi > lo:
            yield text[lo:hi], tag != "equal"


class _Writer:
    """Holds the python-docx document and the few styles the table uses."""

    def __init__(self, words: Labels) -> None:
        import docx
        from docx.enum.section import WD_ORIENT
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        self.words = words
        self.doc = docx.Document()
        self._qn, self._pt, self._cm = qn, Pt, Cm
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
        normal = self.doc.styles["Normal"]
        normal.font.name = _LATIN
        normal.font.size = Pt(10.5)  # 五号
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _CJK)
        normal.paragraph_format.space_after = Pt(0)

    def paragraph(self, container: Any, text: str = "", **style: Any) -> Any:
        p = container.add_paragraph()
        if text:
            self.run(p, text, **style)
        return p

    def run(
        self,
        p: Any,
        text: str,
        *,
        bold: bool = False,
        strike: bool = False,
        underline: bool = False,
        italic: bool = False,
        grey: bool = False,
        size: float | None = None,
    ) -> Any:
        from docx.shared import RGBColor

        r = p.add_run(text)
        r.font.bold = bold or None
        r.font.strike = strike or None
        r.font.underline = underline or None
        r.font.italic = italic or None
        if grey:
            r.font.color.rgb = RGBColor(*_GREY)
        if size is not None:
            r.font.size = self._pt(size)
        return r

    def marked(self, cell: Any, text: str, ops: list[Any] | None, side: str) -> None:
        """New paragraphs of ``text`` (one per line) with this side's changes marked:
        struck through on the earlier side, bold and underlined on the later one."""
        p = self.paragraph(cell)
        for piece, changed in _pieces(text, ops, side):
            for k, line in enumerate(piece.split("\n")):
                if k:
                    p = self.paragraph(cell)
                if line:
                    deleted, inserted = changed and side == "a", changed and side == "b"
                    self.run(p, line, bold=inserted, strike=deleted, underline=inserted)

    def repeat_header(self, row: Any) -> None:
        from docx.oxml import OxmlElement

        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(self._qn("w:val"), "true")
        trpr.append(el)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def _ops(changes: dict[str, Change], name: str) -> list[Any] | None:
    change = changes.get(name)
    return change[2] if change else None


def _fill(
    w: _Writer,
    g: Any,
    rows: AlignedRows,
    row: Row,
    side: str,
    cell: Any,
    changes: dict[str, Change],
) -> None:
    """One side's cell of a row: a part, a ghost note, or a section with its marks."""
    shown: Cell | None = row.left if side == "a" else row.right
    if shown is None:
        return
    words = w.words
    if shown.part:
        p = cell.paragraphs[0]
        w.run(p, words.word(shown.part), bold=True)
        w.marked(cell, part_text(g, side, shown.part), _ops(changes, "text"), side)
        return
    d = g.nodes[shown.key]
    heading = f"{d['marker']}{display_heading(d)}"
    if shown.ghost:
        note = words.ghost(row.kind, side == "b", shown.id)
        w.run(cell.paragraphs[0], f"（{note}）{heading}", italic=True, grey=True)
        return
    p = cell.paragraphs[0]
    w.run(p, f"{d['id']} ", grey=True, size=8)
    w.run(p, str(d["marker"]), bold=True)
    if d["heading"]:
        for piece, changed in _pieces(str(d["heading"]), _ops(changes, "heading"), side):
            w.run(
                p,
                piece,
                bold=True,
                strike=changed and side == "a",
                underline=changed and side == "b",
            )
    else:
        w.run(p, display_heading(d), bold=True)
    others = rows.elsewhere(row, shown)
    if others:
        arrow = "→" if side == "a" else "←"
        partners = ", ".join(o.split(":", 1)[1] for o in others)
        w.run(p, f"  {arrow} {partners}", grey=True, size=8)
    if d["text"]:
        w.marked(cell, str(d["text"]), _ops(changes, "text"), side)


def _note(words: Labels, row: Row) -> str:
    """The 说明 cell: the kind, the score, and where a moved section went."""
    text = words.kind(row.kind)
    if row.score is not None:
        text += f" {row.score:.2f}"
    ghost = next((c for c in row.cells() if c.ghost), None)
    if ghost is not None:
        text += "\n" + words.ghost(row.kind, ghost is row.right, ghost.id)
    return text


def render_docx(g: Any, *, lang: str | None = None) -> bytes:
    """The 修改对照表 of comparison graph ``g`` as the bytes of a ``.docx`` file."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    words = labels_for(g, lang)
    top = header(g, words)
    w = _Writer(words)
    doc = w.doc
    title = w.paragraph(doc, words.word("table"), bold=True, size=16)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k in (0, 1):
        w.paragraph(doc, top.document(k))
    if top.skeleton:
        w.paragraph(doc, top.skeleton, bold=True)
        for pair in top.pairs:
            w.paragraph(doc, "　" + pair.text(words), grey=True)
    w.paragraph(doc, top.summary, bold=True)
    w.paragraph(doc)

    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head = table.rows[0]
    w.repeat_header(head)
    for cell, name in zip(head.cells, ("before", "after", "note"), strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        w.run(cell.paragraphs[0], words.word(name), bold=True)
    rows = build_rows(g, parts=True)
    for row in rows:
        cells = table.add_row().cells
        changes = row_inline(g, row)
        _fill(w, g, rows, row, "a", cells[0], changes)
        _fill(w, g, rows, row, "b", cells[1], changes)
        note = _note(words, row).split("\n")
        w.run(cells[2].paragraphs[0], note[0])
        for extra in note[1:]:
            w.paragraph(cells[2], extra, grey=True, size=9)
    # Word reads the cell widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, _WIDTHS, strict=True):
        column.width = w._cm(width)
    for r in table.rows:
        for cell, width in zip(r.cells, _WIDTHS, strict=True):
            cell.width = w._cm(width)
    return w.save()
