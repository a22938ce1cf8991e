"""The same outline whatever the bytes: UTF-8, GB18030, UTF-16, CRLF, ideographic spaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import ParsedFile, parse_file, parse_text

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED = SEEDS / "001_201c1d1fe805fb54.txt"


def outline(parsed: ParsedFile) -> list[list[tuple[str, int, str, str, str]]]:
    return [
        [(s.id, s.level, s.marker, s.heading, s.text) for s in doc.walk()]
        for doc in parsed.documents
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_same_outline_from_each_encoding(tmp_path: Path, encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert outline(parse_file(path)) == outline(parse_file(SEED))


def test_crlf_and_ideographic_indent_do_not_change_the_outline() -> None:
    text = SEED.read_text(encoding="utf-8")
    messy = "\r\n".join("\u3000\u3000" + line for line in text.split("\n"))
    clean, dirty = parse_text(text), parse_text(messy)
    assert outline(dirty) == outline(clean)
    # Spans index the decoded text as it is, CRLF and U+3000 included.
    for sec in dirty.documents[0].walk():
        start, end = sec.heading_span
        assert messy[start:end] == sec.heading
