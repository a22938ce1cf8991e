"""The adversarial mode of ``bench/corpusgen.py``: families that are hard to tell apart.

What the classic mode makes easy, this mode takes away (shares are of speeches):

- **Template families** (about 40 %): a template fixes every numbered level: 3 to 5
  parts, 2 to 5 items under each, and in a third of the templates 1 to 3 sub-items
  under some items. Every member replaces **10 to 50 %** of the characters of every
  heading it copies (a rate drawn per member, jittered per heading) with characters
  of real prose, on top of the classic rewording (synonyms, its own topic in the
  slots, punctuation, an optional part dropped), and makes a few edits: an item
  dropped, one of its own added, two items swapped. Bodies are always fresh.
- **Outline groups**: a third of the templates come in groups of 2 or 3 that share
  only their *top* level (the same parts, each template its own items below), plus
  a few speeches with the group's parts and items of their own. They are one
  family at the outline level and apart at the template level.
- **Borrowers** (about 8 %): hard negatives. A speech on a skeleton of its own that
  takes one or two parts of a template (heading and items, reworded the same way),
  at the same place in its outline. Members of nothing.
- **Model texts** (about 3 %): speeches on skeletons of their own whose bodies
  re-enact one model text (most of its paragraphs, in order, lightly edited), as US
  states re-enact a model bill. One family at both levels.
- **Genre families** (about 3 %): the mobilisation and review plans, each part worded
  afresh (as in the classic mode): one family at the outline level only.
- Unrelated speeches, near copies (8 %; a copy has its original's labels), reused
  paragraphs, stock phrases, compilations, encodings and bad files as in the classic
  mode.

Every speech in ``truth.json`` carries ``outline`` and ``template`` labels (null: in no
family at that level) and ``family`` (the template label, as the classic mode has it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from corpusgen import CN_NUM, TOPICS, Generator, Settings, genre_sizes

Item = tuple[str, list[str]]  # heading, sub-item headings
Part = tuple[str, list[Item]]  # heading, items


@dataclass
class Skeleton:
    """A template at every level; headings may hold ``{t}`` for the topic slot."""

    parts: list[Part]
    optional_last: bool = False


@dataclass
class AdvSpeech:
    title: str
    parts: list[Part]
    styles: tuple[str, str]  # item style, sub-item style
    outline: str | None
    template: str | None
    body: list[str] | None = None  # model-text paragraphs to spread over the sections
    borrowed: str | None = None  # the template a borrower took parts from (diagnostics)
    text: str = ""
    copy_of: int | None = None
    reuses: list[int] = field(default_factory=list)

    @property
    def family(self) -> str | None:
        return self.template

    @property
    def sub_style(self) -> str:
        return self.styles[0]


class AdversarialGenerator(Generator):
    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.chars = [c for c in self.m.prose if "\u4e00" <= c <= "\u9fff"]

    # -- skeletons -----------------------------------------------------------------
    def items(self, deep: bool) -> list[Item]:
        rng = self.rng
        out: list[Item] = []
        for _ in range(rng.randint(2, 5)):
            subs = (
                [self.heading(0) for _ in range(rng.randint(1, 3))]
                if deep and rng.random() < 0.5
                else []
            )
            out.append((self.heading(0.1), subs))
        return out

    def skeleton(self, top: list[str] | None = None) -> Skeleton:
        rng = self.rng
        deep = rng.random() < 1 / 3
        heads = top if top is not None else [self.heading() for _ in range(rng.randint(3, 5))]
        parts = [(h, self.items(deep)) for h in heads]
        return Skeleton(parts, optional_last=len(parts) >= 4 and rng.random() < 0.5)

    # -- rewording -----------------------------------------------------------------
    def noisy(self, heading: str, topic: str, rate: float) -> str:
        """Classic rewording, then ``rate`` (jittered) of the characters replaced."""
        h = self.reword(heading, topic)
        r = min(0.5, max(0.1, rate + self.rng.uniform(-0.05, 0.05)))
        chars = list(h)
        spots = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
        for i in self.rng.sample(spots, round(r * len(spots))):
            chars[i] = self.rng.choice(self.chars)
        return "".join(chars)

    def copy_part(self, part: Part, topic: str, rate: float, *, edits: bool) -> Part:
        rng = self.rng
        head, items = part
        out: list[Item] = [
            (self.noisy(h, topic, rate), [self.noisy(s, topic, rate) for s in subs])
            for h, subs in items
        ]
        if edits:
            if len(out) > 2 and rng.random() < 0.15:
                out.pop(rng.randrange(len(out)))
            if rng.random() < 0.15:
                out.insert(rng.randrange(len(out) + 1), (self.heading(0).replace("{t}", topic), []))
            if len(out) > 2 and rng.random() < 0.1:
                k = rng.randrange(len(out) - 1)
                out[k], out[k + 1] = out[k + 1], out[k]
        return (self.noisy(head, topic, rate), out)

    def styles(self) -> tuple[str, str]:
        return (self.rng.choice(["paren", "shi", "arabic"]), self.rng.choice(["arabic", "circled"]))

    def member(self, tpl: Skeleton, outline: str, template: str | None) -> AdvSpeech:  # type: ignore[override]
        rng = self.rng
        topic = rng.choice(TOPICS)
        rate = rng.uniform(0.1, 0.5)
        parts = list(tpl.parts)
        if tpl.optional_last and rng.random() < 0.3:
            parts = parts[:-1]
        copied = [self.copy_part(p, topic, rate, edits=True) for p in parts]
        return AdvSpeech(self.title(topic), copied, self.styles(), outline, template)

    def own(self, topic: str) -> list[Part]:
        sk = self.skeleton()
        return [self.copy_part(p, topic, 0.0, edits=False) for p in sk.parts]

    def loner(self, tpl: Skeleton, outline: str) -> AdvSpeech:
        """The group's top level, items of its own."""
        topic = self.rng.choice(TOPICS)
        rate = self.rng.uniform(0.1, 0.5)
        parts = [(self.noisy(h, topic, rate), self.items(False)) for h, _ in tpl.parts]
        parts = [(h, [(s.replace("{t}", topic), subs) for s, subs in items]) for h, items in parts]
        return AdvSpeech(self.title(topic), parts, self.styles(), outline, None)

    def borrower(self, tpl: Skeleton, label: str) -> AdvSpeech:
        rng = self.rng
        topic = rng.choice(TOPICS)
        parts = self.own(topic)
        take = rng.sample(range(len(tpl.parts)), min(len(tpl.parts), rng.choice([1, 1, 2])))
        rate = rng.uniform(0.1, 0.5)
        for k in sorted(take):
            borrowed = self.copy_part(tpl.parts[k], topic, rate, edits=False)
            if k < len(parts):
                parts[k] = borrowed
            else:
                parts.append(borrowed)
        return AdvSpeech(self.title(topic), parts, self.styles(), None, None, borrowed=label)

    def genre(self, genre: str) -> AdvSpeech:
        sp = self.genre_member(genre)
        parts = [(h, [(s, []) for s in subs]) for h, subs in sp.parts]
        return AdvSpeech(sp.title, parts, self.styles(), f"g:{genre}", None)

    def model_member(self, model: list[str], label: str) -> AdvSpeech:
        rng = self.rng
        topic = rng.choice(TOPICS)
        body = []
        for para in model:
            if rng.random() < 0.2:
                continue  # a paragraph the state left out
            sents = [s for s in para.split("。") if s]
            for _ in range(rng.randint(0, 2)):
                k = rng.randrange(len(sents))
                sents[k] = self.clause()  # a local edit
            body.append("。".join(sents) + "。")
            if rng.random() < 0.15:
                body.append(self.paragraph())  # a paragraph of its own
        return AdvSpeech(self.title(topic), self.own(topic), self.styles(), label, label, body)

    def unrelated_speech(self) -> AdvSpeech:
        topic = self.rng.choice(TOPICS)
        return AdvSpeech(self.title(topic), self.own(topic), self.styles(), None, None)

    # -- rendering -----------------------------------------------------------------
    def render_adv(self, sp: AdvSpeech) -> str:
        lines = self.front(sp.title)
        body = list(sp.body or [])
        slots = sum(1 + len(items) for _, items in sp.parts)
        per = -(-len(body) // max(1, slots)) if body else 0

        def prose(lo: int, hi: int) -> str:
            if body:
                take, body[:] = body[:per], body[per:]
                return "".join(take) or self.paragraph(1, 2)
            return self.paragraph(lo, hi)

        item_style, sub_style = sp.styles
        for i, (head, items) in enumerate(sp.parts):
            lines.append(f"{CN_NUM[i % 10]}、{head}")
            lines.append(prose(2, 4))
            for k, (item, subs) in enumerate(items):
                if item_style == "paren":
                    lines += [f"（{CN_NUM[k % 10]}）{item}", prose(3, 6)]
                elif item_style == "shi":
                    lines.append(f"{CN_NUM[k % 10]}是{item}。" + prose(3, 6))
                else:
                    lines += [f"{k + 1}.{item}", prose(3, 6)]
                for s_no, sub in enumerate(subs):
                    if item_style == "arabic" or sub_style == "circled":
                        mark = "①②③④⑤⑥⑦⑧⑨"[s_no % 9]
                    else:
                        mark = f"{s_no + 1}."
                    lines += [f"{mark}{sub}", self.paragraph(2, 3)]
        if body:
            lines.append("".join(body))
        lines.append("同志们，" + self.paragraph(1, 2))
        return "\n".join(lines) + "\n"


def generate_adversarial(settings: Settings) -> tuple[list[Any], AdversarialGenerator]:
    """Speeches of an adversarial corpus, rendered, in shuffled order (see the module notes)."""
    from corpusgen import add_reuse, family_sizes, originals

    g = AdversarialGenerator(settings)
    rng: random.Random = g.rng
    n = settings.docs
    n_near = int(n * settings.near_share)
    n_base = n - n_near
    speeches: list[AdvSpeech] = []
    templates: list[tuple[Skeleton, str]] = []
    sizes = family_sizes(rng, int(n_base * 0.40))
    k = 0
    fam_no = 0
    while k < len(sizes):
        group = rng.random() < 1 / 3 and k + 1 < len(sizes)
        fam_no += 1
        if not group:
            tpl = g.skeleton()
            templates.append((tpl, f"t{fam_no}"))
            speeches += [g.member(tpl, f"t{fam_no}", f"t{fam_no}") for _ in range(sizes[k])]
            k += 1
            continue
        count = min(len(sizes) - k, rng.randint(2, 3))
        top = [g.heading() for _ in range(rng.randint(3, 5))]
        outline = f"o{fam_no}"
        for sub_no in range(count):
            tpl = g.skeleton(top)
            label = f"{outline}.{sub_no + 1}"
            templates.append((tpl, label))
            speeches += [g.member(tpl, outline, label) for _ in range(sizes[k])]
            k += 1
        speeches += [g.loner(tpl, outline) for _ in range(rng.randint(1, 3))]
    for _ in range(int(n_base * 0.08)):
        speeches.append(g.borrower(*rng.choice(templates)))
    model_total = int(n_base * 0.03)
    made = 0
    while made < model_total:
        size = min(model_total - made, rng.randint(2, 6))
        if size < 2:
            break
        model = [g.paragraph(3, 6) for _ in range(rng.randint(6, 12))]
        label = f"m{fam_no + made}"
        speeches += [g.model_member(model, label) for _ in range(size)]
        made += size
    for genre, size in genre_sizes(int(n_base * settings.genre_share)):
        speeches += [g.genre(genre) for _ in range(size)]
    while len(speeches) < n_base:
        speeches.append(g.unrelated_speech())
    del speeches[n_base:]
    rng.shuffle(speeches)
    for sp in speeches:
        sp.text = g.render_adv(sp)
    add_reuse(rng, speeches, settings.reuse_share)
    for k in originals(rng, speeches, n_near):
        original = speeches[k]
        if original.template is None:  # a copy shares its original's whole skeleton
            original.template = f"c{k}"
            original.outline = original.outline or f"c{k}"
        copy = g.near_copy(original)  # type: ignore[arg-type]
        adv = AdvSpeech(
            copy.title, original.parts, original.styles, original.outline, original.template
        )
        adv.text = copy.text
        adv.copy_of = k
        speeches.append(adv)
    return speeches, g
