"""The picker: a file holding several speeches asks which one to compare."""

from __future__ import annotations

from textual.widgets import OptionList
from tui_support import SEED_000, SEED_001, SEED_003, main_state, screen_text, settle

from compare.parse import parse_file
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.picker import PickerScreen, describe


async def test_picker_lists_the_speeches_and_compares_the_chosen_one() -> None:
    app = create_app(SEED_003, SEED_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        assert "holds 17 speeches" in text
        assert "[0] 人大换届工作会议讲话稿" in text and "[16] 工作会议讲话稿" in text
        await pilot.press("down", "enter")  # speech [1]
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # B holds one speech: no second picker
        assert [d.index for d in app.documents] == [1, 0]
        assert "A 人大工作会议领导讲话稿" in screen_text(app)
        assert main_state(app).rows


async def test_picker_for_each_side_in_turn() -> None:
    app = create_app(SEED_001, SEED_003)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PickerScreen) and screen.side == "B"
        option_list = screen.query_one(OptionList)
        assert option_list.option_count == 17
        await pilot.press("end", "enter")
        await settle(pilot)
        assert [d.index for d in app.documents] == [0, 16]


async def test_doc_options_skip_the_picker() -> None:
    app = create_app(SEED_003, SEED_003, doc_a=0, doc_b=6)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [d.index for d in app.documents] == [0, 6]
        assert "A 人大换届工作会议讲话稿" in screen_text(app)


async def test_escape_on_the_picker_quits() -> None:
    app = create_app(SEED_003, SEED_001)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


def test_describe_names_index_title_size_and_first_heading() -> None:
    doc = parse_file(SEED_003).documents[3]
    line = describe(doc)
    assert line.startswith("[3] (untitled)  (")
    assert "sections" in line and " — " in line
