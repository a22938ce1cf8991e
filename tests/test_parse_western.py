"""Western and Markdown numbering, so English reports and bills parse too."""

from __future__ import annotations

import re
from pathlib import Path

from compare import Document, parse_file, parse_text

EN = Path(__file__).resolve().parent.parent / "fixtures" / "en"


def only(path: Path) -> Document:
    parsed = parse_file(path)
    assert len(parsed.documents) == 1
    return parsed.documents[0]


def test_bill_sections_letters_and_roman_items() -> None:
    doc = only(EN / "bill.txt")
    assert doc.title == "A BILL"
    assert [s.marker for s in doc.sections] == [
        "Section 1.",
        "Section 2.",
        "Section 3.",
        "Section 4.",
    ]
    assert [c.marker for c in doc.sections[1].children] == ["(a)", "(b)", "(c)"]
    grants = doc.sections[2]
    assert [c.marker for c in grants.children] == ["(a)", "(b)"]
    # (i) after (a) is a Roman numeral one level down, not the letter after (h).
    assert [c.marker for c in grants.children[0].children] == ["(i)", "(ii)"]
    assert doc.sections[0].heading == "Short title"


def test_markdown_headings_and_roman_list() -> None:
    doc = only(EN / "report.md")
    assert doc.title == "Annual Report 2025"
    assert doc.salutation is not None and doc.salutation.text == "Dear colleagues,"
    assert [(s.marker, s.heading) for s in doc.sections] == [
        ("## 1.", "Review of the year"),
        ("## 2.", "Priorities for 2026"),
    ]
    assert [c.heading for c in doc.sections[0].children] == ["Growth", "Jobs"]
    assert [c.marker for c in doc.sections[1].children] == ["I.", "II.", "III."]
    assert doc.closing is not None and doc.closing.text == "Thank you."


def test_decimal_outline_with_letters() -> None:
    doc = only(EN / "numbered.txt")
    assert doc.title == "Strategy Paper"
    assert [s.marker for s in doc.sections] == ["1.", "2.", "3."]
    assert [c.marker for c in doc.sections[0].children] == ["1.1", "1.2"]
    findings = doc.sections[1].children[1]
    assert [c.marker for c in findings.children] == ["A.", "B."]


def test_articles() -> None:
    text = "Regulation\n\nArticle 1 Scope. This applies to all.\nArticle 2 Definitions. Terms.\n"
    doc = parse_text(text).documents[0]
    assert [(s.marker, s.heading) for s in doc.sections] == [
        ("Article 1", "Scope"),
        ("Article 2", "Definitions"),
    ]


def test_state_bill_numbering_sec_and_numbered_items() -> None:
    text = (
        "AN ACT relating to paid sick leave.\n"
        "Section 1. Short title. This act may be cited as the Healthy Families Act.\n"
        "Sec. 2. Definitions. For purposes of this act:\n"
        "(1) Employee means any individual employed by an employer;\n"
        "(2) Employer means any person employing one or more employees.\n"
        "SEC. 3. Accrual.\n"
        "(a) Employees shall accrue one hour of paid sick time.\n"
        "(b) Paid sick time shall be carried over to the following year.\n"
    )
    doc = parse_text(text).documents[0]
    assert [s.marker for s in doc.sections] == ["Section 1.", "Sec. 2.", "SEC. 3."]
    assert [c.marker for c in doc.sections[1].children] == ["(1)", "(2)"]
    assert [c.marker for c in doc.sections[2].children] == ["(a)", "(b)"]


def test_capital_letters_in_brackets_are_subsections_above_numbered_paragraphs() -> None:
    # The layout of Arizona-style model bills (SB 1070 and its copies): a section's
    # subsections are (A), (B)..., their paragraphs (1), (2)..., then (a), (b).
    text = (
        "AN ACT relating to immigration enforcement.\n"
        "Section 1. Intent. The provisions of this act work together.\n"
        "Section 2. Cooperation with federal enforcement.\n"
        "(A) No official of this state may limit the enforcement of federal law.\n"
        "(B) Officials may send information on a person's status for these purposes:\n"
        "(1) Determining eligibility for any public benefit.\n"
        "(2) Verifying any claim of residence.\n"
        "(C) A law enforcement officer is indemnified against costs.\n"
        "Section 3. Severability. If any provision is held invalid, the rest stands.\n"
    )
    doc = parse_text(text).documents[0]
    assert [s.marker for s in doc.sections] == ["Section 1.", "Section 2.", "Section 3."]
    subsections = doc.sections[1].children
    assert [c.marker for c in subsections] == ["(A)", "(B)", "(C)"]
    assert [c.marker for c in subsections[1].children] == ["(1)", "(2)"]
    assert subsections[2].heading.startswith("A law enforcement officer")


def test_provisions_wrapped_at_line_ends_are_one_paragraph() -> None:
    # A PDF-derived bill: each provision wrapped over several lines.
    text = (
        "AN ACT relating to immigration enforcement.\n"
        "Section 2. Cooperation with federal enforcement.\n"
        "(A) No official or agency of this state or county, city, town, or other political\n"
        "subdivision of this state may adopt a policy that limits or restricts the\n"
        "enforcement of federal immigration laws to less than the full extent\n"
        "permitted by federal law.\n"
        "(B) For any legitimate contact made by an official or agency of this state,\n"
        "a reasonable attempt shall be made to determine the immigration status of the\n"
        "person.\n"
        "Section 3. Severability.\n"
        "If any provision is held invalid, the rest stands.\n"
    )
    doc = parse_text(text).documents[0]
    first, second = doc.sections[0].children
    assert first.heading.startswith("No official or agency of this state or county")
    assert "political subdivision of this state may adopt" in first.full_text
    assert first.full_text.rstrip().endswith("permitted by federal law.")
    assert second.heading.endswith("agency of this state")  # the first clause
    assert second.text == (
        "a reasonable attempt shall be made to determine the immigration status of the person."
    )
    # A heading line, then a paragraph that opens a new sentence: two paragraphs.
    assert doc.sections[1].heading == "Severability"
    assert doc.sections[1].text.startswith("If any provision")


def test_a_first_subsection_on_its_section_s_line_is_the_section_s_first_child() -> None:
    # Nebraska's LB493 and Kansas's HB 2578 open sections this way.
    text = (
        "AN ACT relating to paid sick leave.\n"
        "Sec. 1. (1) Employees shall accrue a minimum of one hour of paid sick time.\n"
        "(2) Employees who are exempt from overtime requirements accrue on forty hours.\n"
        "Sec. 2. Employers shall give notice at the time of hire.\n"
    )
    doc = parse_text(text).documents[0]
    assert [(s.marker, s.heading) for s in doc.sections] == [
        ("Sec. 1.", ""),
        ("Sec. 2.", "Employers shall give notice at the time of hire"),
    ]
    first, second = doc.sections[0].children
    assert (first.marker, second.marker) == ("(1)", "(2)")
    assert first.heading.startswith("Employees shall accrue a minimum of one hour")
    assert text[slice(*first.span)].startswith("(1) Employees shall accrue")


def test_line_numbers_glued_to_the_text_are_removed_and_reported() -> None:
    # Nebraska's LB493 as its PDF gives it: double-spaced, each line's number glued on.
    path = Path(__file__).resolve().parent.parent / "fixtures" / "pairs" / "bill_21_nebraska.txt"
    parsed = parse_file(path)
    numbers = [r for r in parsed.removed if r.reason == "line number"]
    assert len(numbers) > 200
    assert all(parsed.text[slice(*r.span)].isdigit() for r in numbers)
    doc = parsed.documents[0]
    first = doc.sections[0]
    assert first.heading.endswith("cited as the Healthy and Safe Families and Workplaces Act")
    # "…requirements under 29" on line 19: the statute's 29 stays, the line's 19 goes.
    exempt = next(s for s in doc.walk() if s.heading.startswith("Employees who are exempt"))
    assert exempt.heading.endswith("under 29")
    assert not [s.heading for s in doc.walk() if re.search(r"[a-z.,;]\d{1,3}$", s.heading)]


def test_an_english_provision_s_heading_is_its_first_sentence_up_to_about_150_letters() -> None:
    text = (
        "AN ACT relating to leave.\n"
        "Sec. 1. (1) An employer, an employee or other person may report to the "
        "commissioner any suspected violation of the act. The commissioner shall keep "
        "the name confidential.\n"
    )
    first = parse_text(text).documents[0].sections[0].children[0]
    # 87 letters: the whole sentence, not "An employer" (a Chinese heading of 50
    # characters or more is cut at its first clause).
    assert first.heading == (
        "An employer, an employee or other person may report to the commissioner any "
        "suspected violation of the act"
    )
    assert first.text == "The commissioner shall keep the name confidential."


def test_a_section_number_alone_on_its_line_numbers_the_line_after_it() -> None:
    # As Minnesota's HF 549 (shared/corpora/us_model_bills/bill_08.txt) prints its
    # sections: "Sec. 2." on a line of its own, a blank line, then the provision.
    doc = parse_text(
        "A BILL for an act relating to employment.\n\n"
        "Section 1.\n\n"
        "Minnesota Statutes 2014, section 177.27, subdivision 2, is amended to read:\n"
        "The commissioner may fine an employer for each failure to submit a record.\n\n"
        "Sec. 2.\n\n"
        "Minnesota Statutes 2014, section 177.27, subdivision 4, is amended to read:\n"
        "The commissioner may issue an order requiring an employer to comply.\n"
    ).documents[0]
    assert [s.marker for s in doc.sections] == ["Section 1.", "Sec. 2."]
    assert doc.sections[1].heading.startswith("Minnesota Statutes 2014, section 177.27")
    assert "Sec. 2." not in doc.sections[0].text


def test_a_chinese_number_alone_on_its_line_numbers_the_heading_line_after_it() -> None:
    doc = parse_text(
        "在全市工作会议上的讲话\n同志们：\n今天召开会议，部署今年工作。\n"
        "一、\n统一思想，提高认识\n做好今年工作意义重大，各级各部门要高度重视。\n"
        "二、\n\n突出重点，扎实推进\n要抓好重点任务落实，确保各项工作取得实效。\n"
    ).documents[0]
    assert [(s.marker, s.heading) for s in doc.sections] == [
        ("一、", "统一思想，提高认识"),
        ("二、", "突出重点，扎实推进"),
    ]
    # The heading line stays a line of its own: the body is not glued to it.
    assert doc.sections[0].text == "做好今年工作意义重大，各级各部门要高度重视。"
