"""How bench/editgen.py rewords text: the register's synonyms, template rewrites of
headings, clause and sentence moves in bodies, heading erosion, English rewording.

Split from editgen.py, which applies these to the sections its structural edits
leave; nothing here knows about sections.
"""

from __future__ import annotations

import random
import re

# Word pairs that drafters swap freely in official Chinese (either direction).
_SYNONYM_TEXT = (
    "加强/强化 推进/推动 切实/扎实 提高/提升 认识/把握 重要/重大 "
    "坚持/坚定 落实/贯彻 确保/保证 全面/全方位 深入/纵深 积极/主动 "
    "不断/持续 进一步/更加 努力/着力 建设/构建 完善/健全 增强/壮大 "
    "发挥/彰显 作用/效能 机制/制度 问题/短板 群众/百姓 有效/有力 "
    "重点/关键 目前/当前 主要/首要 广泛/普遍 严格/从严 及时/迅速 "
    "明显/显著 取得/收获 实施/推行 支持/扶持 思想/理念 意义/价值 "
    "统一/凝聚 提供/给予 任务/使命 要求/标准 措施/举措 水平/层次 "
    "能力/本领 稳定/稳固 目标/方向 质量/品质 各级/各地 部门/单位 "
    "我们/大家 必须/务必 同时/此外 因此/所以 充分/全力 促进/带动 "
    "优化/改进 扩大/拓展 "
)
SYNONYMS = [tuple(w.split("/")) for w in _SYNONYM_TEXT.split()]
STOCK_CLAUSES = [
    "推动各项工作落地见效",
    "确保取得扎实成效",
    "奋力开创工作新局面",
    "以钉钉子精神抓好落实",
    "切实扛起政治责任",
    "为高质量发展提供坚强保障",
    "不断开创新局面",
    "凝聚起强大合力",
]
LEAD_VERBS = ["加强", "强化", "狠抓", "抓好", "突出", "聚焦", "坚持", "着力", "全力", "深化"]
FILLER_SENTENCES = [
    "这项工作事关全局，各级各部门务必高度重视。",
    "要坚持问题导向，对标对表抓好整改落实。",
    "实践证明，只有久久为功，才能取得实实在在的成效。",
    "各地要结合实际，创造性地开展工作，形成可复制可推广的经验。",
    "要加强督促检查，对工作不力的严肃问责。",
]
SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")
_WORD_SWAP = {x: y for x, y in SYNONYMS} | {y: x for x, y in SYNONYMS}
_WORDS = re.compile("|".join(sorted(map(re.escape, _WORD_SWAP), key=len, reverse=True)))


# -- rewording -------------------------------------------------------------------


def swap_neighbours(items: list[str], rng: random.Random, share: float = 0.4) -> None:
    """With chance ``share``, swap two neighbouring sentences of a paragraph (of 3 or more)."""
    if len(items) > 2 and rng.random() < share:
        i = rng.randrange(len(items) - 1)
        items[i], items[i + 1] = items[i + 1], items[i]


def swap_words(text: str, rng: random.Random, rate: float) -> str:
    return _WORDS.sub(lambda m: _WORD_SWAP[m.group()] if rng.random() < rate else m.group(), text)


def _without_lead_verb(clause: str) -> str:
    """``clause`` without the lead verb it opens with (加强, 推进...), if any."""
    for v in LEAD_VERBS:
        if clause.startswith(v):
            return clause[len(v) :]
    return clause


def reword_heading(h: str, rng: random.Random, rate: float) -> str:
    """A heavy rewrite: synonyms plus two or three template moves."""
    clauses = [c for c in re.split(r"[，,]", h) if c]
    moves = rng.sample(["swap", "verb", "stock", "frame", "drop"], k=rng.choice((2, 3)))
    for move in moves:
        if move == "swap" and len(clauses) > 1:
            i = rng.randrange(len(clauses) - 1)
            clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
        elif move == "verb":
            k = rng.randrange(len(clauses))
            clauses[k] = rng.choice(LEAD_VERBS) + _without_lead_verb(clauses[k])
        elif move == "stock":
            if len(clauses) > 1:
                clauses[-1] = rng.choice(STOCK_CLAUSES)
            else:
                clauses.append(rng.choice(STOCK_CLAUSES))
        elif move == "frame":
            k = rng.randrange(len(clauses))
            core = _without_lead_verb(clauses[k])
            clauses[k] = rng.choice(
                ["以{}为抓手", "在{}上下功夫", "围绕{}精准发力", "把{}摆在突出位置"]
            ).format(core)
        elif move == "drop" and len(clauses) > 1:
            clauses.pop(rng.randrange(len(clauses)))
    return swap_words("，".join(clauses), rng, rate)


def reword_body(
    text: str, rng: random.Random, rate: float, drop: float = 0.1, add: float = 0.06
) -> str:
    """Synonyms, clauses swapped in sentences, sentences reordered/dropped/added."""
    paras = []
    for para in text.split("\n"):
        sents = [s for s in SENTENCE.findall(para) if s]
        out = []
        for s in sents:
            if rng.random() < drop and len(sents) > 2:
                continue  # dropped
            parts = s.split("，")
            if len(parts) > 2 and rng.random() < 0.4:
                i = rng.randrange(len(parts) - 2)
                parts[i], parts[i + 1] = parts[i + 1], parts[i]
            out.append(swap_words("，".join(parts), rng, rate))
            if rng.random() < add:
                out.append(rng.choice(FILLER_SENTENCES))
        swap_neighbours(out, rng)
        paras.append("".join(out))
    return "\n".join(p for p in paras if p)


# Characters that replace heading characters: common in the register, so a replaced
# heading still reads like one, and shares rare bigrams with nothing in particular.
_FILL_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处府"
)
_EN_SYNONYM_TEXT = """
shall/must may/can employer/business employee/worker provide/give receive/obtain
department/agency state/jurisdiction person/individual within/inside under/pursuant_to
require/mandate use/utilize establish/create section/provision law/statute
information/data immediately/promptly reasonable/appropriate including/such_as
"""
_EN_SYNONYMS = [tuple(w.split("/")) for w in _EN_SYNONYM_TEXT.split()]
_EN_SWAP = {x.replace("_", " "): y.replace("_", " ") for x, y in _EN_SYNONYMS} | {
    y.replace("_", " "): x.replace("_", " ") for x, y in _EN_SYNONYMS
}
_EN_WORDS = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _EN_SWAP), key=len, reverse=True)) + r")\b"
)
_EN_SENT = re.compile(r"[^.;:]*[.;:]?\s*")
_EN_FILLERS = [
    "This subsection applies notwithstanding any other provision of law. ",
    "The commissioner may adopt rules to carry out this subsection. ",
    "Nothing in this subsection limits any other remedy. ",
]


def is_english(text: str) -> bool:
    letters = sum(c.isascii() and c.isalpha() for c in text[:400])
    return letters > 0.5 * max(1, len(text[:400]))


def erode(heading: str, rng: random.Random, share: float) -> str:
    """``heading`` with about ``share`` of its characters (not punctuation) replaced."""
    chars = list(heading)
    spots = [k for k, c in enumerate(chars) if c.isalnum()]
    for k in rng.sample(spots, k=round(share * len(spots))):
        if chars[k].isascii():
            chars[k] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        else:
            chars[k] = rng.choice(_FILL_CHARS)
    return "".join(chars)


def reword_english(text: str, rng: random.Random, rate: float, drop: float, add: float) -> str:
    """English rewording: synonyms, sentences dropped, added and swapped."""
    out = []
    for para in text.split("\n"):
        sents = [x for x in _EN_SENT.findall(para) if x.strip()]
        kept = []
        for x in sents:
            if rng.random() < drop and len(sents) > 2:
                continue
            kept.append(
                _EN_WORDS.sub(
                    lambda m: _EN_SWAP[m.group()] if rng.random() < rate else m.group(), x
                )
            )
            if rng.random() < add:
                kept.append(rng.choice(_EN_FILLERS))
        swap_neighbours(kept, rng)
        out.append("".join(kept))
    return "\n".join(p for p in out if p)
