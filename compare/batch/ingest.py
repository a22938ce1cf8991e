"""Inputs: paths, folders and globs in; one :class:`FileRecord` per file out.

Two promises hold here. **Nothing is dropped silently**: every path the user
names either yields files or an error entry (``no such file``, ``no match``), and
every file yields speeches or an error entry (unreadable, binary, empty, no
speech found). Hidden files and folders met while walking a folder are listed
as skipped, not forgotten. **One bad file never stops the run**: the per-file
task turns every failure, even a parser bug, into that file's error.

The per-file task (:func:`analyse`) is a pure function of the file's bytes, so a
local process pool and a dask cluster run it alike and its result can be cached
under the bytes' digest.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import pickle
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..extract import extract, without_furniture
from ..model import Document, ParsedFile
from ..parse import parse_text, undecodable_note, with_replaced
from ..textio import InputError, file_kind, os_reason
from .canon import canonical, key
from .clauses import clause_table
from .passages import seed_table, skeleton_spans, speech_tokens
from .records import DocRecord, FileRecord
from .signatures import signature, skeleton_document
from .sketch import minhash, shingle_hashes

__all__ = [
    "SHINGLE",
    "Inputs",
    "analyse",
    "describe",
    "digest_of",
    "expand_inputs",
    "speech_key",
]

SHINGLE = 5  # characters per shingle in the whole-speech sketch
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files to read, and the named paths that gave none (with the reason)."""

    files: tuple[str, ...]
    errors: tuple[tuple[str, str], ...] = ()
    skipped: tuple[str, ...] = field(default_factory=tuple)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _special(path: str) -> str | None:
    """Why a file met while walking a folder is not read (a FIFO, a device), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # a dangling link or a vanished file: the reader says so
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"not a regular file ({file_kind(mode)})"


def _walk(
    root: str,
    exclude: set[str],
    files: list[str],
    skipped: list[str],
    errors: list[tuple[str, str]],
) -> None:
    """Files under ``root``; pipes and devices found there become errors (never read)."""
    for here, dirs, names in os.walk(root):
        keep = []
        for d in sorted(dirs):
            full = os.path.join(here, d)
            if os.path.realpath(full) in exclude:
                continue
            if _hidden(d):
                skipped.append(full)
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            full = os.path.join(here, name)
            if _hidden(name):
                skipped.append(full)
            elif (why := _special(full)) is not None:
                errors.append((full, why))
            else:
                files.append(full)


def expand_inputs(paths: Sequence[str], *, exclude: Sequence[str] = ()) -> Inputs:
    """Files named by ``paths`` (files, folders walked recursively, glob patterns).

    ``exclude`` lists folders never to enter (the output folder, when it lies
    inside an input folder). Files are deduplicated by real path and keep the
    spelling under which they were first found; order follows the arguments,
    folder contents sorted by name.
    """
    excluded = {os.path.realpath(p) for p in exclude}
    found: list[str] = []
    errors: list[tuple[str, str]] = []
    skipped: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            _walk(path, excluded, found, skipped, errors)
        elif os.path.exists(path):
            found.append(path)
        elif _GLOB.search(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                errors.append((path, "no match"))
            for m in matches:
                if os.path.isdir(m):
                    _walk(m, excluded, found, skipped, errors)
                else:
                    found.append(m)
        else:
            errors.append((path, "no such file"))
    seen: set[str] = set()
    files: list[str] = []
    for f in found:
        real = os.path.realpath(f)
        if real not in seen:
            seen.add(real)
            files.append(f)
    return Inputs(tuple(files), tuple(errors), tuple(skipped))


def digest_of(data: bytes) -> str:
    """Content key of a file: identical bytes share one cache entry."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def speech_key(text: str, doc: Document) -> str:
    """The canonical text of one speech (what near-duplicate verification compares)."""
    lo, hi = doc.span
    return key(canonical(text[lo:hi]))


def _outline_spans(doc: Document) -> list[tuple[int, int]]:
    """Title and section headings: the skeleton, not prose that can be reused."""
    spans = [s.heading_span for s in doc.walk()]
    if doc.title_part is not None:
        spans.append(doc.title_part.span)
    return spans


def _skipped(parsed: ParsedFile, doc: Document) -> tuple[tuple[int, int], ...]:
    """File spans the passages leave out: the skeleton, and the noise the parser removed
    (a PDF's column of line numbers is the same in every bill of a state)."""
    lo, hi = doc.span
    noise = [r.span for r in parsed.removed if r.span[0] < hi and r.span[1] > lo]
    return tuple(sorted({*skeleton_spans(doc), *noise}))


def describe(parsed: ParsedFile, doc: Document) -> DocRecord:
    """The :class:`DocRecord` of one parsed speech."""
    lo, hi = doc.span
    raw = parsed.text[lo:hi]
    canon = canonical(raw)
    body = key(canon)
    skip = _skipped(parsed, doc)
    tokens = speech_tokens(canon, lo, skip)
    return DocRecord(
        index=doc.index,
        title=doc.title,
        span=doc.span,
        chars=len(body),
        sections=sum(1 for _ in doc.walk()),
        signature=signature(doc),
        sketch=minhash(shingle_hashes(body, SHINGLE)),
        sentences=clause_table(raw, canon, lo, _outline_spans(doc)),
        skeleton_blob=pickle.dumps(skeleton_document(doc), protocol=pickle.HIGHEST_PROTOCOL),
        seeds=seed_table(tokens),
        tokens=len(tokens),
        latin=tokens.latin,
        skip=skip,
    )


def analyse(source: str, data: bytes | None) -> FileRecord:
    """Read (unless ``data`` is given), decode, parse and describe one file. Never raises.

    ``data`` is passed when the caller already holds the bytes (it had to hash
    them for the cache, and a remote worker may not see the caller's disk).
    """
    try:
        if data is None:
            with open(source, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        return FileRecord(source, "", "", error=f"cannot read: {os_reason(exc)}")
    digest = digest_of(data)
    try:
        got = extract(data, source)  # text, .docx or PDF, told apart by the bytes
    except InputError as exc:
        return FileRecord(source, digest, "", error=exc.reason)
    encoding = got.encoding or got.format
    try:
        parsed = with_replaced(parse_text(got.text, source=source, **got.options()), got.replaced)
        # A PDF's running headers and page numbers are no part of the speech's words.
        described = dataclasses.replace(parsed, text=without_furniture(parsed.text, parsed.removed))
        docs = tuple(describe(described, d) for d in parsed.documents)
    except Exception as exc:  # a parser bug must cost one file, not the run
        return FileRecord(
            source, digest, encoding, error=f"parser failed: {type(exc).__name__}: {exc}"
        )
    warning = undecodable_note(parsed) or None
    if not docs:
        return FileRecord(source, digest, encoding, error="no speech found", warning=warning)
    return FileRecord(source, digest, encoding, docs, warning=warning)
