"""What the per-file stage hands to the corpus stages: small, picklable records.

A worker parses one file and keeps only what later stages need, so that 50,000
speeches fit in memory on one machine and travel cheaply between processes:

- the skeleton (headings only) as a pickled :class:`~compare.model.Document`,
  unpickled only for the few pairs the alignment engine verifies;
- the skeleton :class:`~compare.batch.signatures.Signature`;
- a MinHash sketch of the whole speech (near-duplicates);
- a table of its clauses: hash of the canonical text, span in the file, length
  (stock phrases);
- a sample of its token n-grams (``seeds``), the number of its tokens and its
  script, and the spans of its title and headings (reused passages: see
  :mod:`compare.batch.passages`).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..model import Document, Span
from .signatures import Signature
from .sketch import U64

__all__ = ["DocRecord", "FileRecord", "Sentences"]

I32 = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True, eq=False)
class Sentences:
    """Sentence units of one speech, column-wise.

    ``starts``/``ends`` are offsets into the decoded file text (not the speech), so
    a reused passage's span can be given as the contract asks; ``lengths`` count
    canonical characters (what two copies have in common, spaces and width aside).
    """

    hashes: U64
    starts: I32
    ends: I32
    lengths: I32

    def __len__(self) -> int:
        return len(self.hashes)


@dataclass(frozen=True, slots=True, eq=False)
class DocRecord:
    """One speech found in a file, as the corpus stages see it."""

    index: int
    title: str
    span: Span
    chars: int  # canonical characters: the speech's size without spaces
    sections: int
    signature: Signature
    sketch: U64
    sentences: Sentences
    skeleton_blob: bytes
    seeds: npt.NDArray[np.uint32] = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    tokens: int = 0  # tokens of the speech, title and headings left out
    latin: bool = False  # words (Latin script) rather than characters (Chinese)
    skip: tuple[tuple[int, int], ...] = ()  # file spans of the title and headings

    def skeleton(self) -> Document:
        """The headings-only :class:`~compare.model.Document` given to the aligner."""
        doc = pickle.loads(self.skeleton_blob)
        assert isinstance(doc, Document)
        return doc


@dataclass(frozen=True, slots=True, eq=False)
class FileRecord:
    """Everything the batch keeps about one input file: its speeches or its error.

    ``source`` is the path as the user gave it (or as a folder walk found it); the
    record cached under the file's content digest is stored with the source the
    file had then and re-labelled on reuse.
    """

    source: str
    digest: str
    encoding: str
    documents: tuple[DocRecord, ...] = ()
    error: str | None = None
    warning: str | None = None  # read, but not quite whole (bytes replaced in decoding)
