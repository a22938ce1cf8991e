"""Edited pairs of real speeches, with the true section correspondence, for benchmarks.

Usage: python bench/editgen.py [--pairs N] [--seed S]   (prints a summary of a few pairs)

Each pair is ``(a, b, gold)``: ``a`` is a speech as the parser read it from
``fixtures/``, ``b`` is a copy edited at the section level the way drafters
revise speeches, and ``gold`` is the set of ``(a_id, b_id)`` pairs that truly
correspond (a split gives two pairs sharing ``a_id``, a merge two sharing
``b_id``; deleted and inserted sections appear in no pair).

Edits (several per pair, drawn at random):

- structural: move a section among its siblings or to another parent, delete
  one, insert one taken from a *different* speech, split a section in two (the
  second half gets a new heading), merge two neighbours, promote a subsection
  next to its parent, demote a section under its previous sibling, renumber
  (marker styles change: ``（一）`` → ``1.`` → ``一是``);
- wording: headings rewritten heavily (synonyms from the register of official
  speeches, clauses swapped, template rewrites such as ``加强X`` → ``以X为抓手``,
  a clause dropped or replaced by a stock phrase) and bodies reworded (synonyms,
  clauses swapped inside sentences, sentences reordered, dropped or added).

``Settings.hard()`` (the adversarial mode ``bench/align.py`` also reports) adds what
real revisions do that the edits above never did: heading characters replaced at
10-50% (a heading that shares few bigrams with its old self), a new parent inserted
over part of a list (the children move under it, the old parent's number shifts),
three neighbouring tasks regrouped into one, a split whose second half moves to
another parent, a task promoted to a part of its own with its neighbours as
children, and English documents (bills from ``../shared/corpora/us_model_bills``
when present, and ``fixtures/en``) reworded word by word. ``Settings.replacements``
(a variant, not the benchmark's hard mode) also replaces that many leaves in place
by another speech's: next year's new task in last year's slot, deleted and
inserted, never a pair.

``b`` is built directly as a :class:`compare.model.Document` (fresh ids and
markers; salutation, opening and closing kept, reworded like bodies), so parser
mistakes never blur the score of the aligner.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from rewording import (
    LEAD_VERBS,
    SENTENCE,
    STOCK_CLAUSES,
    erode,
    is_english,
    reword_body,
    reword_english,
    reword_heading,
)

from compare.model import Document, Part, Section
from compare.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

_MARKER_STYLES = [
    ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、"],
    [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
        "（七）",
        "（八）",
        "（九）",
        "（十）",
    ],
    ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9.", "10."],
    ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"],
    ["（1）", "（2）", "（3）", "（4）", "（5）", "（6）", "（7）", "（8）", "（9）", "（10）"],
]


@dataclass
class Node:
    """A section being edited; ``origin`` holds the ids of the ``a`` sections it came from."""

    heading: str
    text: str
    origin: set[str] = field(default_factory=set)
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class Pair:
    a: Document
    b: Document
    gold: frozenset[tuple[str, str]]
    ops: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Settings:
    """How hard the edits are. The defaults are the ones the benchmark reports."""

    structural: tuple[int, int] = (3, 7)  # number of structural edits per pair
    reword_headings: float = 0.9  # share of headings rewritten heavily
    reword_bodies: float = 0.9  # share of bodies reworded
    synonym_rate: float = 0.8  # chance each known word is swapped when rewording
    drop_sentence: float = 0.1  # chance a sentence of a reworded body is dropped
    add_sentence: float = 0.06  # chance a stock sentence is added after a sentence
    renumber: float = 0.5  # chance the marker styles of b differ from a
    heading_chars: tuple[float, float] = (0.0, 0.0)  # share of heading characters replaced
    hard_edits: bool = False  # also insert parents, regroup, split-and-move, promote with kids
    english: bool = False  # add English documents to the pool
    replacements: int = 0  # leaves replaced in place by another speech's leaf (new work, old slot)

    @staticmethod
    def hard() -> Settings:
        """The adversarial settings: every hard edit, headings eroded at 10-50%."""
        return Settings(heading_chars=(0.1, 0.5), hard_edits=True, english=True)


# -- structural edits --------------------------------------------------------------


def _tree(doc: Document) -> list[Node]:
    def conv(s: Section) -> Node:
        return Node(s.heading, s.text, {s.id}, [conv(c) for c in s.children])

    return [conv(s) for s in doc.sections]


def _lists(roots: list[Node]) -> list[list[Node]]:
    """Every sibling list (the top level and each section's children), non-empty only."""
    out = [roots]
    for r in roots:
        for n in r.walk():
            if n.children:
                out.append(n.children)
    return out


def _parent_list(roots: list[Node], node: Node) -> list[Node]:
    for lst in _lists(roots):
        if any(x is node for x in lst):
            return lst
    raise LookupError


def _new_heading(text: str, rng: random.Random) -> str:
    first = re.split(r"[，。；,]", text, maxsplit=1)[0]
    first = first[:18] if first else rng.choice(STOCK_CLAUSES)
    return rng.choice(LEAD_VERBS) + first


def _split_text(text: str) -> tuple[str, str] | None:
    paras = [p for p in text.split("\n") if p]
    if len(paras) >= 2:
        k = len(paras) // 2
        return "\n".join(paras[:k]), "\n".join(paras[k:])
    sents = [s for s in SENTENCE.findall(text) if s]
    if len(sents) >= 4:
        k = len(sents) // 2
        return "".join(sents[:k]), "".join(sents[k:])
    return None


def _leaf_runs(roots: list[Node], n: int) -> list[tuple[list[Node], int]]:
    """Every (sibling list, start) where ``n`` neighbouring sections have no children."""
    return [
        (lst, k)
        for lst in _lists(roots)
        for k in range(len(lst) - n + 1)
        if not any(lst[k + d].children for d in range(n))
    ]


def _fold_into(x: Node, y: Node) -> None:
    """Merge leaf ``y`` into ``x``: its heading and body become the end of x's body."""
    x.text = "\n".join(t for t in (x.text, y.heading + "。" + y.text) if t)
    x.origin |= y.origin


class Editor:
    """Applies random section-level edits to one speech."""

    def __init__(self, rng: random.Random, donors: list[Section]) -> None:
        self.rng = rng
        self.donors = donors
        self.ops: list[str] = []
        self.twin: Node | None = None  # the second half of the latest split

    def _pick(self, roots: list[Node], pred: object = None) -> Node | None:
        nodes = [n for r in roots for n in r.walk()]
        if callable(pred):
            nodes = [n for n in nodes if pred(n)]
        return self.rng.choice(nodes) if nodes else None

    def move(self, roots: list[Node]) -> bool:
        lists = [lst for lst in _lists(roots) if len(lst) >= 3]
        if not lists:
            return False
        lst = self.rng.choice(lists)
        i = self.rng.randrange(len(lst))
        node = lst.pop(i)
        j = self.rng.choice([k for k in range(len(lst) + 1) if k != i] or [i])
        lst.insert(j, node)
        self.ops.append("move")
        return True

    def move_across(self, roots: list[Node]) -> bool:
        parents = [n for r in roots for n in r.walk() if n.children]
        if len(parents) < 2:
            return False
        p, q = self.rng.sample(parents, 2)
        if any(x is q for x in p.walk()) or any(x is p for x in q.walk()):
            return False
        node = p.children.pop(self.rng.randrange(len(p.children)))
        q.children.insert(self.rng.randrange(len(q.children) + 1), node)
        self.ops.append("move-across")
        return True

    def delete(self, roots: list[Node]) -> bool:
        node = self._pick(roots, lambda n: not n.children)
        if node is None or sum(1 for r in roots for _ in r.walk()) < 4:
            return False
        _parent_list(roots, node).remove(node)
        self.ops.append("delete")
        return True

    def insert(self, roots: list[Node]) -> bool:
        donor = self.rng.choice(self.donors)
        node = Node(
            donor.heading, donor.text, set(), [Node(c.heading, c.text) for c in donor.children]
        )
        lst = self.rng.choice(_lists(roots))
        lst.insert(self.rng.randrange(len(lst) + 1), node)
        self.ops.append("insert")
        return True

    def split(self, roots: list[Node]) -> bool:
        node = self._pick(roots, lambda n: not n.children and _split_text(n.text) is not None)
        if node is None:
            return False
        first, second = _split_text(node.text) or ("", "")
        lst = _parent_list(roots, node)
        node.text = first
        twin = Node(_new_heading(second, self.rng), second, set(node.origin))
        lst.insert(next(k for k, x in enumerate(lst) if x is node) + 1, twin)
        self.twin = twin
        self.ops.append("split")
        return True

    def merge(self, roots: list[Node]) -> bool:
        options = _leaf_runs(roots, 2)
        if not options:
            return False
        lst, k = self.rng.choice(options)
        _fold_into(lst[k], lst.pop(k + 1))
        self.ops.append("merge")
        return True

    def promote(self, roots: list[Node]) -> bool:
        parents = [n for r in roots for n in r.walk() if n.children]
        if not parents:
            return False
        p = self.rng.choice(parents)
        node = p.children.pop(self.rng.randrange(len(p.children)))
        lst = _parent_list(roots, p)
        lst.insert(next(k for k, x in enumerate(lst) if x is p) + 1, node)
        self.ops.append("promote")
        return True

    def demote(self, roots: list[Node]) -> bool:
        if len(roots) < 3:
            return False
        k = self.rng.randrange(1, len(roots))
        node = roots.pop(k)
        roots[k - 1].children.append(node)
        self.ops.append("demote")
        return True


class HardEditor(Editor):
    """The edits real revisions make that the plain editor never does."""

    def replace(self, roots: list[Node]) -> bool:
        """A task dropped and a new one written in its place: another speech's leaf, at
        the same position under the same parent (next year's new work in last year's
        slot). Nothing links the two: the old one is deleted, the new one inserted."""
        node = self._pick(roots, lambda n: not n.children and n.origin)
        leaves = [c for d in self.donors for c in d.walk() if not c.children and c.text]
        if node is None or not leaves:
            return False
        donor = self.rng.choice(leaves)
        lst = _parent_list(roots, node)
        k = next(i for i, x in enumerate(lst) if x is node)
        lst[k] = Node(donor.heading, donor.text)
        self.ops.append("replace")
        return True

    def insert_parent(self, roots: list[Node]) -> bool:
        """A new part over a run of an existing part's children: they move under it."""
        parents = [n for r in roots for n in r.walk() if len(n.children) >= 3]
        if not parents:
            return False
        p = self.rng.choice(parents)
        lst = _parent_list(roots, p)
        k = next(i for i, x in enumerate(lst) if x is p)
        cut = self.rng.randrange(1, len(p.children))
        donor = self.rng.choice(self.donors)
        new = Node(donor.heading, donor.text[:200], set(), p.children[cut:])
        p.children = p.children[:cut]
        lst.insert(k + 1, new)
        self.ops.append("insert-parent")
        return True

    def regroup(self, roots: list[Node]) -> bool:
        """Three neighbouring leaf tasks become one."""
        options = _leaf_runs(roots, 3)
        if not options:
            return False
        lst, k = self.rng.choice(options)
        for y in (lst.pop(k + 1), lst.pop(k + 1)):
            _fold_into(lst[k], y)
        self.ops.append("regroup")
        return True

    def split_move(self, roots: list[Node]) -> bool:
        """A split whose second half goes to another parent."""
        if not self.split(roots):
            return False
        twin = self.twin
        assert twin is not None
        lst = _parent_list(roots, twin)
        others = [n for r in roots for n in r.walk() if n.children and n.children is not lst]
        self.ops[-1] = "split-move"
        if not others:
            return True  # nowhere to move it: a plain split
        lst.pop(next(k for k, x in enumerate(lst) if x is twin))
        q = self.rng.choice(others)
        q.children.insert(self.rng.randrange(len(q.children) + 1), twin)
        return True

    def promote_with_kids(self, roots: list[Node]) -> bool:
        """A task becomes a part of its own, and the task after it becomes its child."""
        parents = [n for n in roots if len(n.children) >= 3]
        if not parents:
            return False
        p = self.rng.choice(parents)
        k = self.rng.randrange(len(p.children) - 1)
        node = p.children.pop(k)
        node.children.append(p.children.pop(k))
        at = next(i for i, x in enumerate(roots) if x is p)
        roots.insert(at + 1, node)
        self.ops.append("promote-regroup")
        return True


def _build(
    roots: list[Node], title: str, rng: random.Random, renumber: bool
) -> tuple[Document, dict[int, str]]:
    styles = list(range(len(_MARKER_STYLES)))
    if renumber:
        rng.shuffle(styles)
    ids: dict[int, str] = {}

    def conv(nodes: list[Node], prefix: str, depth: int) -> tuple[Section, ...]:
        out = []
        style = _MARKER_STYLES[styles[min(depth - 1, len(styles) - 1)]]
        for k, n in enumerate(nodes, 1):
            sid = f"{prefix}{k}"
            ids[id(n)] = sid
            out.append(
                Section(
                    id=sid,
                    level=depth,
                    marker=style[(k - 1) % len(style)],
                    heading=n.heading,
                    text=n.text,
                    span=(0, 0),
                    heading_span=(0, 0),
                    children=conv(n.children, f"{sid}.", depth + 1),
                )
            )
        return tuple(out)

    sections = conv(roots, "", 1)
    return Document(index=0, title=title, span=(0, 0), sections=sections), ids


BILLS = ROOT.parent / "shared" / "corpora" / "us_model_bills"


def load_speeches(min_sections: int = 4, *, english: bool = False) -> list[tuple[str, Document]]:
    """Speeches from fixtures/ with enough structure to edit (duplicates dropped).

    ``english`` adds ``fixtures/en`` and, when the shared corpora are beside the
    repository, the US model bills.
    """
    out: list[tuple[str, Document]] = []
    seen: set[str] = set()
    paths = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "gwr").glob("*.txt"))
    if english:
        paths += sorted((FIXTURES / "en").glob("*")) + sorted(BILLS.glob("bill_*.txt"))[::3]
    for path in paths:
        for doc in parse_file(path).documents:
            n = sum(1 for _ in doc.walk())
            key = "|".join(s.heading for s in doc.walk())
            if n >= min_sections and key not in seen and len(doc.sections) >= 2:
                seen.add(key)
                out.append((f"{path.name}#{doc.index}", doc))
    return out


def make_pair(
    name: str, doc: Document, donors: list[Section], rng: random.Random, settings: Settings
) -> Pair:
    roots = _tree(doc)
    ed = HardEditor(rng, donors) if settings.hard_edits else Editor(rng, donors)
    edits = [
        ed.move,
        ed.move_across,
        ed.delete,
        ed.insert,
        ed.split,
        ed.merge,
        ed.promote,
        ed.demote,
    ]
    if isinstance(ed, HardEditor):
        edits += [ed.insert_parent, ed.regroup, ed.split_move, ed.promote_with_kids] * 2
    english = is_english(" ".join(s.heading + s.text for s in doc.walk()))
    want = rng.randint(*settings.structural)
    tries = 0
    while len(ed.ops) < want and tries < 40:
        rng.choice(edits)(roots)
        tries += 1
    if settings.replacements and isinstance(ed, HardEditor):
        for _ in range(settings.replacements):
            ed.replace(roots)
    st = settings
    reword = reword_english if english else reword_body
    lo, hi = st.heading_chars
    for r in roots:
        for n in r.walk():
            if rng.random() < st.reword_headings:
                if english:
                    n.heading = reword_english(n.heading, rng, st.synonym_rate, 0.0, 0.0)
                else:
                    n.heading = reword_heading(n.heading, rng, st.synonym_rate)
            if hi > 0:
                n.heading = erode(n.heading, rng, rng.uniform(lo, hi))
            if n.text and rng.random() < st.reword_bodies:
                n.text = reword(n.text, rng, st.synonym_rate, st.drop_sentence, st.add_sentence)
    b, ids = _build(roots, doc.title, rng, rng.random() < settings.renumber)
    # The edited speech keeps its salutation, opening and closing (reworded like a body).
    parts = {}
    for which in ("salutation", "opening", "closing"):
        part = getattr(doc, which)
        if part is not None and which != "salutation" and rng.random() < settings.reword_bodies:
            text = reword(part.text, rng, st.synonym_rate, st.drop_sentence, st.add_sentence)
            part = Part(text, (0, 0))
        parts[which] = part
    b = replace(b, **parts)
    gold = frozenset(
        (o, ids[id(n)]) for r in roots for n in r.walk() for o in n.origin if id(n) in ids
    )
    return Pair(doc, b, gold, tuple(ed.ops), name)


def generate(n: int, *, seed: int = 7, settings: Settings | None = None) -> list[Pair]:
    """``n`` edited pairs drawn from the fixtures, reproducible from ``seed``."""
    settings = settings or Settings()
    rng = random.Random(seed)
    speeches = load_speeches(english=settings.english)
    pairs = []
    for k in range(n):
        name, doc = speeches[k % len(speeches)]
        english = is_english(" ".join(s.heading + s.text for s in doc.walk()))
        donors = [
            s
            for other, d in speeches
            if other != name
            for s in d.sections
            if s.text and is_english(s.heading + s.text) == english
        ]
        pairs.append(make_pair(name, doc, donors, rng, settings))
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    for p in generate(args.pairs, seed=args.seed):
        print(f"{p.source}: ops={','.join(p.ops)} gold={len(p.gold)} pairs")
        for a_id, b_id in sorted(p.gold):
            ha, hb = p.a.section(a_id).heading[:20], p.b.section(b_id).heading[:24]
            print(f"  {a_id:>6} → {b_id:<6} {ha} | {hb}")


if __name__ == "__main__":
    main()
