"""User key remapping: a TOML file mapping binding ids to keys.

```toml
# ~/.config/speechdiff/keymap.toml
[keymap]
"speechdiff.next_change" = "ctrl+n"
"speechdiff.cursor_down" = "down,j,ctrl+j"
```

Looked up in this order: ``--keymap FILE``, ``$SPEECHDIFF_KEYMAP``,
``$XDG_CONFIG_HOME/speechdiff/keymap.toml`` (``~/.config`` by default). An
unknown binding id is an error rather than a silent no-op, because a typo would
otherwise leave the user wondering why their key does nothing.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from compare.textio import InputError, os_reason

from .actions import ALL_ACTIONS

__all__ = ["KNOWN_IDS", "default_path", "load_keymap", "parse_keymap"]

KNOWN_IDS: frozenset[str] = frozenset(a.id for a in ALL_ACTIONS) | {
    "speechdiff.search_close",
    "speechdiff.help_close",
    "speechdiff.picker_quit",
}


def default_path() -> Path | None:
    """The keymap file to read when none is given, if it exists."""
    env = os.environ.get("SPEECHDIFF_KEYMAP")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    path = base / "speechdiff" / "keymap.toml"
    return path if path.is_file() else None


def parse_keymap(data: Mapping[str, object], source: str) -> dict[str, str]:
    """Validate the ``[keymap]`` table of a parsed TOML document."""
    table = data.get("keymap", {})
    if not isinstance(table, Mapping):
        raise InputError(source, '[keymap] must be a table of binding id = "keys"')
    out: dict[str, str] = {}
    for key, value in table.items():
        if key not in KNOWN_IDS:
            raise InputError(source, f"unknown binding id {key!r} (see docs/tui.md)")
        if not isinstance(value, str) or not value.strip():
            raise InputError(source, f"{key}: keys must be a non-empty string")
        out[key] = value.replace(" ", "")
    return out


def load_keymap(path: str | os.PathLike[str] | None) -> dict[str, str]:
    """The keymap from ``path`` (or the default file); empty when there is none."""
    chosen = Path(path) if path is not None else default_path()
    if chosen is None:
        return {}
    try:
        data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(chosen), os_reason(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(chosen), f"not a valid TOML keymap: {exc}") from None
    return parse_keymap(data, str(chosen))
