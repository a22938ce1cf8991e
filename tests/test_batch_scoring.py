"""Pair scores at both levels: plan and template, borrowers, genre vocabulary, moved parts."""

from __future__ import annotations

import collections
import itertools
import math
import pickle
import random
from dataclasses import replace

import numpy as np
import pytest
from batch_support import GWR, SEEDS

from compare.align import align
from compare.batch.candidates import band_params, idf_neighbours, sorted_runs
from compare.batch.canon import heading_key
from compare.batch.families import Family
from compare.batch.grouping import OUTLINE_THRESHOLD, TEMPLATE_THRESHOLD
from compare.batch.hierarchy import Levels, outline_families
from compare.batch.scoring import (
    AREA_CREDIT,
    ROLE_CREDIT,
    chain_pairs,
    chain_total,
    heading_matrix,
    role_credit,
    score_pair,
)
from compare.batch.signatures import (
    MAX_PARTS,
    Part,
    Signature,
    heading_grams,
    part_areas,
    part_roles,
    roles_of,
    signature,
    skeleton_document,
)
from compare.batch.verify import align_pairs, aligned_template, combine
from compare.parse import parse_file, parse_text
from compare.topics import AREAS

PHRASES = [
    "统筹推进乡村全面振兴",
    "加快建设现代化产业体系",
    "持续优化营商环境",
    "扎实推进生态环境保护",
    "着力保障和改善民生",
    "深化重点领域改革",
    "加强基层治理能力建设",
    "推动科技创新和产业创新",
    "全面加强安全生产监管",
    "持续深化作风建设",
    "大力发展县域经济",
    "稳步扩大高水平对外开放",
    "加快推进城市更新行动",
    "筑牢防汛抗旱安全防线",
    "提升公共服务均等化水平",
    "推进文明城市创建工作",
]
CHARS = "".join(sorted(set("".join(PHRASES))))  # replacements from the same vocabulary


def _sig(parts: list[tuple[str, list[str]]]) -> Signature:
    """A signature built by hand: (heading, subs) per part."""
    built = []
    keys = []
    for head, subs in parts:
        key = heading_key(head)
        built.append(Part(key, roles_of(key), tuple(heading_key(s) for s in subs), len(subs)))
        keys += [key, *built[-1].subs]
    return Signature(tuple(built), True, heading_grams(keys))


def _noisy(text: str, rate: float, rng: random.Random) -> str:
    chars = list(text)
    for i in rng.sample(range(len(chars)), round(rate * len(chars))):
        chars[i] = rng.choice(CHARS)
    return "".join(chars)


def _template(rng: random.Random, parts: int = 4, items: int = 4) -> list[tuple[str, list[str]]]:
    return [
        (
            "，".join(rng.sample(PHRASES, 2)),
            ["，".join(rng.sample(PHRASES, 2)) for _ in range(items)],
        )
        for _ in range(parts)
    ]


def _member(tpl: list[tuple[str, list[str]]], rate: float, seed: int) -> Signature:
    rng = random.Random(seed)
    return _sig([(_noisy(h, rate, rng), [_noisy(s, rate, rng) for s in subs]) for h, subs in tpl])


def test_copies_with_a_third_of_their_characters_replaced_share_a_template() -> None:
    tpl = _template(random.Random(1))
    a, b = _member(tpl, 0.35, 2), _member(tpl, 0.35, 3)
    scores = score_pair(a, b)
    assert scores.template >= TEMPLATE_THRESHOLD
    # Their top headings alone are too noisy to say "one plan"; sharing a template does.
    assert combine(scores, 0.0)[0] >= OUTLINE_THRESHOLD


def test_a_borrower_of_two_sections_is_neither_in_the_template_nor_the_plan() -> None:
    rng = random.Random(4)
    tpl = _template(rng)
    member = _member(tpl, 0.2, 5)
    own = _template(random.Random(6))
    # Two of four parts copied exactly (heading and items), two of its own.
    borrower = _sig([tpl[0], tpl[1], own[2], own[3]])
    scores = score_pair(member, borrower)
    assert scores.template < TEMPLATE_THRESHOLD
    assert scores.outline < OUTLINE_THRESHOLD


def _long_plan(last: str) -> str:
    """A speech of 20 parts (``MAX_PARTS`` + 4), each with two items; the last four
    parts are on ``last``."""
    words = "经济农业工业教育医疗交通文化科技生态住房就业养老安全法治开放创新"
    subjects = [words[k : k + 2] for k in range(0, len(words), 2)]
    lines = ["关于全面推进各项工作的讲话"]
    for k, subject in enumerate(subjects + [last] * 4):
        lines += [
            f"{_CN[k]}、着力抓好{subject}工作（{k + 1}）",
            f"（一）加快{subject}发展",
            f"要推进{subject}改革。",
            f"（二）强化{subject}保障",
            f"要完善{subject}体系。",
        ]
    return "\n".join(lines)


_CN = [*"一二三四五六七八九十"] + ["十" + c for c in "一二三四五六七八九"] + ["二十"]


def test_a_plan_longer_than_the_signature_is_scored_on_the_aligner_s_reading() -> None:
    # Two bills of 20 sections each sent the engine's score out of range (an
    # IndexError: parts beyond MAX_PARTS were indexed); the signature reads the
    # first MAX_PARTS parts, and so does the aligned score.
    a = skeleton_document(parse_text(_long_plan("金融")).documents[0])
    b = skeleton_document(parse_text(_long_plan("水利")).documents[0])
    assert len(a.sections) == len(b.sections) == MAX_PARTS + 4
    kw = {"inline": False, "candidates": 0, "fallback": False, "topics": False}
    assert aligned_template(align(a, a, **kw), a, a) == 1.0
    # The parts past MAX_PARTS differ, and are not read.
    assert aligned_template(align(a, b, **kw), a, b) == 1.0


def test_the_engine_task_scores_each_pair_as_one_alignment_read_alone_does() -> None:
    # The worker keeps each speech's reading for the whole task; every pair must
    # still get the score of its own alignment, whichever speeches it shares.
    files = sorted(GWR.glob("*.txt"))[:3] + sorted(SEEDS.glob("*.txt"))[:1]
    docs = [skeleton_document(parse_file(f).documents[0]) for f in files]
    pairs = [(0, 1), (0, 0), (1, 2), (1, 3), (2, 3), (0, 3)]
    got, stats = align_pairs(pairs, {k: pickle.dumps(d) for k, d in enumerate(docs)})
    kw = {"inline": False, "candidates": 0, "fallback": False, "topics": False}
    alone = [
        (i, j, round(aligned_template(align(docs[i], docs[j], **kw), docs[i], docs[j]), 4))
        for i, j in pairs
    ]
    assert got == alone
    assert stats.aligned == len(pairs) and stats.failures == 0
    assert dict(((i, j), s) for i, j, s in got)[0, 0] == 1.0  # a speech with itself
    assert len({s for *_, s in got}) > 1  # and the others differ


def test_templates_that_share_only_their_top_level_share_a_plan_not_a_template() -> None:
    rng = random.Random(7)
    top = [h for h, _ in _template(rng)]
    mine = [(h, ["，".join(rng.sample(PHRASES, 2)) for _ in range(4)]) for h in top]
    theirs = [(h, ["，".join(rng.sample(PHRASES, 2)) for _ in range(4)]) for h in top]
    scores = score_pair(_sig(mine), _sig(theirs))
    assert scores.outline >= OUTLINE_THRESHOLD
    assert scores.template < TEMPLATE_THRESHOLD


def test_roles_help_but_never_make_a_part_alone() -> None:
    assert roles_of(heading_key("统一思想、主动作为，充分认识开展助企解困活动的重要性")) == {
        "significance"
    }
    assert role_credit(frozenset({"significance"}), frozenset({"significance"})) == ROLE_CREDIT
    # Same role, no shared words: far from a full part (1.0) on the role alone.
    a = _sig([("统一思想形成共识", []), ("突出重点扎实推进", []), ("加强组织领导", [])])
    b = _sig([("提高政治站位深刻认识", []), ("把握重点精心谋划", []), ("强化保障确保实效", [])])
    assert score_pair(a, b).outline < 1.0
    assert heading_matrix(["扩大开放"], ["关注民生"])[0, 0] < 0.3
    # A placeholder absorbs the words another copy put there.
    slot = heading_matrix(
        [heading_key("充分认识开展XX的重要意义")],
        [heading_key("充分认识开展助企解困活动的重要意义")],
    )
    assert slot[0, 0] > 0.9


# Chapters of two party-congress reports (2017, 2022): one order of subjects, in
# other words. Bodies written for the test: the cue words of each chapter's subject,
# worded apart in the two reports, and none of the same sentences.
CONGRESS_A = [
    (
        "贯彻新发展理念，建设现代化经济体系",
        "深化供给侧结构性改革，加快建设创新型国家，发展实体经济和制造业，壮大民营经济。",
    ),
    (
        "坚定文化自信，推动社会主义文化繁荣兴盛",
        "繁荣文艺创作，发展文化事业和文化产业，培育社会文明风尚，建设体育强国。",
    ),
    (
        "提高保障和改善民生水平，加强和创新社会治理",
        "优先发展教育事业，提高就业质量和人民收入水平，完善社会保障体系，实施健康中国战略。",
    ),
    (
        "加快生态文明体制改革，建设美丽中国",
        "推进绿色发展，着力解决突出环境问题，加大生态系统保护力度，壮大节能环保产业。",
    ),
    (
        "坚持走中国特色强军之路，全面推进国防和军队现代化",
        "加强军队党的建设，深化国防和军队改革，建设世界一流军队，做好军事斗争准备。",
    ),
    (
        "坚持“一国两制”，推进祖国统一",
        "保持香港、澳门长期繁荣稳定，推进两岸关系和平发展，坚持一国两制方针。",
    ),
]
CONGRESS_B = [
    (
        "加快构建新发展格局，着力推动高质量发展",
        "扩大内需，推进新型工业化，支持民营企业，加快发展数字经济，建设现代化产业体系。",
    ),
    (
        "推进文化自信自强，铸就社会主义文化新辉煌",
        "提高全社会文明程度，繁荣发展文化事业，推进文化和旅游深度融合，广泛开展全民健身。",
    ),
    (
        "增进民生福祉，提高人民生活品质",
        "实施就业优先战略，健全多层次社会保障体系，推进健康中国建设，办好人民满意的教育。",
    ),
    (
        "推动绿色发展，促进人与自然和谐共生",
        "深入推进环境污染防治，提升生态系统多样性，积极稳妥推进碳达峰碳中和，发展低碳产业。",
    ),
    (
        "实现建军一百年奋斗目标，开创国防和军队现代化新局面",
        "全面加强练兵备战，提高人民军队打赢能力，巩固提高一体化国家战略体系，加快国防科技发展。",
    ),
    (
        "坚持和完善“一国两制”，推进祖国统一",
        "支持香港、澳门更好融入国家发展大局，坚持一个中国原则，促进两岸经济文化交流合作。",
    ),
]


def _report(chapters: list[tuple[str, str]]) -> str:
    nums = "一二三四五六七八九十"
    return "\n\n".join(f"{nums[k]}、{h}\n\n{body}" for k, (h, body) in enumerate(chapters))


def _areas_off(sig: Signature) -> Signature:
    return Signature(
        tuple(Part(p.heading, p.roles, p.subs, p.size, p.style) for p in sig.parts),
        sig.numbered,
        sig.grams,
    )


def test_a_part_s_areas_say_what_it_covers_beside_the_rest_of_the_speech() -> None:
    doc = parse_text(_report([*CONGRESS_A[:3], ("加强学习", "认真学习，深入领会。")])).documents[0]
    areas = part_areas(doc.sections)
    assert len(areas) == 4
    assert areas[3] == ()  # no cue words of any area
    culture, livelihood = list(AREAS).index("culture"), list(AREAS).index("livelihood")
    assert max(range(len(AREAS)), key=lambda k: areas[1][k]) == culture
    assert max(range(len(AREAS)), key=lambda k: areas[2][k]) == livelihood
    assert all(abs(sum(x * x for x in v) - 1) < 1e-3 for v in areas[:3])
    # One part, or parts that all say the same mix, stand out from nothing.
    one = parse_text(_report(CONGRESS_A[:1] * 2)).documents[0]
    assert part_areas(one.sections) == [(), ()]
    assert signature(doc).parts[1].areas == areas[1]


def test_chapters_on_the_same_subjects_in_order_share_a_plan_in_other_words() -> None:
    """Two party-congress reports five years apart word their chapters apart; their
    subjects (economy, culture, livelihood, ecology, defence, unification) come in one
    order. The headings alone fall short of a shared plan; with the parts' policy
    areas it is one."""
    a = signature(parse_text(_report(CONGRESS_A)).documents[0])
    b = signature(parse_text(_report(CONGRESS_B)).documents[0])
    assert all(p.areas for p in a.parts + b.parts)
    assert score_pair(_areas_off(a), _areas_off(b)).outline < OUTLINE_THRESHOLD
    assert score_pair(a, b).outline >= OUTLINE_THRESHOLD
    # Areas shift the plan, not the template: the items below are not compared by them.
    assert score_pair(a, b).template == score_pair(_areas_off(a), _areas_off(b)).template


def test_areas_never_make_a_part_alone() -> None:
    """Parts on the same subjects with headings that share nothing: each pair reaches
    the area credit at most, short of a full part, so the plan is not shared."""
    chapters = [(h, body) for (_, body), (h, _) in zip(CONGRESS_A, CONGRESS_B, strict=True)]
    renamed = [("第" + "一二三四五六"[k] + "部分", body) for k, (_, body) in enumerate(chapters)]
    a = signature(parse_text(_report(CONGRESS_A)).documents[0])
    b = signature(parse_text(_report(renamed)).documents[0])
    got = score_pair(a, b)
    assert got.outline < OUTLINE_THRESHOLD
    assert AREA_CREDIT < 1.0


def _gwr(name: str) -> Signature:
    return signature(parse_file(GWR / f"2026_{name}_政府工作报告.txt").documents[0])


def test_government_work_reports_share_a_plan_whatever_their_numbering() -> None:
    beijing = _gwr("北京市")
    assert score_pair(beijing, _gwr("浙江省")).outline >= OUTLINE_THRESHOLD
    # Gansu numbers no top heading; Inner Mongolia merged targets and tasks into two parts.
    assert score_pair(beijing, _gwr("甘肃省")).outline >= OUTLINE_THRESHOLD
    assert score_pair(_gwr("内蒙古自治区"), _gwr("甘肃省")).outline >= OUTLINE_THRESHOLD
    # Their items share the genre's vocabulary in every part: not one template.
    assert score_pair(beijing, _gwr("浙江省")).template < TEMPLATE_THRESHOLD


def test_an_end_of_term_report_shares_the_plan_of_the_year_s_reports() -> None:
    """The last report of a government's term has two parts (the national ones of 2018
    and 2023): the review, and ``对今年政府工作的建议`` holding the year's targets and
    tasks. Shanghai's report recast so (its parts two to four made the second part's
    items) still shares the plan of Zhejiang's and Beijing's."""
    doc = parse_file(GWR / "2026_上海市_政府工作报告.txt").documents[0]
    review, *rest = doc.sections
    proposals = replace(
        rest[0], heading="对今年政府工作的建议", children=tuple(c for s in rest for c in s.children)
    )
    end_of_term = signature(
        replace(doc, sections=(replace(review, heading="过去一年和五年工作回顾"), proposals))
    )
    assert {"goals", "tasks"} <= end_of_term.parts[1].roles
    for other in ("浙江省", "北京市"):
        assert score_pair(end_of_term, _gwr(other)).outline >= OUTLINE_THRESHOLD, other


def test_mobilisation_speeches_share_a_plan_in_other_words() -> None:
    a = signature(parse_file(SEEDS / "000_44149a710ae6c111.txt").documents[0])
    b = signature(parse_file(SEEDS / "001_201c1d1fe805fb54.txt").documents[0])
    scores = score_pair(a, b)
    assert scores.outline >= OUTLINE_THRESHOLD
    assert scores.template < TEMPLATE_THRESHOLD


def test_a_part_that_is_the_other_report_s_last_task_still_counts() -> None:
    # Shanghai's 四、深入推进政府治理创新 is Zhejiang's （十）着力加强政府自身建设: one
    # part demoted to a task. With the task renamed to another subject, nothing
    # on Zhejiang's side announces the government's own work.
    shanghai, zhejiang = _gwr("上海市"), _gwr("浙江省")
    assert shanghai.mains[-1] == "self_building"
    tasks = zhejiang.parts[2]
    last = tasks.subs.index(heading_key("着力加强政府自身建设"))
    subs = list(tasks.subs)
    subs[last] = heading_key("着力推进城市更新")
    renamed = replace(tasks, subs=tuple(subs), roles=tasks.roles)
    other = Signature(
        (*zhejiang.parts[:2], renamed, *zhejiang.parts[3:]), zhejiang.numbered, zhejiang.grams
    )
    demoted, gone = score_pair(shanghai, zhejiang), score_pair(shanghai, other)
    assert demoted.pairs == gone.pairs  # the parts paired in order are the same
    assert demoted.outline - gone.outline > 0.05
    assert gone.outline >= OUTLINE_THRESHOLD  # the rest of the plan carries it anyway


def test_a_rhetorical_heading_takes_its_role_from_the_part_s_opening() -> None:
    # Fujian's four parts name no part of the plan; their openings do.
    text = "\n".join(
        [
            "2026年福建省政府工作报告",
            "一、一年接着一年干，新福建建设持续取得新进展新成效",
            "2025年是“十四五”收官之年。一年来，我们坚持稳中求进工作总基调。",
            "二、一张蓝图绘到底，奋力谱写中国式现代化福建篇章",
            "省政府根据《中共福建省委关于制定福建省国民经济和社会发展第十五个五年规划的建议》，"
            "编制了《纲要（草案）》。",
            "三、一鼓作气勇争先，全力推动“十五五”开好局起好步",
            "做好今年政府工作，要坚持以习近平新时代中国特色社会主义思想为指导。",
            "四、一以贯之转作风，努力建设人民满意的服务型政府",
            "新征程上，我们要始终牢记政府前面的“人民”二字。",
        ]
    )
    sig = signature(parse_text(text).documents[0])
    assert sig.mains == ("review", "goals", "tasks", "self_building")
    assert part_roles(heading_key("一以贯之转作风"), "一年来，我们……") == frozenset({"review"})
    # A heading's own cue words come first, whatever the text says.
    review = heading_key("主要成就回顾")
    assert part_roles(review, "我们将……") == roles_of(review) == frozenset({"review"})


def test_a_moved_part_still_counts_half() -> None:
    parts = [("过去一年工作回顾", []), ("今年发展主要预期目标", []), ("今年重点工作", [])]
    swapped = [parts[0], parts[2], parts[1]]
    in_order, moved = score_pair(_sig(parts), _sig(parts)), score_pair(_sig(parts), _sig(swapped))
    assert in_order.outline == 1.0
    assert 0.75 <= moved.outline < 1.0


def _brute(w: np.ndarray) -> float:
    best = 0.0
    n, m = w.shape
    for k in range(1, min(n, m) + 1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.combinations(range(m), k):
                best = max(best, sum(max(0.0, w[r, c]) for r, c in zip(rows, cols, strict=True)))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_in_order_pairing_is_the_best_in_order_pairing(seed: int) -> None:
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.4, size=(int(rng.integers(1, 6)), int(rng.integers(1, 6))))
    assert chain_total(w) == pytest.approx(_brute(w))
    pairs = chain_pairs(w)
    assert sum(x for _, _, x in pairs) == pytest.approx(_brute(w))
    assert all(a < b for (a, _, _), (b, _, _) in itertools.pairwise(pairs))
    assert all(a < b for (_, a, _), (_, b, _) in itertools.pairwise(pairs))
    big = rng.normal(0.0, 0.4, size=(9, 11))  # numpy path
    assert chain_total(big) == pytest.approx(sum(x for _, _, x in chain_pairs(big)))


def test_lsh_bands_minimise_false_positives_and_negatives() -> None:
    # The optimum for 128 slots, as the textbook integral gives it (and datasketch's
    # MinHashLSH picks it).
    expected = {0.2: (28, 2), 0.3: (37, 3), 0.4: (32, 4), 0.5: (25, 5), 0.7: (14, 9)}
    for threshold, bands in expected.items():
        assert band_params(threshold) == bands


def test_rare_heading_bigrams_find_noisy_copies_among_strangers() -> None:
    rng = random.Random(8)
    tpl = _template(rng)
    copies = [_member(tpl, 0.4, 100 + k) for k in range(6)]
    strangers = [_member(_template(random.Random(200 + k)), 0.1, k) for k in range(60)]
    sigs = copies + strangers
    found = idf_neighbours([s.grams for s in sigs], range(len(sigs)), k=4, max_df=30)
    for i in range(len(copies)):
        mine = {j for pair in found if i in pair for j in pair if j != i}
        assert mine & set(range(len(copies))), i


def _cosine_top(grams: list[np.ndarray], k: int, max_df: int) -> dict[tuple[int, int], float]:
    """idf_neighbours written the slow, obvious way: dicts of weights, every pair."""
    df = collections.Counter(g for gs in grams for g in gs.tolist())
    n = len(grams)
    vecs = []
    for gs in grams:
        w = {g: math.log(n / df[g]) for g in gs.tolist() if 2 <= df[g] <= max_df}
        norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
        vecs.append({g: v / norm for g, v in w.items()})
    out: dict[tuple[int, int], float] = {}
    for i in range(n):
        sims = []
        for j in range(n):
            if j != i:
                s = sum(v * vecs[j].get(g, 0.0) for g, v in vecs[i].items())
                if s > 0:
                    sims.append((s, j))
        for s, j in sorted(sims, reverse=True)[:k]:
            pair = (min(i, j), max(i, j))
            out[pair] = max(out.get(pair, 0.0), round(s, 4))
    return out


def test_idf_neighbours_match_the_definition_whatever_the_blocks_and_threads() -> None:
    rng = np.random.default_rng(5)
    # 40 speeches over 120 grams, some shared widely, some by two only, some by one.
    grams = [np.unique(rng.zipf(1.4, size=25) % 120).astype(np.uint64) for _ in range(40)]
    grams[7] = np.zeros(0, dtype=np.uint64)  # a speech with no grams takes no part
    members = [i for i in range(40) if i != 3]
    seen = [i for i in members if len(grams[i])]  # the speeches N counts
    want = _cosine_top([grams[i] for i in seen], k=3, max_df=12)
    want = {(seen[i], seen[j]): v for (i, j), v in want.items()}
    one = idf_neighbours(grams, members, k=3, max_df=12, block=512)
    assert one.keys() == want.keys()
    assert all(abs(one[p] - want[p]) <= 1e-4 for p in want)
    for block, threads in ((5, 1), (5, 2), (7, 3)):
        got = idf_neighbours(grams, members, k=3, max_df=12, block=block, threads=threads)
        assert got == one and list(got) == list(one), (block, threads)


def test_sorted_runs_give_each_run_of_equal_values() -> None:
    starts, lengths = sorted_runs(np.array([3, 3, 5, 7, 7, 7], dtype=np.uint64))
    assert starts.tolist() == [0, 2, 3] and lengths.tolist() == [2, 1, 3]
    assert [a.size for a in sorted_runs(np.zeros(0, dtype=np.int64))] == [0, 0]


def _outline_over(table: dict[tuple[int, int], float], fams: list[Family], n: int) -> Levels:
    """Outline families over speeches 0..n-1 scored by ``table`` (every pair verified)."""
    return outline_families(
        fams,
        range(n),
        [(i, j, s) for (i, j), s in table.items()],
        lambda i, j: table[min(i, j), max(i, j)],
        threshold=0.68,
    )


def test_template_families_lie_inside_outline_families() -> None:
    # 0-3 share a template; 4-5 share only its plan; 6 shares nothing.
    table = {}
    for i, j in itertools.combinations(range(7), 2):
        if j == 6:
            table[i, j] = 0.1
        elif i < 4 and j < 4:
            table[i, j] = 0.9
        else:
            table[i, j] = 0.8
    fam = Family(0, (0, 1, 2, 3), (1.0, 0.9, 0.9, 0.9))
    levels = _outline_over(table, [fam], 7)
    assert [f.members for f in levels.outline] == [(0, 1, 2, 3, 4, 5)]
    assert levels.parent == (0,)
    assert set(levels.template[0].members) <= set(levels.outline[0].members)


def test_one_worn_member_does_not_keep_two_units_sharing_a_plan_apart() -> None:
    """Two template families (0-2, 3-5) share a plan; member 5's headings were worn
    down, so its outline scores are low. Each sampled member's best partner in the
    other family still shares the plan, so the two become one outline family."""
    table = {}
    for i, j in itertools.combinations(range(6), 2):
        same = (i < 3) == (j < 3)
        table[i, j] = 0.9 if same else (0.4 if 5 in (i, j) else 0.75)
    fams = [Family(0, (0, 1, 2), (1.0, 0.9, 0.9)), Family(3, (3, 4, 5), (1.0, 0.9, 0.9))]
    levels = _outline_over(table, fams, 6)
    # Best partners: rows 0.75 each, columns 0.75, 0.75, 0.4: 4.15 / 6 = 0.69. A plain
    # mean over the 3 x 3 sampled pairs would be (6 * 0.75 + 3 * 0.4) / 9 = 0.63.
    assert [f.members for f in levels.outline] == [(0, 1, 2, 3, 4, 5)]
    assert levels.parent == (0, 0)


def test_two_families_whose_closest_members_are_worn_still_share_their_plan() -> None:
    """Two template families (0-5, 6-11) share a plan. In each, the two members closest
    to the anchor (exact copies of the template) had their top-level headings worn
    down, so they score 0.45 with everything outside their family. The unit score
    samples the anchor and four members: rows and columns 0.85, 0.45, 0.45, 0.85,
    0.85, mean 0.69. With the anchor and two members it would be (0.85 + 0.45 +
    0.45) / 3 = 0.58 and the plan would be missed (generated corpus, seed 2)."""
    worn = {1, 2, 7, 8}
    table = {}
    for i, j in itertools.combinations(range(12), 2):
        if (i < 6) == (j < 6):
            table[i, j] = 0.9
        else:
            table[i, j] = 0.45 if worn & {i, j} else 0.85
    scores = (1.0, 1.0, 1.0, 0.9, 0.9, 0.9)
    fams = [Family(0, tuple(range(6)), scores), Family(6, tuple(range(6, 12)), scores)]
    levels = _outline_over(table, fams, 12)
    assert [f.members for f in levels.outline] == [tuple(range(12))]
    assert levels.parent == (0, 0)
