"""Ingest: every path ends in documents or errors; encodings; compilations; one bad file."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from batch_support import GWR, SEEDS, batch

from compare.batch.ingest import analyse, expand_inputs

SEED_000 = SEEDS / "000_44149a710ae6c111.txt"
SEED_003 = SEEDS / "003_5c63eede7426c25a.txt"


def _corpus(tmp: Path) -> Path:
    """A folder with good files in three encodings, bad files and a hidden file."""
    root = tmp / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    text = SEED_000.read_text(encoding="utf-8")
    (root / "a_utf8.txt").write_text(text, encoding="utf-8")
    (root / "sub" / "b_gb18030.txt").write_bytes(text.replace("同志们", "各位").encode("gb18030"))
    (root / "sub" / "deeper" / "c_utf16.txt").write_bytes(text.encode("utf-16"))
    (root / "sub" / "d_bom.txt").write_bytes(
        b"\xef\xbb\xbf" + (GWR / "2026_北京市_政府工作报告.txt").read_bytes()
    )
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (root / "image.bin").write_bytes(bytes(range(256)) * 8)
    (root / "latin1.txt").write_bytes(b"Caf\xe9 ok \xff\xff text")
    (root / "adverts_only.txt").write_text("仅供学习 禁止外传\n", encoding="utf-8")
    (root / ".hidden.txt").write_text(text, encoding="utf-8")
    return root


def test_expand_inputs_walks_folders_globs_and_reports_missing(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    out = root / "report"  # an output folder inside the input folder is never read
    out.mkdir()
    (out / "report.json").write_text("{}", encoding="utf-8")
    found = expand_inputs(
        [str(root), str(root / "a_utf8.txt"), str(tmp_path / "nope.txt"), str(root / "*.zzz")],
        exclude=[str(out)],
    )
    names = sorted(Path(f).name for f in found.files)
    assert names == sorted(
        [
            "a_utf8.txt",
            "b_gb18030.txt",
            "c_utf16.txt",
            "d_bom.txt",
            "empty.txt",
            "blank.txt",
            "image.bin",
            "latin1.txt",
            "adverts_only.txt",
        ]
    )  # a_utf8.txt named twice, kept once; report/ and the hidden file not read
    assert dict(found.errors) == {
        str(tmp_path / "nope.txt"): "no such file",
        str(root / "*.zzz"): "no match",
    }
    assert [Path(p).name for p in found.skipped] == [".hidden.txt"]


def test_every_file_ends_in_documents_or_errors(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    run = batch(root, tmp_path / "missing.txt", out=tmp_path / "out")
    assert run.code == 0, run.stderr
    report = run.report
    sources = {d["source"] for d in report["documents"]}
    errors = {e["source"]: e["error"] for e in report["errors"]}
    inputs = expand_inputs([str(root), str(tmp_path / "missing.txt")])
    for f in inputs.files:
        assert (f in sources) != (f in errors), f  # exactly one of the two
    assert errors[str(tmp_path / "missing.txt")] == "no such file"
    assert errors[str(root / "empty.txt")] == "empty file"
    assert errors[str(root / "blank.txt")] == "empty file"
    assert errors[str(root / "image.bin")].startswith("not text")
    assert errors[str(root / "latin1.txt")].startswith("cannot decode")
    assert errors[str(root / "adverts_only.txt")] == "no speech found"
    assert report["skipped"] == [str(root / ".hidden.txt")]
    # The three encodings of one speech were all read, and they are near copies.
    good = [d for d in report["documents"] if "_utf" in d["source"] or "gb18030" in d["source"]]
    assert len(good) == 3
    assert all(d["title"] == "在“帮一企、建一言、献一策”活动动员部署会上的讲话" for d in good)


def test_compilation_is_split_into_its_speeches() -> None:
    record = analyse(str(SEED_003), None)
    assert record.error is None
    assert len(record.documents) == 17
    assert [d.index for d in record.documents] == list(range(17))
    # Spans index the decoded file text and do not overlap.
    spans = [d.span for d in record.documents]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_a_parser_failure_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import compare.batch.ingest as ingest

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("simulated parser bug")

    good = tmp_path / "good.txt"
    good.write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(ingest, "parse_decoded", boom)
    record = analyse(str(good), None)
    assert record.documents == ()
    assert record.error == "parser failed: RuntimeError: simulated parser bug"
