"""The terminal UI's details: opening and closing rows, the skeleton first, the footer at
80 columns, the help box kept clear of toasts, the runner-ups' owners, the wording."""

from __future__ import annotations

from pathlib import Path

from tui_graphs import mixed_graph
from tui_support import SEED_000, SEED_001, graph_app, main_state, screen_text, settle

from compare.align import align
from compare.parse import parse_file
from compare.render.rows import build_rows
from tui.app import create_app
from tui.screens.help import HelpScreen
from tui.widgets.detail import DetailPane
from tui.widgets.summary import SummaryBar


async def test_opening_and_closing_rows_as_in_the_text_view() -> None:
    app = create_app(SEED_000, SEED_001)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        state = main_state(app)
        comparison = app.screen.comparison  # type: ignore[attr-defined]
        assert [r.part for r in state.rows if r.part] == ["opening", "closing"]
        assert state.rows[0].part == "opening" and state.rows[-1].part == "closing"
        # The same rows as the static views (text, Markdown, HTML), parts included.
        static = build_rows(comparison.graph, parts=True)
        assert [(r.kind, r.pair) for r in state.rows] == [(r.kind, r.pair) for r in static]
        text = screen_text(app)
        assert "开头（2020年注定是不平凡的一年" in text and "开头（党的二十大是在全党" in text
        # The opening's own inline diff, computed off the UI thread.
        detail = app.screen.query_one(DetailPane)
        left, right = detail.shown
        assert left[0].text == right[0].text == "开头"
        assert any(b.names("delete") for b in left) and any(b.names("insert") for b in right)
        await pilot.press("end")
        await settle(pilot)
        assert main_state(app).current is not None
        assert main_state(app).current.part == "closing"  # type: ignore[union-attr]
        assert "结尾" in detail.shown[0][0].text


async def test_header_states_the_skeleton_before_the_similarity() -> None:
    seeds = align(parse_file(SEED_000).documents[0], parse_file(SEED_001).documents[0])
    pct = f"{round(100 * seeds.similarity)}%"
    for lang, skeleton, similarity in (
        (None, "骨架：一级部分 3/3 对应，顺序一致", f"文字相似度 {pct}"),
        ("en", "skeleton: 3 of 3 top sections correspond, in order", f"text similarity {pct}"),
    ):
        app = create_app(SEED_000, SEED_001, lang=lang)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            second = app.screen.query_one(SummaryBar).plain().splitlines()[1]
            assert second.startswith(skeleton)
            assert second.index(similarity) > len(skeleton)
    app = create_app(SEED_000, SEED_001)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: the skeleton line stays whole
        await settle(pilot)
        second = app.screen.query_one(SummaryBar).plain().splitlines()[1]
        assert second.startswith("骨架：一级部分 3/3 对应，顺序一致") and pct in second


async def test_footer_fits_80_columns_without_stray_characters() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.strip() == (
            "↑↓ move nN change⏎ fold m jump f filter / search t text s swap ? help q quit"
        )
    app = graph_app(mixed_graph())
    async with app.run_test(size=(120, 30)) as pilot:  # room for the palette key again
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.rstrip().endswith("▏^p palette") and "q quit" in footer


async def test_help_is_not_overdrawn_by_a_toast() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("N")  # at the first row: "no earlier change", as a toast
        await settle(pilot)
        assert app.screen.notice == "no earlier change"  # type: ignore[attr-defined]
        assert len(app._notifications) == 1
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert len(app._notifications) == 0
        assert "no earlier change" not in screen_text(app)


async def test_one_search_hit_is_one_hit() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"搬走", "enter")
        await settle(pilot)
        assert "search “搬走”: 1 hit" in screen_text(app)
        assert "1 hits" not in screen_text(app)


def test_detail_columns_wrap_at_one_width() -> None:
    for width in (78, 79, 117, 198):
        left, right = DetailPane._columns(width)
        assert left == right and left + right + 2 <= width


async def test_word_and_pdf_files_open_in_the_terminal_ui(tmp_path: object) -> None:
    from pathlib import Path

    from office_support import heading_lines, speech_docx, speech_pdf

    folder = Path(str(tmp_path))
    lines, headings = heading_lines(Path(SEED_001))
    (folder / "a.docx").write_bytes(speech_docx(lines, headings))
    (folder / "b.pdf").write_bytes(speech_pdf(lines, header="页眉"))
    app = create_app(str(folder / "a.docx"), str(folder / "b.pdf"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        state = main_state(app)
        assert state.rows and {r.kind for r in state.rows} == {"identical"}  # the same speech
        assert "文字相似度 100%" in screen_text(app)


async def test_latin_markers_stand_apart_from_their_headings() -> None:
    """``Sec. 2. For purposes…`` and ``(1) Commissioner…``, not ``Sec. 2.For``; Chinese
    markers carry their own spacing (``一、统一思想``)."""
    pairs = Path(__file__).resolve().parent.parent / "fixtures" / "pairs"
    app = create_app(str(pairs / "bill_21_nebraska.txt"), str(pairs / "bill_22_new_hampshire.txt"))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Sec. 2. For purposes" in text and "(1) Commissioner means" in text
        assert "Sec. 2.For" not in text and "(1)Commissioner" not in text
        state = main_state(app)
        assert state.matches("Sec. 2. For purposes")
        # The detail pane (heading and runner-ups) writes them apart too.
        await pilot.press("slash", *"Employer includes", "enter")
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        assert detail.row is not None and detail.row.left is not None
        assert detail.row.left.heading.startswith("Employer includes")
        left, right = detail.shown
        assert left[0].text.startswith("(5) Employer includes")
        assert right[0].text.startswith("IV. “Employer” means")
        runner_ups = [b.text for b in left[2:] if b.text.startswith("  0.")]
        assert runner_ups and all(". " in line or ") " in line for line in runner_ups)
