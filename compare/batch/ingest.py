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

import glob
import hashlib
import os
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import Document, ParsedFile
from ..parse import parse_text
from ..textio import InputError, decode_bytes
from .canon import BLANK, canonical, key
from .records import DocRecord, FileRecord, Sentences
from .signatures import signature, skeleton_document
from .sketch import minhash, shingle_hashes

__all__ = [
    "MIN_SENTENCE",
    "SHINGLE",
    "Inputs",
    "analyse",
    "describe",
    "digest_of",
    "expand_inputs",
    "speech_key",
]

SHINGLE = 5  # characters per shingle in the whole-speech sketch
MIN_SENTENCE = 12  # canonical characters: shorter clauses are too common to mean reuse
_GLOB = re.compile(r"[*?\[]")
# Reuse is tracked clause by clause: stock phrases are clauses (``坚持以……为指导``)
# followed by words that differ, so whole sentences would rarely match.
_CLAUSE_END = re.compile(r"[。！？；!?;，,：:\n\r]+")


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files to read, and the named paths that gave none (with the reason)."""

    files: tuple[str, ...]
    errors: tuple[tuple[str, str], ...] = ()
    skipped: tuple[str, ...] = field(default_factory=tuple)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: str, exclude: set[str], files: list[str], skipped: list[str]) -> None:
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
            (skipped if _hidden(name) else files).append(full)


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
            _walk(path, excluded, found, skipped)
        elif os.path.exists(path):
            found.append(path)
        elif _GLOB.search(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                errors.append((path, "no match"))
            for m in matches:
                if os.path.isdir(m):
                    _walk(m, excluded, found, skipped)
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


def _sentences(text: str, canon: str, offset: int, skip: Sequence[tuple[int, int]]) -> Sentences:
    """Clauses of one speech (``text`` starts at file offset ``offset``).

    Clauses inside ``skip`` (section headings, as file spans) are left out: a
    heading is part of the skeleton, which the family stage reports, not prose.
    """
    hashes: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    lengths: list[int] = []
    heading_at = sorted(skip)
    h = 0
    pos = 0
    bounds = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(text)]
    bounds.append((len(text), len(text)))
    for stop, resume in bounds:
        # Keep the clause's final mark with it: it is part of the span.
        end = stop + 1 if stop < len(text) else stop
        piece = canon[pos:end]
        k = key(piece)
        if len(k) >= MIN_SENTENCE:
            lead = len(piece) - len(piece.lstrip(BLANK))
            trail = len(piece.rstrip(BLANK))
            lo, hi = offset + pos + lead, offset + pos + trail
            while h < len(heading_at) and heading_at[h][1] <= lo:
                h += 1
            if not (h < len(heading_at) and heading_at[h][0] < hi):
                hashes.append(
                    int.from_bytes(
                        hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "little"
                    )
                )
                starts.append(lo)
                ends.append(hi)
                lengths.append(len(k))
        pos = resume
    return Sentences(
        np.array(hashes, dtype=np.uint64),
        np.array(starts, dtype=np.int32),
        np.array(ends, dtype=np.int32),
        np.array(lengths, dtype=np.int32),
    )


def describe(parsed: ParsedFile, doc: Document) -> DocRecord:
    """The :class:`DocRecord` of one parsed speech."""
    lo, hi = doc.span
    raw = parsed.text[lo:hi]
    canon = canonical(raw)
    body = key(canon)
    return DocRecord(
        index=doc.index,
        title=doc.title,
        span=doc.span,
        chars=len(body),
        sections=sum(1 for _ in doc.walk()),
        signature=signature(doc),
        sketch=minhash(shingle_hashes(body, SHINGLE)),
        sentences=_sentences(raw, canon, lo, [s.heading_span for s in doc.walk()]),
        skeleton_blob=pickle.dumps(skeleton_document(doc), protocol=pickle.HIGHEST_PROTOCOL),
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
        return FileRecord(source, "", "", error=f"cannot read: {exc.strerror or exc}")
    digest = digest_of(data)
    try:
        text, encoding = decode_bytes(data, source)
    except InputError as exc:
        return FileRecord(source, digest, "", error=exc.reason)
    try:
        parsed = parse_text(text, source=source, encoding=encoding)
        docs = tuple(describe(parsed, d) for d in parsed.documents)
    except Exception as exc:  # a parser bug must cost one file, not the run
        return FileRecord(
            source, digest, encoding, error=f"parser failed: {type(exc).__name__}: {exc}"
        )
    if not docs:
        return FileRecord(source, digest, encoding, error="no speech found")
    return FileRecord(source, digest, encoding, docs)
