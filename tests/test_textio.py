"""Reading files: encodings detected, and one clear reason when a file is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from compare import InputError, decode_bytes, read_text

SAMPLE = (
    "在全市工作会议上的讲话\r\n同志们：\r\n\u3000\u3000一、统一思想，提高认识\r\n今天我们开会。\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16"),  # with BOM, as Word writes it
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be"],
)
def test_decodes_every_supported_encoding(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data, "x.txt")
    assert text == SAMPLE  # CRLF and U+3000 kept as they are; BOM dropped
    assert used == encoding


def test_utf16_without_bom_and_mostly_ascii() -> None:
    text = "Section 1. Short title. This Act may be cited as the Act.\n" * 5
    assert decode_bytes(text.encode("utf-16-le"))[0] == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "empty file"),
        ("\u3000\n".encode(), "empty file"),
        (bytes(range(256)) * 4, "not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not text"),
        (b"\xc3\x28" * 20, "cannot decode"),
    ],
    ids=["empty", "blank", "ideographic-blank", "binary", "png", "undecodable"],
)
def test_bad_input_gets_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.bin")
    message = str(info.value)
    assert message.startswith("bad.bin: ")
    assert reason in message
    assert "\n" not in message


def test_read_text_reports_missing_and_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    path = tmp_path / "ok.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert read_text(path) == (SAMPLE, "gb18030")


def test_a_file_in_another_encoding_stops_the_lenient_decode_early() -> None:
    from compare import textio

    gbk = ("各位代表：现在，我代表省人民政府，向大会作政府工作报告。" * 400).encode("gbk")
    assert textio._lenient(gbk, "utf-8") is None  # far too many bad bytes: not UTF-8
    # The error handler stopped once it had seen more than it could accept, not at
    # every one of the thousands of bad bytes.
    high = sum(1 for b in gbk if b >= 0x80)
    assert len(textio._bad_runs.found) == 0  # cleared for the next call
    calls: list[int] = []
    real = textio._record

    def counting(exc: UnicodeError) -> tuple[str, int]:
        calls.append(1)
        return real(exc)

    codecs.register_error("speechdiff-record", counting)
    try:
        assert textio._lenient(gbk, "utf-8") is None
    finally:
        codecs.register_error("speechdiff-record", real)
    assert 0 < len(calls) < high / 10
    # A UTF-8 file with one stray byte still decodes, the byte reported.
    ok = "各位代表：".encode() * 200 + b"\xff" + "谢谢".encode()
    decoded = textio._lenient(ok, "utf-8")
    assert decoded is not None and "谢谢" in decoded.text
