"""Word and PDF input: real files built here, read back into the outline of the same speech.

Every file is made in the test (python-docx, reportlab) from a speech's ``.txt``;
its outline must equal the ``.txt``'s: the same sections, levels, markers, headings
and texts, with Word's generated list numbers rendered and a PDF's page furniture
removed and reported.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from compare.extract import extract, sniff
from compare.extract.numbering import Numbering, format_number
from compare.model import ParsedFile
from compare.parse import parse_bytes, parse_file
from compare.textio import InputError
from tests.office_support import W_NS, heading_lines, speech_docx, speech_pdf

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "fixtures/seeds/000_44149a710ae6c111.txt"
SEED_001 = ROOT / "fixtures/seeds/001_201c1d1fe805fb54.txt"
GUANGDONG = ROOT / "fixtures/gwr/2026_广东省_政府工作报告.txt"


def outline(parsed: ParsedFile) -> list[object]:
    """What a reader compares: per speech its title, parts and every section."""
    out: list[object] = []
    for doc in parsed.documents:
        parts = [p.text if p else None for p in (doc.salutation, doc.opening, doc.closing)]
        sections = [(s.id, s.level, s.marker, s.heading, s.text, s.style) for s in doc.walk()]
        out.append((doc.title, parts, sections))
    return out


def spans_index_text(parsed: ParsedFile) -> None:
    for doc in parsed.documents:
        for s in doc.walk():
            lo, hi = s.heading_span
            assert parsed.text[lo:hi] == s.heading
        if doc.title_part is not None:
            lo, hi = doc.title_part.span
            assert parsed.text[lo:hi] == doc.title
    for r in parsed.removed:
        lo, hi = r.span
        assert parsed.text[lo:hi] == r.text


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=["000", "001"])
def test_docx_with_word_numbering_reads_as_its_text(seed: Path) -> None:
    lines, headings = heading_lines(seed)
    assert headings, "the seed has numbered headings to hand to Word"
    data = speech_docx(lines, headings)
    # The generated markers are really not in the paragraphs' text.
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    for i, (_, marker) in headings.items():
        assert f"<w:t>{lines[i]}</w:t>" not in xml
        assert lines[i][len(marker) :] in xml
    parsed = parse_bytes(data, "speech.docx")
    assert outline(parsed) == outline(parse_file(seed))
    assert parsed.format == "docx"
    assert parsed.extractor.startswith("python-docx ")
    spans_index_text(parsed)


def test_docx_heading_styles_give_levels_to_unnumbered_headings() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Annual Report", style="Title")
    document.add_paragraph("Dear colleagues,")
    document.add_paragraph("This report reviews the year.")
    for text, style in [
        ("Review of the year", "Heading 1"),
        ("The economy grew.", None),
        ("Growth", "Heading 2"),
        ("GDP rose 5%.", None),
        ("Jobs", "Heading 2"),
        ("Unemployment fell.", None),
        ("Priorities", "Heading 1"),
        ("We will focus.", None),
        ("Thank you.", None),
    ]:
        document.add_paragraph(text, style=style)
    buf = io.BytesIO()
    document.save(buf)
    parsed = parse_bytes(buf.getvalue(), "report.docx")
    as_markdown = (
        "# Annual Report\nDear colleagues,\nThis report reviews the year.\n## Review of the year\n"
        "The economy grew.\n### Growth\nGDP rose 5%.\n### Jobs\nUnemployment fell.\n"
        "## Priorities\nWe will focus.\nThank you.\n"
    )
    assert parsed.text == as_markdown
    doc = parsed.documents[0]
    assert doc.title == "Annual Report"
    assert [(s.id, s.level, s.heading) for s in doc.walk()] == [
        ("1", 1, "Review of the year"),
        ("1.1", 2, "Growth"),
        ("1.2", 2, "Jobs"),
        ("2", 1, "Priorities"),
    ]


def _paragraph_xml(body: str) -> bytes:
    """A minimal .docx whose body is ``body`` (WordprocessingML paragraphs)."""
    import docx

    document = docx.Document()
    from lxml import etree

    root = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{body}</w:body>')
    target = document.element.body
    for child in list(target):
        if not child.tag.endswith("sectPr"):
            target.remove(child)
    for k, el in enumerate(root):
        target.insert(k, el)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_tracked_changes_read_as_accepted_and_tables_in_order() -> None:
    data = _paragraph_xml(
        "<w:p><w:r><w:t>同志们：</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>一、统一</w:t></w:r>"
        '<w:del w:id="1" w:author="a"><w:r><w:delText>旧的</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>思想</w:t></w:r></w:ins></w:p>'
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表中</w:t></w:r><w:r><w:tab/></w:r>"
        "<w:r><w:t>文字</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>谢谢大家！</w:t></w:r></w:p>"
    )
    text = extract(data, "t.docx").text
    assert text == "同志们：\n一、统一思想\n表中\t文字\n谢谢大家！\n"


def test_numbering_formats() -> None:
    cn = [format_number(n, "chineseCounting") for n in (1, 2, 10, 11, 19, 20, 21, 99, 100, 105)]
    assert cn == ["一", "二", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百零五"]
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(7, "decimalFullWidth") == "７"


def test_numbering_counts_restarts_and_overrides() -> None:
    from lxml import etree

    xml = f"""<w:numbering xmlns:w="{W_NS}">
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
          <w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>
          <w:lvlText w:val="%1.%2"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
          <w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"""
    n = Numbering(etree.fromstring(xml), {})
    got = [n.marker("1", 0), n.marker("1", 1), n.marker("1", 1), n.marker("1", 2)]
    got += [n.marker("1", 0), n.marker("1", 1), n.marker("2", 0), n.marker("2", 0)]
    got += [n.marker("0", 0), n.marker("9", 0)]
    # A sub-list restarts under each new item and writes its parent's number in decimal
    # (isLgl: without it Word would write 一.1); numId 2 restarts the list at 五.
    assert got == ["一、", "1.1 ", "1.2 ", "", "二、", "2.1 ", "五、", "六、", "", ""]


def test_pdf_reads_as_its_text_with_furniture_reported() -> None:
    lines, _ = heading_lines(SEED_001)
    data = speech_pdf(lines, header="某市人大常委会办公室")
    parsed = parse_bytes(data, "speech.pdf")
    assert outline(parsed) == outline(parse_file(SEED_001))
    assert parsed.format == "pdf"
    assert parsed.extractor.startswith("pdfminer.six ")
    reasons = {r.reason for r in parsed.removed}
    assert {"page header", "page number"} <= reasons
    numbers = [r.text for r in parsed.removed if r.reason == "page number"]
    assert numbers[:3] == ["— 1 —", "— 2 —", "— 3 —"]
    spans_index_text(parsed)
    report = json.loads(json.dumps(parsed.to_json()))
    assert (report["format"], report["encoding"]) == ("pdf", None)
    assert report["extractor"] == parsed.extractor


def test_pdf_of_a_long_report_joins_lines_and_pages() -> None:
    """41 pages: every paragraph broken at line ends and page breaks comes back whole."""
    lines, _ = heading_lines(GUANGDONG)
    parsed = parse_bytes(speech_pdf(lines, header="广东省人民政府"), "report.pdf")
    assert outline(parsed) == outline(parse_file(GUANGDONG))
    kept = [ln for ln in parsed.text.splitlines() if ln not in {r.text for r in parsed.removed}]
    assert kept == lines
    assert sum(r.reason == "page header" for r in parsed.removed) > 30


def _pdf(draw: object = None, **kw: object) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    if draw is None:
        c.drawString(72, 700, "1. Introduction")
        c.drawString(72, 680, "We met today and agreed on many things.")
    else:
        draw(c)  # type: ignore[operator]
    c.showPage()
    c.save()
    return buf.getvalue()


def test_encrypted_pdf_opens_without_user_password_and_is_refused_with_one() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = _pdf(encrypt=StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(InputError) as err:
        parse_bytes(locked, "locked.pdf")
    assert str(err.value) == "locked.pdf: encrypted PDF: a password is needed to open it"
    # Permissions only (no user password): readers open it, so do we.
    perms = _pdf(encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0))
    assert parse_bytes(perms, "perms.pdf").documents[0].sections[0].heading == "Introduction"


def _cfb(*streams: str) -> bytes:
    """The start of an OLE compound file naming ``streams`` in its directory."""
    body = b"".join(s.encode("utf-16-le") + b"\x00\x00" for s in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(512)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_pdf()[:300], "damaged PDF: "),
        (_pdf(lambda c: c.rect(10, 10, 100, 100)), "no text in the PDF (a scanned image?)"),
        (b"PK\x03\x04" + b"word/document.xml" + bytes(200), "damaged Word file: "),
        (_cfb("EncryptionInfo", "EncryptedPackage"), "encrypted Word file: a password is needed"),
        (_cfb("WordDocument", "1Table"), "Word 97–2003 .doc file: not supported"),
        (b"{\\rtf1\\ansi hello}", "RTF file: not supported"),
    ],
    ids=["truncated-pdf", "scan-pdf", "broken-docx", "encrypted-docx", "doc", "rtf"],
)
def test_unreadable_documents_get_one_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_bytes(data, "f")
    message = str(err.value)
    assert message.startswith("f: " + reason)
    assert "\n" not in message


def test_a_zip_that_is_not_word_and_a_truncated_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a,b\n")
    with pytest.raises(InputError, match=r"a ZIP archive, not a Word \.docx file"):
        parse_bytes(buf.getvalue(), "x.zip")
    lines, headings = heading_lines(SEED_001)
    whole = speech_docx(lines, headings)
    assert sniff(whole[: len(whole) // 2]) == "docx"
    with pytest.raises(InputError, match="damaged Word file"):
        parse_bytes(whole[: len(whole) // 2], "cut.docx")


def test_format_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    lines, headings = heading_lines(SEED_001)
    disguised = tmp_path / "speech.txt"
    disguised.write_bytes(speech_docx(lines, headings))
    assert parse_file(disguised).format == "docx"
    plain = tmp_path / "notes.pdf"
    plain.write_text("同志们：\n一、第一部分\n正文。\n", encoding="utf-8")
    assert parse_file(plain).format == "text"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compare", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_reads_word_and_pdf_and_refuses_broken_ones(tmp_path: Path) -> None:
    lines, headings = heading_lines(SEED_001)
    docx_path = tmp_path / "001.docx"
    docx_path.write_bytes(speech_docx(lines, headings))
    pdf_path = tmp_path / "001.pdf"
    pdf_path.write_bytes(speech_pdf(lines, header="页眉"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(pdf_path.read_bytes()[:400])

    parsed = _cli("parse", "--format", "json", str(docx_path), str(pdf_path))
    assert parsed.returncode == 0, parsed.stderr
    got = json.loads(parsed.stdout)
    assert [g["format"] for g in got] == ["docx", "pdf"]
    assert got[0]["extractor"].startswith("python-docx")

    same = _cli("diff", "--format", "json", str(docx_path), str(pdf_path))
    assert same.returncode == 0, same.stdout[-500:] + same.stderr  # the same speech
    assert json.loads(same.stdout)["similarity"] == 1.0

    bad = _cli("parse", str(broken))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"speechdiff: {broken}: damaged PDF: ")
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr

    text = _cli("parse", "--format", "text", str(docx_path))
    assert text.returncode == 0
    assert text.stdout == parse_file(docx_path).text


def test_batch_reads_word_and_pdf_and_reports_a_broken_one(tmp_path: Path) -> None:
    from tests.batch_support import batch

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines_0, headings_0 = heading_lines(SEED_000)
    lines_1, _ = heading_lines(SEED_001)
    (corpus / "a_000.docx").write_bytes(speech_docx(lines_0, headings_0))
    (corpus / "b_001.pdf").write_bytes(speech_pdf(lines_1, header="页眉"))
    (corpus / "c_001.txt").write_bytes(SEED_001.read_bytes())
    (corpus / "d_broken.docx").write_bytes(b"PK\x03\x04word/" + bytes(100))
    run = batch(corpus, out=tmp_path / "out")
    assert run.code == 0, run.stderr
    report = run.report
    sources = sorted(Path(d["source"]).name for d in report["documents"])
    assert sources == ["a_000.docx", "b_001.pdf", "c_001.txt"]
    assert [(Path(e["source"]).name, e["error"][:17]) for e in report["errors"]] == [
        ("d_broken.docx", "damaged Word file")
    ]
    # The PDF and the text of the same speech are one near-duplicate pair (the same words).
    pairs = {(n["a"], n["b"]): n["similarity"] for n in report["near_duplicates"]}
    by_name = {Path(d["source"]).name: d["id"] for d in report["documents"]}
    assert pairs.get((by_name["b_001.pdf"], by_name["c_001.txt"])) == 1.0


def test_a_pdf_made_by_office_software() -> None:
    """fixtures/office: justified lines, indents, autospace, a header and page numbers."""
    parsed = parse_file(ROOT / "fixtures/office/001_libreoffice.pdf")
    assert outline(parsed) == outline(parse_file(SEED_001))
    furniture = [(r.reason, r.text) for r in parsed.removed]
    assert furniture.count(("page header", "广东省人民政府文件")) == 8
    assert [t for reason, t in furniture if reason == "page number"] == [
        f"— {n} —" for n in range(1, 9)
    ]
    spans_index_text(parsed)
