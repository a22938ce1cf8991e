"""Keymap files: binding id = keys, validated so a typo is an error, not a silent no-op."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.textio import InputError
from tui.actions import ALL_ACTIONS
from tui.keymap import KNOWN_IDS, default_path, load_keymap


def test_every_action_has_a_unique_id() -> None:
    ids = [a.id for a in ALL_ACTIONS]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("speechdiff.") for i in ids)
    assert set(ids) <= KNOWN_IDS


def test_valid_keymap_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"speechdiff.next_change" = "ctrl+n, x"\n', encoding="utf-8")
    assert load_keymap(path) == {"speechdiff.next_change": "ctrl+n,x"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[keymap]\n"speechdiff.nope" = "x"\n', "unknown binding id"),
        ('[keymap]\n"speechdiff.swap" = ""\n', "non-empty string"),
        ("keymap = 3\n", "must be a table"),
        ("[keymap\n", "not a valid TOML keymap"),
    ],
)
def test_bad_keymaps_name_the_file_and_reason(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_keymap(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_missing_keymap_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.toml"):
        load_keymap(tmp_path / "missing.toml")


def test_default_path_follows_env_and_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPEECHDIFF_KEYMAP", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_path() is None and load_keymap(None) == {}
    conf = tmp_path / "speechdiff" / "keymap.toml"
    conf.parent.mkdir()
    conf.write_text('[keymap]\n"speechdiff.swap" = "w"\n', encoding="utf-8")
    assert default_path() == conf and load_keymap(None) == {"speechdiff.swap": "w"}
    monkeypatch.setenv("SPEECHDIFF_KEYMAP", str(tmp_path / "other.toml"))
    assert default_path() == tmp_path / "other.toml"
