"""Writing the results: report.json, three CSV files and run.json, each atomically.

``run.json`` is written last (:func:`write_run`), after everything else, and the
command removes the old one before a run starts: a folder with ``run.json``
holds one finished run, whole. CSV cells that a spreadsheet would run as a
formula (starting ``=`` ``+`` ``-`` ``@``, tab or carriage return: the OWASP
CSV-injection rule) get a leading ``'``.

``report.json`` follows the contract in the README and docs/batch.md (``documents``, ``families``,
``near_duplicates``, ``reused_passages``, ``errors``) and adds ``stock_phrases``,
``skipped`` and ``settings``, plus per-family ``anchor``, ``cohesion`` and
``slots``. It holds nothing that depends on how the run was executed (engine,
workers, timings, cache hits): the same corpus and settings give the same bytes.
Those facts go to ``run.json``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import atomic
from .pipeline import BatchResult, FamilyResult, Speech
from .template import TemplatePart

__all__ = ["RUN_FILE", "csv_cell", "report_json", "write_report", "write_run"]

RUN_FILE = "run.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

SCHEMA = "speechdiff.batch/1"


def _doc_ids(result: BatchResult) -> list[str]:
    return [s.id for s in result.speeches]


def _section_json(p: TemplatePart) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.id,
        "level": p.level,
        "marker": p.marker,
        "heading": p.heading,
        "slots": p.slots,
        "support": round(p.support, 4),
        "roles": list(p.roles),
    }
    if p.children:
        out["children"] = [_section_json(c) for c in p.children]
    return out


def _family_json(fam: FamilyResult, ids: Sequence[str]) -> dict[str, Any]:
    f, t = fam.family, fam.template
    slots: dict[str, dict[str, list[str]]] = {}
    for top in t.parts:
        for part in top.walk():
            for member, fills in part.fills:
                if part.slots:
                    slots.setdefault(ids[member], {})[part.id] = list(fills)
    out: dict[str, Any] = {"id": fam.id, "level": fam.level}
    if fam.parent is not None:
        out["parent"] = fam.parent
    if fam.level == "outline":
        out["subfamilies"] = list(fam.subfamilies)
    out.update(
        {
            "members": [ids[m] for m in f.members],
            "anchor": ids[f.anchor],
            "size": len(f.members),
            "cohesion": round(f.cohesion, 4),
            "scores": {ids[m]: s for m, s in zip(f.members, f.scores, strict=True)},
            "template": {"sections": [_section_json(p) for p in t.parts]},
            "slots": slots,
        }
    )
    return out


def report_json(result: BatchResult) -> dict[str, Any]:
    """The ``report.json`` object."""
    ids = _doc_ids(result)
    outline_of = {
        m: f.id for f in result.families if f.level == "outline" for m in f.family.members
    }
    template_of = {
        m: f.id for f in result.families if f.level == "template" for m in f.family.members
    }
    documents = [
        {
            "id": s.id,
            "source": s.source,
            "index": s.record.index,
            "title": s.record.title,
            "span": list(s.record.span),
            "chars": s.record.chars,
            "sections": s.record.sections,
            "family": template_of.get(i, outline_of.get(i)),
            "families": {"outline": outline_of.get(i), "template": template_of.get(i)},
        }
        for i, s in enumerate(result.speeches)
    ]
    return {
        "schema": SCHEMA,
        "documents": documents,
        "families": [_family_json(f, ids) for f in result.families],
        "near_duplicates": [
            {"a": ids[a], "b": ids[b], "similarity": sim} for a, b, sim in result.near
        ],
        "reused_passages": [
            {
                "a": ids[p.a],
                "a_span": list(p.a_span),
                "b": ids[p.b],
                "b_span": list(p.b_span),
                "similarity": p.similarity,
                "chars": p.chars,
                "tokens": p.tokens,
            }
            for p in result.passages
        ],
        "stock_phrases": [
            {
                "text": s.text,
                "documents": s.documents,
                "example": ids[s.example],
                "span": list(s.span),
            }
            for s in result.stock
        ],
        "errors": [{"source": src, "error": err} for src, err in result.errors],
        "warnings": [{"source": src, "warning": w} for src, w in result.warnings],
        "skipped": list(result.skipped),
        "settings": result.settings,
    }


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text, never runs (numbers pass unchanged)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buf.getvalue()


def _member_rows(result: BatchResult) -> Iterable[list[Any]]:
    speeches: Sequence[Speech] = result.speeches
    for fam in result.families:
        fills: dict[int, list[str]] = {}
        for top in fam.template.parts:
            for part in top.walk():
                for member, texts in part.fills:
                    if part.slots:
                        fills.setdefault(member, []).append(f"{part.id}: " + " | ".join(texts))
        for m, score in zip(fam.family.members, fam.family.scores, strict=True):
            s = speeches[m]
            yield [
                fam.id,
                fam.level,
                fam.parent or "",
                len(fam.family.members),
                s.id,
                s.source,
                s.record.index,
                s.record.title,
                "yes" if m == fam.family.anchor else "",
                score,
                "; ".join(fills.get(m, [])),
            ]


def write_run(out_dir: str | Path, info: dict[str, Any]) -> Path:
    """Write run.json: the last file of a run, the mark that it is complete."""
    path = Path(out_dir) / RUN_FILE
    atomic.write_text(path, json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    return path


def write_report(result: BatchResult, out_dir: str | Path) -> list[Path]:
    """Write report.json, families.csv, near_duplicates.csv and passages.csv."""
    out = Path(out_dir)
    ids = _doc_ids(result)
    sp = result.speeches
    files = {
        "report.json": json.dumps(report_json(result), ensure_ascii=False, indent=1) + "\n",
        "families.csv": _csv(
            [
                "family",
                "level",
                "parent",
                "size",
                "document",
                "source",
                "index",
                "title",
                "anchor",
                "score",
                "slots",
            ],
            _member_rows(result),
        ),
        "near_duplicates.csv": _csv(
            ["a", "a_source", "a_index", "b", "b_source", "b_index", "similarity"],
            (
                [
                    ids[a],
                    sp[a].source,
                    sp[a].record.index,
                    ids[b],
                    sp[b].source,
                    sp[b].record.index,
                    sim,
                ]
                for a, b, sim in result.near
            ),
        ),
        "passages.csv": _csv(
            [
                "a",
                "a_source",
                "a_start",
                "a_end",
                "b",
                "b_source",
                "b_start",
                "b_end",
                "similarity",
                "chars",
                "tokens",
            ],
            (
                [
                    ids[p.a],
                    sp[p.a].source,
                    *p.a_span,
                    ids[p.b],
                    sp[p.b].source,
                    *p.b_span,
                    p.similarity,
                    p.chars,
                    p.tokens,
                ]
                for p in result.passages
            ),
        ),
    }
    written = []
    for name, text in files.items():
        atomic.write_text(out / name, text)
        written.append(out / name)
    return written
