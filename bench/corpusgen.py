"""A synthetic corpus of speeches with known template families, near copies and reuse.

Usage: python bench/corpusgen.py OUT_DIR --docs N [--seed S] [--mode adversarial|classic]

Two modes. ``adversarial`` (the default) is described in ``bench/corpusadv.py``:
headings with 10-50 % of their characters replaced, families that share only their
top level, borrowers of one or two sections, model texts. ``classic`` is the
corpus this file always made, described below (the same corpus for a given seed).

Everything is derived from the bundled fixtures (seeds/ and gwr/), deterministic
for a given seed, and written with the ground truth alongside (``truth.json``).

What a corpus holds (shares are of speeches):

- **Template families** (about 55 %): a template is a skeleton of 3 to 5 parts whose
  headings are built from real heading phrases of the fixtures (``统一思想``,
  ``突出帮扶重点`` ...), with a slot (``开展____的重要意义``) in some parts, and 0 to 4
  sub-headings per part. Each member rewrites it the way offices do: its own topic
  in the slots, synonyms swapped (``充分认识``/``深刻认识``, ``加强``/``强化`` ...),
  a phrase dropped now and then, punctuation and sub-item numbering varied, about
  a third of the sub-headings replaced by its own, an optional last part dropped,
  placeholders (``XX``) left in some copies. Bodies are always fresh. Sizes follow
  a long-tailed law (2 to 80) plus one large family of 2 % of the corpus.
- **Genre families** (about 3 %): speeches on a genre skeleton, such as the
  mobilisation skeleton of the seeds (significance → tasks → safeguards), whose
  headings share *no* template wording, only the role of each part (as seeds 000,
  001 and two speeches of 003). All speeches of one genre are one family.
- **Unrelated speeches** (the rest): each on a skeleton of its own.
- **Near copies** (8 %): copies of another speech with a new title and date, a
  few sentences deleted, inserted or reworded, place names and numbers changed,
  punctuation width changed and sometimes an advert block on top (verified
  similarity mostly 0.85 to 0.97). A copy of a family member is a member too.
- **Reused passages** (10 % of speeches copy a paragraph of another one) and
  **stock phrases** (real clauses said in many reports, sprinkled everywhere).

Body text is fresh: random splices of 3 to 7 characters from the fixtures' prose,
so no two speeches share a clause by chance, yet the characters look like the
genre. Files are UTF-8 (some with BOM), GB18030 or UTF-16; 3 % are compilations
of 2 to 4 speeches; a few files are empty or binary (they must end in errors).

``truth.json``: ``{"settings", "files": [{"path", "speeches": [{"family", "copy_of",
"reuses"}]}], "stock": [...], "bad_files": [...]}`` where a speech is named
``"<path>#<index>"``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare.parse import parse_file

CN_NUM = "一二三四五六七八九十"
SYNONYMS = [
    ("充分认识", "深刻认识"),
    ("重要意义", "重大意义"),
    ("加强", "强化"),
    ("切实", "全面"),
    ("扎实推进", "稳步推进"),
    ("确保", "保证"),
    ("提高", "提升"),
    ("推动", "推进"),
    ("坚持", "始终坚持"),
    ("深入", "持续"),
    ("工作", "各项工作"),
    ("着力", "大力"),
    ("统筹", "统筹协调"),
    ("进一步", "更加"),
    ("发展", "高质量发展"),
    ("建设", "建设发展"),
    ("完善", "健全"),
    ("落实", "贯彻落实"),
    ("做好", "抓好"),
    ("全力", "奋力"),
]
TOPICS = [
    "助企解困",
    "人大换届选举",
    "安全生产",
    "防汛抗旱",
    "招商引资",
    "乡村振兴",
    "营商环境优化",
    "民营经济发展",
    "党风廉政建设",
    "作风建设",
    "消防安全",
    "森林防火",
    "文明城市创建",
    "生态环境保护",
    "优化营商环境",
    "平安建设",
    "信访维稳",
    "民生实事",
    "科技创新",
    "教育强县",
    "疫情防控",
    "项目建设",
    "城市更新",
    "食品安全",
    "河长制",
    "耕地保护",
    "安全生产大检查",
    "稳外贸促消费",
    "人才引进",
    "数字政府建设",
    "基层治理",
    "乡村治理",
    "防范电信诈骗",
    "禁毒",
    "扫黑除恶",
    "审计整改",
    "统计督察",
    "节能降耗",
    "粮食安全",
    "应急管理",
]
PLACES = ["全市", "全县", "全区", "全镇", "市直机关", "全系统", "各乡镇", "开发区"]
# Genre skeletons: parts known by their role, worded afresh by every speech.
GENRES = {
    "mobilisation": {
        "significance": [
            "统一思想",
            "提高认识",
            "提高政治站位",
            "深刻认识{t}的重要意义",
            "充分认清{t}的紧迫性",
            "把思想统一到决策部署上来",
            "增强做好{t}的责任感",
        ],
        "tasks": [
            "突出重点",
            "把握重点",
            "精心谋划",
            "明确{t}的主要任务",
            "抓好{t}各项任务",
            "聚焦重点任务",
            "扎实推进{t}重点工作",
        ],
        "safeguards": [
            "加强组织领导",
            "强化组织保障",
            "确保{t}取得实效",
            "严明工作纪律",
            "切实加强领导",
            "确保各项任务落到实处",
            "强化保障措施",
        ],
    },
    "review": {
        "review": [
            "回顾过去一年的{t}",
            "总结{t}取得的成绩",
            "{t}取得明显成效的回顾",
            "充分肯定{t}的成绩",
            "过去一年{t}工作回顾",
        ],
        "situation": [
            "清醒认识当前形势",
            "准确把握{t}面临的形势",
            "正视挑战抢抓机遇",
            "认清{t}的形势和任务",
        ],
        "goals": ["明确今年{t}的目标", "锚定{t}总体要求", "把握今年{t}的主要考虑"],
    },
}
ADVERT = "仅供学习 禁止外传\n更多范文请关注本站\n"


@dataclass(frozen=True)
class Settings:
    docs: int
    seed: int = 1
    family_share: float = 0.55
    genre_share: float = 0.03
    near_share: float = 0.08
    reuse_share: float = 0.10
    compilation_share: float = 0.03
    bad_files: int = 0  # default: one per 1,000 speeches, at least 2
    mode: str = "adversarial"  # or "classic"


@dataclass
class Part:
    heading: str  # may hold {t} for the topic slot
    subs: list[str]
    optional: bool = False


@dataclass
class Speech:
    title: str
    parts: list[tuple[str, list[str]]]  # heading, sub-headings
    sub_style: str
    family: str | None
    text: str = ""
    copy_of: int | None = None
    reuses: list[int] = field(default_factory=list)


class Material:
    """Phrases, prose and stock clauses read from the fixtures."""

    def __init__(self) -> None:
        heads: list[str] = []
        prose: list[str] = []
        for path in sorted((ROOT / "fixtures/seeds").glob("*.txt")) + sorted(
            (ROOT / "fixtures/gwr").glob("*.txt")
        ):
            parsed = parse_file(path)
            for doc in parsed.documents:
                for s in doc.walk():
                    heads.append(s.heading)
                    prose.append(s.text)
        phrases: set[str] = set()
        for h in heads:
            for seg in re.split(r"[，、,；;：:。“”\"（）()]", h):
                if 4 <= len(seg) <= 12 and not re.search(r"[0-9A-Za-z×X]", seg):
                    phrases.add(seg)
        self.phrases = sorted(phrases)
        text = re.sub(r"[\s0-9A-Za-z“”\"'（）()《》【】\[\]]", "", "".join(prose))
        self.prose = re.sub(r"[，。；：！？、,.;:!?]", "", text)
        clauses: dict[str, int] = {}
        for p in prose:
            for c in re.split(r"[，。；：！？\n]", p):
                c = c.strip()
                if 12 <= len(c) <= 30:
                    clauses[c] = clauses.get(c, 0) + 1
        self.stock = sorted(c for c, n in clauses.items() if n >= 3)[:40]


class Generator:
    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.rng = random.Random(settings.seed)
        self.m = Material()

    # -- text pieces -------------------------------------------------------------
    def clause(self) -> str:
        rng, prose = self.rng, self.m.prose
        out = []
        while sum(len(x) for x in out) < rng.randint(12, 24):
            k = rng.randint(3, 7)
            at = rng.randrange(0, len(prose) - k)
            out.append(prose[at : at + k])
        return "".join(out)

    def sentence(self) -> str:
        clauses = [self.clause() for _ in range(self.rng.randint(1, 3))]
        if self.m.stock and self.rng.random() < 0.08:
            clauses.insert(self.rng.randrange(len(clauses) + 1), self.rng.choice(self.m.stock))
        return "，".join(clauses) + "。"

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def heading(self, slot_chance: float = 0.3) -> str:
        """Two real heading phrases; with ``slot_chance``, a slot for the topic in one."""
        rng = self.rng
        a, b = rng.sample(self.m.phrases, 2)
        if rng.random() < slot_chance:
            at = rng.randrange(0, max(1, len(b) - 2))
            b = b[:at] + "{t}" + b[at + 2 :]
        return f"{a}，{b}"

    # -- skeletons ---------------------------------------------------------------
    def template(self) -> list[Part]:
        rng = self.rng
        n = rng.randint(3, 5)
        parts = [
            Part(self.heading(), [self.heading(0.1) for _ in range(rng.randint(0, 4))])
            for _ in range(n)
        ]
        if n >= 4 and rng.random() < 0.5:
            parts[-1].optional = True
        return parts

    def reword(self, heading: str, topic: str) -> str:
        rng = self.rng
        h = heading
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                options = [(x, y) for x, y in SYNONYMS if x in h] + [
                    (y, x) for x, y in SYNONYMS if y in h
                ]
                if options:
                    x, y = rng.choice(options)
                    h = h.replace(x, y, 1)
        if "，" in h and rng.random() < 0.1:
            h = h.split("，")[rng.randrange(2)]
        if rng.random() < 0.15:
            h = h.replace("，", rng.choice(["、", ",", "　"]))
        slot = topic if rng.random() > 0.08 else rng.choice(["XX", "××"])
        return h.replace("{t}", slot)

    def member(self, template: list[Part], family: str) -> Speech:
        rng = self.rng
        topic = rng.choice(TOPICS)
        parts = []
        for p in template:
            if p.optional and rng.random() < 0.3:
                continue
            subs = [
                self.reword(x, topic)
                if rng.random() < 0.65
                else self.heading(0).replace("{t}", topic)
                for x in p.subs
            ]
            parts.append((self.reword(p.heading, topic), subs))
        return Speech(self.title(topic), parts, rng.choice(["paren", "shi", "arabic"]), family)

    def genre_member(self, genre: str) -> Speech:
        rng = self.rng
        topic = rng.choice(TOPICS)
        parts = []
        for pool in GENRES[genre].values():
            a = rng.choice(pool).replace("{t}", topic)
            b = rng.choice(self.m.phrases)
            head = f"{a}，{b}" if rng.random() < 0.5 else f"{b}，{a}"
            parts.append(
                (head, [self.heading(0).replace("{t}", topic) for _ in range(rng.randint(2, 4))])
            )
        return Speech(self.title(topic), parts, rng.choice(["paren", "shi", "arabic"]), genre)

    def unrelated(self) -> Speech:
        topic = self.rng.choice(TOPICS)
        parts = [
            (self.reword(p.heading, topic), [self.reword(x, topic) for x in p.subs])
            for p in self.template()
        ]
        return Speech(self.title(topic), parts, self.rng.choice(["paren", "shi", "arabic"]), None)

    def title(self, topic: str) -> str:
        rng = self.rng
        return rng.choice(
            [
                f"在{rng.choice(PLACES)}{topic}工作会议上的讲话",
                f"在{rng.choice(PLACES)}{topic}推进会上的讲话",
                f"{topic}工作动员部署会讲话稿",
                f"在{topic}专题会议上的讲话",
            ]
        )

    # -- rendering ---------------------------------------------------------------
    def front(self, title: str) -> list[str]:
        """Title, perhaps a dateline, salutation and an opening paragraph."""
        rng = self.rng
        lines = [title]
        if rng.random() < 0.5:
            lines.append(
                f"——{rng.randint(2019, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
            )
        lines.append(rng.choice(["同志们：", "各位领导、同志们：", "同志们:"]))
        lines.append(self.paragraph(3, 5) + "下面，我讲几点意见。")
        return lines

    def render(self, sp: Speech) -> str:
        lines = self.front(sp.title)
        for i, (head, subs) in enumerate(sp.parts):
            lines.append(f"{CN_NUM[i]}、{head}")
            lines.append(self.paragraph(2, 4))
            for k, sub in enumerate(subs):
                if sp.sub_style == "paren":
                    lines.append(f"（{CN_NUM[k]}）{sub}")
                    lines.append(self.paragraph(4, 7))
                elif sp.sub_style == "shi":
                    lines.append(f"{CN_NUM[k]}是{sub}。" + self.paragraph(4, 7))
                else:
                    lines.append(f"{k + 1}.{sub}")
                    lines.append(self.paragraph(4, 7))
        lines.append("同志们，" + self.paragraph(1, 2))
        return "\n".join(lines) + "\n"

    def near_copy(self, original: Speech) -> Speech:
        rng = self.rng
        topic = rng.choice(TOPICS)
        lines = original.text.split("\n")
        lines[0] = self.title(topic)
        out = []
        for line in lines:
            if len(line) > 40 and rng.random() < 0.08:
                continue  # a paragraph dropped
            if len(line) > 40 and rng.random() < 0.15:
                sents = line.split("。")
                k = rng.randrange(len(sents))
                sents[k] = self.clause() if rng.random() < 0.5 else sents[k][: len(sents[k]) // 2]
                line = "。".join(sents)
            if rng.random() < 0.1:
                line = line.replace("，", ",").replace("：", ":")
            out.append(line)
            if len(line) > 40 and rng.random() < 0.05:
                out.append(self.paragraph(1, 2))
        text = "\n".join(out)
        for place in PLACES:
            if place in text and rng.random() < 0.5:
                text = text.replace(place, rng.choice(PLACES))
        text = re.sub(r"20\d\d年", lambda _: f"{rng.randint(2019, 2025)}年", text)
        if rng.random() < 0.3:
            text = ADVERT + text
        return Speech(lines[0], original.parts, original.sub_style, original.family, text)


def family_sizes(rng: random.Random, total: int) -> list[int]:
    """Long-tailed family sizes (2..80) adding up to about ``total``, plus one large family."""
    big = max(2, int(total * 0.02 / 0.55))
    sizes = [big]
    left = total - big
    while left > 1:
        size = min(left, max(2, int(2 / (rng.random() ** 0.9 + 0.025))))
        size = min(size, 80)
        sizes.append(size)
        left -= size
    return sizes


def add_reuse(rng: random.Random, speeches: Sequence[Any], share: float) -> None:
    """Reuse: ``share`` of the speeches copy a long paragraph of an earlier one."""
    for i, sp in enumerate(speeches):
        if i and rng.random() < share:
            j = rng.randrange(i)
            paras = [p for p in speeches[j].text.split("\n") if len(p) > 80]
            if paras:
                mine = sp.text.split("\n")
                mine.insert(rng.randrange(3, len(mine)), rng.choice(paras))
                sp.text = "\n".join(mine)
                sp.reuses.append(j)


def originals(rng: random.Random, speeches: Sequence[Any], n: int) -> Iterator[int]:
    """``n`` speeches to copy, none a copy itself (the list grows as copies are added)."""
    for _ in range(n):
        k = rng.randrange(len(speeches))
        while speeches[k].copy_of is not None:
            k = rng.randrange(len(speeches))
        yield k


def genre_sizes(total: int) -> list[tuple[str, int]]:
    """``total`` speeches shared out over the genres as evenly as can be."""
    return [
        (genre, total // len(GENRES) + (k < total % len(GENRES))) for k, genre in enumerate(GENRES)
    ]


def generate(settings: Settings, out: Path) -> dict[str, object]:
    if settings.mode == "adversarial":
        from corpusadv import generate_adversarial

        speeches, adv = generate_adversarial(settings)
        order = list(range(len(speeches)))
        adv.rng.shuffle(order)
        return write(settings, out, speeches, order, adv)
    if settings.mode != "classic":
        raise ValueError(f"unknown mode {settings.mode!r}")
    g = Generator(settings)
    rng = g.rng
    n = settings.docs
    n_near = int(n * settings.near_share)
    n_base = n - n_near
    speeches: list[Speech] = []
    for fam_no, size in enumerate(family_sizes(rng, int(n_base * settings.family_share)), 1):
        tpl = g.template()
        speeches += [g.member(tpl, f"t{fam_no}") for _ in range(size)]
    for genre, size in genre_sizes(int(n_base * settings.genre_share)):
        speeches += [g.genre_member(genre) for _ in range(size)]
    while len(speeches) < n_base:
        speeches.append(g.unrelated())
    rng.shuffle(speeches)
    for sp in speeches:
        sp.text = g.render(sp)
    add_reuse(rng, speeches, settings.reuse_share)
    for k in originals(rng, speeches, n_near):
        original = speeches[k]
        if original.family is None:  # a copy shares its original's skeleton: a family of its own
            original.family = f"c{k}"
        copy = g.near_copy(original)
        copy.copy_of = k
        speeches.append(copy)
    order = list(range(len(speeches)))
    rng.shuffle(order)
    return write(settings, out, speeches, order, g)


def _labels(sp: Any) -> tuple[str | None, str | None]:
    """(outline, template) labels: the adversarial speeches carry both; classic ones
    have one family, which is a template family unless it is a genre (outline only)."""
    if hasattr(sp, "outline"):
        return sp.outline, sp.template
    fam = sp.family
    return fam, (fam if fam is not None and fam not in GENRES else None)


def write(
    settings: Settings, out: Path, speeches: Sequence[Any], order: list[int], g: Generator
) -> dict[str, object]:
    rng = g.rng
    out.mkdir(parents=True, exist_ok=True)
    name_of: dict[int, str] = {}
    files: list[dict[str, object]] = []
    pos = 0
    file_no = 0
    while pos < len(order):
        take = rng.randint(2, 4) if rng.random() < settings.compilation_share else 1
        group = order[pos : pos + take]
        pos += take
        file_no += 1
        sub = out / f"{file_no // 1000:03d}"
        path = sub / f"speech_{file_no:06d}.txt"
        rel = str(path.relative_to(out))
        if len(group) > 1:
            text = f"{g.title(rng.choice(TOPICS))}（案例{len(group)}篇）\n" + "\n".join(
                speeches[k].text for k in group
            )
        else:
            text = speeches[group[0]].text
        enc = rng.choices(["utf-8", "utf-8-sig", "gb18030", "utf-16"], [70, 5, 20, 5])[0]
        sub.mkdir(exist_ok=True)
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        path.write_bytes(data)
        for idx, k in enumerate(group):
            name_of[k] = f"{rel}#{idx}"
        files.append({"path": rel, "speeches": group})
    bad = []
    for b in range(settings.bad_files or max(2, settings.docs // 1000)):
        path = out / "bad" / f"bad_{b:04d}.{'bin' if b % 2 else 'txt'}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(bytes(rng.randrange(256) for _ in range(2048)) if b % 2 else b"")
        bad.append(str(path.relative_to(out)))
    truth_files = [
        {
            "path": f["path"],
            "speeches": [
                {
                    "family": speeches[k].family,
                    "outline": _labels(speeches[k])[0],
                    "template": _labels(speeches[k])[1],
                    "copy_of": name_of[speeches[k].copy_of]
                    if speeches[k].copy_of is not None
                    else None,
                    "reuses": [name_of[j] for j in speeches[k].reuses],
                    **(
                        {"borrowed": speeches[k].borrowed}
                        if getattr(speeches[k], "borrowed", None)
                        else {}
                    ),
                }
                for k in f["speeches"]  # type: ignore[attr-defined]
            ],
        }
        for f in files
    ]
    truth = {
        "settings": settings.__dict__,
        "files": truth_files,
        "stock": g.m.stock,
        "bad_files": bad,
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    return truth


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mode", choices=["adversarial", "classic"], default="adversarial")
    args = ap.parse_args(argv)
    truth = generate(Settings(docs=args.docs, seed=args.seed, mode=args.mode), args.out)
    n = sum(len(f["speeches"]) for f in truth["files"])  # type: ignore[attr-defined,misc]
    print(
        f"{n} speeches in {len(truth['files'])} files "
        f"(+{len(truth['bad_files'])} bad) in {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
