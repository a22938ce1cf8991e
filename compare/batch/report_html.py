"""report.html: families with their template and members, near copies, stock phrases.

Families are shown as the hierarchy they form: each outline family (a shared
plan) with its template at the top level, followed, indented, by the template
families inside it, each with its template at every level.

Every member is linked to its diff against the family's anchor, and every near
copy to the diff of the pair: the pages under ``diffs/`` are rendered by the same
renderer as ``speechdiff diff --format html`` (:func:`compare.render.html.render_html`
on :func:`compare.graph.comparison_graph` of :func:`compare.align.align`). Diffs
of full speeches cost far more than the batch itself, so they are bounded three
ways (:func:`render_pages`): at most ``max_diffs`` pages (anchor pairs of the
largest families first), none for a speech over :data:`MAX_DIFF_CHARS`
characters, and no new page once ``seconds`` have been spent on them. The others
are listed without a link, and the page says why. Pages of earlier runs that
this run did not render are removed. All corpus text is escaped with
:func:`html.escape`.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Document
from ..parse import parse_bytes, parse_text
from ..textio import InputError, decode_bytes, read_bytes
from . import atomic
from .engines import Engine
from .pipeline import BatchResult, FamilyResult, Speech
from .progress import Progress
from .template import SLOT, TemplatePart

__all__ = [
    "DIFF_SECONDS",
    "MAX_DIFF_CHARS",
    "Pages",
    "diff_pairs",
    "render_diff",
    "render_pages",
    "renderer_available",
    "write_html",
]

_PASSAGE_ROWS = 300
DIFF_SECONDS = 30.0  # default time budget for the diff pages (--diff-seconds)
MAX_DIFF_CHARS = 200_000  # a longer speech gets no diff page (its alignment alone takes long)
_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:72rem;color:#222}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ddd;padding:.2rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}.slot{background:#ffe9a8;padding:0 .2rem}
.tpl li{margin:.2rem 0}.muted{color:#777}.family{margin-bottom:2rem}code{font-size:.9em}
.subfamilies{margin-left:2rem;border-left:3px solid #ddd;padding-left:1rem}
"""


def renderer_available() -> bool:
    """Whether the alignment engine and its HTML renderer are installed."""
    try:
        from ..align import align  # noqa: F401
        from ..graph import comparison_graph  # noqa: F401
        from ..render.html import render_html  # noqa: F401
    except ImportError:
        return False
    return True


# (source, the file's bytes, speech index), or for a big file (source, the speech's
# own text, -1): a 200 MB compilation is not parsed again for each of its pages.
Side = tuple[str, bytes | str, int]
_WHOLE_FILE = 4 << 20


def _document(side: Side) -> Document:
    source, data, index = side
    if isinstance(data, str):
        parsed = parse_text(data, source=source)
        return max(parsed.documents, key=lambda d: d.span[1] - d.span[0])
    return parse_bytes(data, source).documents[index]  # text, .docx or PDF


def render_diff(a: Side, b: Side) -> tuple[str, bytes] | None:
    """Worker task: the diff of speech ``a`` against ``b`` (see :data:`Side`), as an HTML
    page and as the Word 修改对照表 (``diff --format docx``)."""
    from ..align import align
    from ..graph import comparison_graph
    from ..render.html import render_html
    from ..render.word import render_docx

    try:
        docs = [_document(a), _document(b)]
        graph = comparison_graph(align(docs[0], docs[1]), source_a=a[0], source_b=b[0])
        out = render_html(graph), render_docx(graph)
    except Exception:  # one pair that fails to render must not sink the report
        return None
    return out


def diff_pairs(result: BatchResult, *, max_diffs: int) -> list[tuple[int, int]]:
    """Pairs to render: each family's members against its anchor, then near copies."""
    wanted: list[tuple[int, int]] = []
    for fam in sorted(result.families, key=lambda f: (-len(f.family.members), f.id)):
        wanted.extend((fam.family.anchor, m) for m in fam.family.members if m != fam.family.anchor)
    wanted.extend((a, b) for a, b, _ in result.near)
    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    for p in wanted:
        if p not in seen and len(out) < max_diffs:
            seen.add(p)
            out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class Pages:
    """The diff pages rendered, and how many wanted pages were not (and why)."""

    rendered: dict[tuple[int, int], tuple[str, bytes]]  # (HTML page, .docx table)
    wanted: int
    too_long: int = 0
    out_of_time: int = 0
    failed: int = 0

    def note(self) -> str:
        parts = []
        if self.too_long:
            parts.append(f"{self.too_long} for speeches over {MAX_DIFF_CHARS:,} characters")
        if self.out_of_time:
            parts.append(
                f"{self.out_of_time} once the time for diff pages ran out (--diff-seconds)"
            )
        if self.failed:
            parts.append(f"{self.failed} that could not be rendered")
        return ("No diff page " + ", ".join(parts) + ".") if parts else ""


def render_pages(
    result: BatchResult,
    pairs: Sequence[tuple[int, int]],
    engine: Engine,
    progress: Progress,
    *,
    seconds: float = DIFF_SECONDS,
) -> Pages:
    """Render the diff pages of ``pairs`` through ``engine``, within ``seconds``.

    Tasks are handed out lazily, so once the time is spent no new page starts
    (the few in flight finish). Which pages made it depends on the machine's speed,
    so report.html may differ between runs; report.json never does.
    """
    sp = result.speeches
    blobs: dict[str, bytes | str] = {}
    kept: list[tuple[int, int]] = []
    skipped = {"long": 0, "time": 0}
    deadline = time.monotonic() + seconds

    def load(i: int) -> Side:
        src = sp[i].source
        if src not in blobs:
            if len(blobs) >= 4:  # pairs come anchor by anchor: a few files, never all
                blobs.pop(next(iter(blobs)))
            raw = read_bytes(src)
            blobs[src] = raw if len(raw) <= _WHOLE_FILE else decode_bytes(raw, src)[0]
        held = blobs[src]
        if isinstance(held, str):
            lo, hi = sp[i].record.span
            return src, held[lo:hi], -1
        return src, held, sp[i].record.index

    def tasks() -> Iterator[tuple[Side, Side]]:
        for n, (a, b) in enumerate(pairs):
            if time.monotonic() > deadline:
                skipped["time"] = len(pairs) - n
                return
            if max(sp[a].record.chars, sp[b].record.chars) > MAX_DIFF_CHARS:
                skipped["long"] += 1
                progress.advance()
                continue
            try:
                task = (load(a), load(b))
            except InputError:
                continue
            kept.append((a, b))
            yield task

    progress.stage("diff pages", len(pairs), unit="pages")
    pages = engine.run(render_diff, tasks(), on_done=lambda _i, _r: progress.advance())
    progress.end()
    rendered = {p: page for p, page in zip(kept, pages, strict=True) if page}
    return Pages(
        rendered,
        len(pairs),
        too_long=skipped["long"],
        out_of_time=skipped["time"],
        failed=len(kept) - len(rendered),
    )


def diff_name(speeches: Sequence[Speech], a: int, b: int, ext: str = "html") -> str:
    return f"diffs/{speeches[a].id}-{speeches[b].id}.{ext}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _heading(text: str) -> str:
    return f'<span class="slot">{_e(SLOT)}</span>'.join(_e(p) for p in text.split(SLOT))


def _words(text: str) -> bool:
    """A slot fill that says something: two letters or characters at least (not ``和``)."""
    return sum(ch.isalnum() for ch in text) >= 2


def _worded(fills: Sequence[tuple[int, Sequence[str]]]) -> bool:
    """A template part worth a slot column: most members fill its slots with words."""
    if not fills:
        return False
    filled = sum(1 for _, texts in fills if any(_words(x) for x in texts))
    return filled * 2 >= len(fills)


def _link(speeches: Sequence[Speech], a: int, b: int, rendered: set[tuple[int, int]]) -> str:
    if (a, b) in rendered:
        page, table = diff_name(speeches, a, b), diff_name(speeches, a, b, "docx")
        return f'<a href="{_e(page)}">diff</a> · <a href="{_e(table)}">对照表.docx</a>'
    return '<span class="muted">—</span>'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _parts(parts: Sequence[TemplatePart]) -> str:
    """The template as nested lists: marker, heading with its slots, support and roles."""
    items = []
    for p in parts:
        roles = f", {_e(', '.join(p.roles))}" if p.roles else ""
        below = f'<ol class="tpl">{_parts(p.children)}</ol>' if p.children else ""
        items.append(
            f"<li>{_e(p.marker)} {_heading(p.heading)} "
            f'<span class="muted">({p.support:.0%}{roles})</span>{below}</li>'
        )
    return "".join(items)


def _family(fam: FamilyResult, sp: Sequence[Speech], rendered: set[tuple[int, int]]) -> str:
    f, t = fam.family, fam.template
    fills: dict[int, list[str]] = {}
    for top in t.parts:
        for p in top.walk():
            if not _worded(p.fills):
                continue  # members put a particle or nothing there: noise, not a slot
            for m, texts in p.fills:
                if any(_words(x) for x in texts):
                    fills.setdefault(m, []).append(
                        f"{_e(p.id)}: " + " | ".join(_e(x) for x in texts)
                    )
    rows = [
        [
            _e(sp[m].id) + (" (anchor)" if m == f.anchor else ""),
            _e(sp[m].source) + f" #{sp[m].record.index}",
            _e(sp[m].record.title),
            f"{score:.2f}",
            "<br>".join(fills.get(m, [])),
            "" if m == f.anchor else _link(sp, f.anchor, m, rendered),
        ]
        for m, score in zip(f.members, f.scores, strict=True)
    ]
    kind = "plan (outline family)" if fam.level == "outline" else "template family"
    up = f' in <a href="#{_e(fam.parent)}">{_e(fam.parent)}</a>' if fam.parent else ""
    return (
        f'<div class="family {_e(fam.level)}" id="{_e(fam.id)}"><h3>{_e(fam.id)}: {kind}{up}, '
        f"{len(f.members)} speeches, cohesion {f.cohesion:.2f}</h3>"
        f'<ol class="tpl">{_parts(t.parts)}</ol>'
        + _table(["speech", "source", "title", "score", "slots", "diff"], rows)
        + "</div>"
    )


def _families(result: BatchResult, rendered: set[tuple[int, int]]) -> str:
    """Outline families, each followed by the template families inside it (indented)."""
    sp = result.speeches
    by_id = {fam.id: fam for fam in result.families}
    out = []
    for fam in result.families:
        if fam.level != "outline":
            continue
        subs = "".join(_family(by_id[s], sp, rendered) for s in fam.subfamilies if s in by_id)
        inner = f'<div class="subfamilies">{subs}</div>' if subs else ""
        out.append(f'<section class="plan">{_family(fam, sp, rendered)}{inner}</section>')
    return "".join(out) or '<p class="muted">No families.</p>'


def write_html(
    result: BatchResult,
    out_dir: str | Path,
    *,
    rendered: dict[tuple[int, int], tuple[str, bytes]],
    note: str = "",
) -> Path:
    """Write report.html and the rendered diff pages; returns the report's path."""
    out = Path(out_dir)
    sp = result.speeches
    for (a, b), (page, table) in sorted(rendered.items()):
        atomic.write_text(out / diff_name(sp, a, b), page, durable=False)
        atomic.write_bytes(out / diff_name(sp, a, b, "docx"), table)
    # The folder holds this run's pages only: those of documents no longer there go.
    for ext in ("html", "docx"):
        keep = {Path(diff_name(sp, a, b, ext)).name for a, b in rendered}
        atomic.remove_stale(out / "diffs", f"*.{ext}", keep)
    done = set(rendered)
    near_rows = [
        [
            _e(sp[a].id),
            _e(sp[a].source),
            _e(sp[b].id),
            _e(sp[b].source),
            f"{sim:.3f}",
            _link(sp, a, b, done),
        ]
        for a, b, sim in result.near
    ]
    stock_rows = [[_e(s.text), str(s.documents), _e(sp[s.example].id)] for s in result.stock]
    top = sorted(result.passages, key=lambda p: (-p.chars, p.a, p.b, p.a_span))[:_PASSAGE_ROWS]
    passage_rows = [
        [
            _e(sp[p.a].id),
            f"{p.a_span[0]}–{p.a_span[1]}",
            _e(sp[p.b].id),
            f"{p.b_span[0]}–{p.b_span[1]}",
            str(p.chars),
            f"{p.similarity:.2f}",
        ]
        for p in top
    ]
    error_rows = [[_e(src), _e(err)] for src, err in result.errors]
    body = (
        f"<h1>speechdiff batch report</h1><p>{len(sp)} speeches, "
        f"{sum(1 for f in result.families if f.level == 'outline')} plans (outline families), "
        f"{sum(1 for f in result.families if f.level == 'template')} template families, "
        f"{len(result.near)} near-duplicate pairs, {len(result.passages)} reused passages, "
        f"{len(result.stock)} stock phrases, {len(result.errors)} errors.</p>"
        + (f'<p class="muted">{_e(note)}</p>' if note else "")
        + "<h2>Families</h2>"
        + _families(result, done)
        + "<h2>Near-duplicates</h2>"
        + '<p class="muted">Whole-text similarity: the two speeches\' texts compared '
        "character by character (width folded, spaces removed: 2·LCS / (|a| + |b|)). The "
        "diff pages state a text similarity computed over aligned sections instead, so the "
        "two can differ slightly for the same pair (docs/batch.md).</p>"
        + _table(["a", "source", "b", "source", "whole-text similarity", "diff"], near_rows)
        + "<h2>Stock phrases</h2>"
        + _table(["text", "speeches", "e.g."], stock_rows)
        + f"<h2>Reused passages</h2><p>The {len(top)} longest of {len(result.passages)}; "
        "all are in passages.csv.</p>"
        + _table(["a", "a chars", "b", "b chars", "length", "similarity"], passage_rows)
        + "<h2>Errors</h2>"
        + _table(["source", "error"], error_rows)
    )
    page = (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>speechdiff batch report</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
    path = out / "report.html"
    atomic.write_text(path, page)
    return path
