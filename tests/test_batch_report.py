"""The report files: report.json as in the README's contract, CSV files, report.html escaped."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

import pytest
from batch_support import SEEDS, Run, batch

SEED_000 = SEEDS / "000_44149a710ae6c111.txt"
HOSTILE = '<script>alert("x")</script>&<b>'


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    corpus.mkdir()
    for src in SEEDS.glob("*.txt"):
        (corpus / src.name).write_bytes(src.read_bytes())
    # A copy of 000 whose title and a heading carry markup: it must come out escaped.
    text = SEED_000.read_text(encoding="utf-8")
    text = text.replace(
        "在“帮一企、建一言、献一策”活动动员部署会上的讲话", f"在{HOSTILE}会上的讲话"
    )
    text = text.replace("精心谋划、精准发力", f"精心谋划{HOSTILE}精准发力")
    (corpus / "hostile.txt").write_text(text, encoding="utf-8")
    (corpus / "broken.bin").write_bytes(b"\x00\x01\x02" * 100)
    result = batch(corpus, out=root / "out")
    assert result.code == 0, result.stderr
    return result


def test_report_json_has_the_contract_keys_and_types(run: Run) -> None:
    r = run.report
    for k in ("documents", "families", "near_duplicates", "reused_passages", "errors"):
        assert isinstance(r[k], list), k
    ids = [d["id"] for d in r["documents"]]
    assert len(ids) == len(set(ids)) and all(i.startswith("d") for i in ids)
    for d in r["documents"]:
        assert isinstance(d["source"], str) and isinstance(d["index"], int)
        assert isinstance(d["title"], str)
    known = set(ids)
    for f in r["families"]:
        assert f["id"].startswith("f") and set(f["members"]) <= known
        assert isinstance(f["template"]["sections"], list) and f["template"]["sections"]
        for s in f["template"]["sections"]:
            assert isinstance(s["heading"], str) and isinstance(s["marker"], str)
    for n in r["near_duplicates"]:
        assert {n["a"], n["b"]} <= known and 0.0 < n["similarity"] <= 1.0
    for p in r["reused_passages"]:
        assert {p["a"], p["b"]} <= known
        assert len(p["a_span"]) == 2 and len(p["b_span"]) == 2
        assert 0.0 < p["similarity"] <= 1.0
    assert r["errors"] == [
        {
            "source": str(run.out.parent / "corpus" / "broken.bin"),
            "error": "not text: binary data (contains NUL bytes)",
        }
    ]


def test_csv_files_match_the_json(run: Run) -> None:
    r = run.report
    with (run.out / "families.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(f["members"]) for f in r["families"])
    assert {row["document"] for row in rows} == {m for f in r["families"] for m in f["members"]}
    with (run.out / "near_duplicates.csv").open(encoding="utf-8") as fh:
        near = list(csv.DictReader(fh))
    assert [(row["a"], row["b"]) for row in near] == [
        (n["a"], n["b"]) for n in r["near_duplicates"]
    ]
    with (run.out / "passages.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(r["reused_passages"])
    assert rows[0].keys() >= {"a", "a_start", "a_end", "b", "b_start", "b_end", "similarity"}


def test_html_report_escapes_corpus_text_and_links_diffs(run: Run) -> None:
    page = (run.out / "report.html").read_text(encoding="utf-8")
    assert HOSTILE not in page and "<script>" not in page
    assert html.escape(HOSTILE, quote=True) in page
    # Families are listed with their members; members link to rendered diff pages.
    assert "f1" in page
    links = [part.split('"')[0] for part in page.split('href="')[1:]]
    anchors = [link for link in links if link.startswith("#")]
    links = [link for link in links if not link.startswith("#")]
    assert links and all(link.startswith("diffs/") for link in links)
    # A template family names its outline family, which the page holds.
    ids = {f["id"] for f in run.report["families"]}
    assert all(a[1:] in ids and f'id="{a[1:]}"' in page for a in anchors)
    pages = [link for link in links if link.endswith(".html")]
    tables = [link for link in links if link.endswith(".docx")]
    assert len(pages) == len(tables) == len(links) / 2  # each diff also as a 对照表.docx
    for link in pages:
        diff = (run.out / html.unescape(link)).read_text(encoding="utf-8")
        assert diff.startswith("<!DOCTYPE html>") and "<script>alert" not in diff
    import docx

    for link in tables:
        table = docx.Document(str(run.out / html.unescape(link))).tables[0]
        assert [c.text for c in table.rows[0].cells] == ["修改前", "修改后", "说明"]
    assert "whole-text similarity" in page


def test_families_form_a_hierarchy(run: Run) -> None:
    families = {f["id"]: f for f in run.report["families"]}
    assert {f["level"] for f in families.values()} <= {"outline", "template"}
    for f in families.values():
        if f["level"] == "template":
            parent = families[f["parent"]]
            assert parent["level"] == "outline" and f["id"] in parent["subfamilies"]
            assert set(f["members"]) <= set(parent["members"])
        else:
            assert "parent" not in f
            assert all(families[s]["parent"] == f["id"] for s in f["subfamilies"])
    for level in ("outline", "template"):  # at most one family per level per document
        seen = [m for f in families.values() if f["level"] == level for m in f["members"]]
        assert len(seen) == len(set(seen))
    with (run.out / "families.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["family"], r["level"], r["parent"]) for r in rows} == {
        (f["id"], f["level"], f.get("parent", "")) for f in families.values()
    }


def test_run_facts_stay_out_of_report_json(run: Run) -> None:
    info = json.loads((run.out / "run.json").read_text(encoding="utf-8"))
    assert info["engine"] == "local" and info["workers"] == 1
    assert "engine" not in run.report and "seconds" not in json.dumps(run.report)


def test_no_temporary_files_are_left_behind(run: Run) -> None:
    leftovers = [p for p in Path(run.out).rglob("*.tmp")]
    assert leftovers == []


def test_slot_column_shows_only_slots_filled_with_words() -> None:
    from compare.batch.report_html import _worded, _words

    assert _words("助企解困活动") and _words("AB") and not _words("和") and not _words("")
    assert _worded([(1, ("助企解困活动",)), (2, ("换届工作",)), (3, ("和",))])
    assert not _worded([(1, ("和",)), (2, ("",)), (3, ("安排",))])
