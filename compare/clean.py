"""Find advert blocks and website or PDF furniture, so the outline sees only the speech.

Nothing is deleted from the text: :func:`find_noise` names the lines to skip and
why, :func:`trim_line_numbers` the line numbers a PDF printed in the margin, and
the parser reports both as removed spans.

Scraped bills and other PDF text carry furniture of their own: page headers and
footers (``Page 3 of 12``, ``- 2 -``), the bill's number repeated on every page
(``HB 2505``), short lines repeated page after page, and a line number at the
start or the end of every line, sometimes glued to the last word
(``liability17``). Line numbers are recognised by their run (each one more than
the line before, restarting on a new page), never by a single number.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .cues import is_title
from .lines import Line
from .model import Removed

__all__ = ["find_noise", "trim_line_numbers"]

# Resale-site adverts: one of these anywhere in a short line marks it.
_ADVERT = re.compile(
    r"仅供学习|禁止外传|会员群|QQ群|[qQ]{2}群|打击倒卖|倒卖|举报成功|立享|订阅|会员资料|会员材料|"
    r"微信公众号|关注公众号|扫码|扫一扫|二维码|加微信|微信号|VIP|下载券|付费下载|免费下载|"
    r"原创文章|禁止转载|侵权必究|版权所有"
)
# Page furniture: the whole (short) line is one of these.
_FURNITURE = re.compile(
    r"(?:下载|打印|打印本页|全屏|收藏|分享|分享[到至]?[：:]?.*|关闭|关闭窗口|返回顶部|加大|还原|减小|"
    r"放大|缩小|[大中小×|>＞/·]|】|【|首页|您的位置[：:]?|当前位置[：:]?|字体[：:]?|【?字体[：:]?.*|"
    r"\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?\s*\d{1,2}[:：时]\d{1,2}(?:[:：分]\d{0,2}秒?)?|"
    r"[0-9a-f]{16,}[：:]?|相关(?:报道|文档|附件|链接|新闻|阅读|文章|稿件)[：:>》]*.*|"
    r"扫一扫.*|手机(?:看|版|阅读).*|"
    r"【?字号[：:]?.*|来源[：:].*|时间[：:].*\d.*|发布时间[：:].*|日期[：:]\s*\d.*|作者[：:].*|"
    r"浏览(?:次数|量)?[：:]?.*\d.*|点击[：:]?\s*\d+.*|阅读(?:次数|量)[：:]?.*|责任编辑[：:].*|"
    r"编辑[：:].*|审核[：:].*|相关范文推荐|猜您喜欢|猜你喜欢|热门推荐|相关推荐|相关阅读|相关文章|"
    r"推荐阅读|延伸阅读|上一篇[：:]?.*|下一篇[：:]?.*|欢迎大家阅读.*|欢迎阅读.*|"
    r"[下以]面是小编.*|[下以]下?是小编.*|小编.*整理.*|本文(?:由|来自|系).*|"
    r"Copyright.*|©.*|首页\s*>.*|当前位置[：:].*|[^\s]{0,8}\s*>\s*[^\s]{0,8}\s*>.*|"
    r"讲话稿。|范文。)"
)
# Captions under news photos: "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿 摄".
_CAPTION = re.compile(
    r"^\S{1,20}?作(?:了)?(?:政府)?工作报告[。.]|"
    r"记者\s*\S{1,8}\s*摄$|[（(]\S{0,12}摄[）)]$|^图为|摄影[：:]|^图[：:]|"
    r"^[^，。]{1,24}(?:代表\S{0,12})?作(?:了)?(?:政府)?工作报告[。.]?(?:\s|$)|本报记者|新华社记者|记者\s*\S{2,4}\s*摄"
)
# A compilation's own header: "最优人大工作会议讲话稿(案例15篇)", "……范文10篇".
_COMPILATION = re.compile(
    r"[（(【\[]\s*(?:案例|范文|精选|通用|优秀)?\s*\d{1,3}\s*篇\s*[）)】\]]$|"
    r"(?:范文|案例)\s*\d{1,3}\s*篇|(?:范文|案例)(?:精选|大全|汇编|合集)"
)
# Every caption holds one of these (a cheap test before the pattern's scan).
_CAPTION_HINTS = ("摄", "工作报告", "图", "记者")
# A site blurb about its own collection ("通过阅读这些范文……").
_BLURB = re.compile(r"范文|小编|本站|本网|本文档|这些讲话稿|下文|下面是|欢迎下载|以供参考")

# Where a web page's own tail begins; all after it is the page's, not the speech's.
_TAIL = re.compile(
    r"(?:相关(?:报道|文档|附件|链接|新闻|阅读|文章|范文推荐)|猜您喜欢|猜你喜欢|热门推荐|"
    r"责任编辑|扫一扫在手机|打印本页|关闭窗口)"
)
# PDF page furniture in Latin-script files: page numbers, "Page 3 of 12", bill numbers.
_PAGE = re.compile(
    r"(?i:page|p\.)\s*\d{1,4}(?:\s*(?i:of|/)\s*\d{1,4})?|"
    r"[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?|\d{1,4}\s*/\s*\d{1,4}|"
    r"(?:H\.?\s?[BFR]\.?|S\.?\s?[BFR]\.?|L\.?\s?B\.?|A\.?\s?B\.?|[HS]\.?\s?J\.?\s?R\.?|"
    r"HJM|HIR|HCR|SCR)\s*(?:NO\.?\s*)?\d{1,5}[A-Z]?(?:\s+\S{1,12}){0,2}"
)
_LATIN_ONLY = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]*")
_REPEATS = 3  # a short Latin line seen this often is a running header or footer
_REPEAT_MAX = 60
# Line numbers: a number at the end of a line (perhaps glued to the last word) or at its start.
_TRAIL_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})\s*$")
_LEAD_NUMBER = re.compile(r"^(\d{1,3})(?=[ \t\u3000])")
_RUN_MIN = 8  # consecutive increments that make a run of line numbers
_RUN_SKIP = 2  # lines without a number (headers) a run may step over
_TAIL_MAX_LINE = 300
_SHORT = 40
_BLURB_MAX = 160
_GAP = 3


def _reason(line: Line) -> str | None:
    t = line.text
    n = len(t)
    if n <= 80 and _ADVERT.search(t):
        return "advert"
    if n <= 80 and _FURNITURE.fullmatch(t):
        return "site furniture"
    if n <= 200 and any(h in t for h in _CAPTION_HINTS) and _CAPTION.search(t):
        return "photo caption"
    if n <= 60 and _COMPILATION.search(t):
        return "compilation header"
    if n <= 40 and _PAGE.fullmatch(t) and _LATIN_ONLY.fullmatch(t):
        return "page furniture"
    if (
        n <= _BLURB_MAX
        and _BLURB.search(t)
        and not t.startswith(("同志们", "各位"))
        and not is_title(t)
    ):
        return "site blurb"
    return None


def find_noise(lines: Sequence[Line]) -> dict[int, str]:
    """Map line index to the reason it is noise, for every noise line in ``lines``."""
    noise: dict[int, str] = {}
    for line in lines:
        reason = _reason(line)
        if reason is not None:
            noise[line.index] = reason
    _mark_tail(lines, noise)
    _mark_repeats(lines, noise)
    # Advert blocks: short lines sandwiched between advert lines belong to the block
    # ("酷乐文行", "自建平台、实时分享" between "仅供学习 禁止外传" and "【打击倒卖活动】").
    adverts = sorted(i for i, r in noise.items() if r == "advert")
    for left, right in itertools.pairwise(adverts):
        if 1 < right - left <= _GAP + 1:
            between = range(left + 1, right)
            if all(len(lines[i].text) <= _SHORT for i in between):
                for i in between:
                    noise.setdefault(i, "advert")
    return noise


def _mark_repeats(lines: Sequence[Line], noise: dict[int, str]) -> None:
    """Mark short Latin-script lines repeated page after page as running headers.

    Chinese lines are left alone: a compilation repeats its speeches' titles
    (``工作会议讲话稿``), which split it.
    """
    counts = Counter(
        ln.text for ln in lines if len(ln.text) <= _REPEAT_MAX and _LATIN_ONLY.fullmatch(ln.text)
    )
    for ln in lines:
        if counts[ln.text] >= _REPEATS and any(c.isalpha() for c in ln.text):
            noise.setdefault(ln.index, "page header")


def _runs(numbers: Sequence[int | None]) -> set[int]:
    """Positions whose numbers belong to a run that counts up by one, line after line.

    A run may step over ``_RUN_SKIP`` positions without a number (a header
    between two pages) and restarts when the count restarts; it needs
    ``_RUN_MIN`` increments.
    """
    found: set[int] = set()
    run: list[int] = []
    gap = 0
    for k, num in enumerate(numbers):
        if num is None:
            gap += 1
            if gap > _RUN_SKIP:
                if len(run) > _RUN_MIN:
                    found.update(run)
                run, gap = [], 0
            continue
        prev = numbers[run[-1]] if run else None
        if prev is not None and num == prev + 1:
            run.append(k)
        else:
            if len(run) > _RUN_MIN:
                found.update(run)
            run = [k]
        gap = 0
    if len(run) > _RUN_MIN:
        found.update(run)
    return found


_TRAIL_DIGITS = re.compile(r"(\d{1,4})\s*$")


def _trailing(texts: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Where each line's trailing line number sits (position -> span in its text).

    A run starts on a number that stands apart (:data:`_TRAIL_NUMBER`: not after a
    digit, a point or a comma) and goes on through lines whose last digits end in the
    next number, whatever stands before them: a PDF glues its line numbers to the
    text (``may be1``, ``Workplaces Act.2``, ``under 2919`` for ``under 29`` on line
    19). The next number is the previous plus one, or plus the lines since (a line
    whose number was lost); a run steps over ``_RUN_SKIP`` lines without it and needs
    ``_RUN_MIN`` increments, as :func:`_runs` counts them.
    """
    found: dict[int, tuple[int, int]] = {}
    run: list[tuple[int, tuple[int, int]]] = []
    last_k = last_num = 0

    def close() -> None:
        if len(run) > _RUN_MIN:
            found.update(run)
        run.clear()

    for k, text in enumerate(texts):
        # A number at the end leaves a digit or a space last: skip the scan otherwise.
        ends = bool(text) and (text[-1].isdigit() or text[-1].isspace())
        m = _TRAIL_DIGITS.search(text) if ends else None
        if m is not None and run and k - last_k <= _RUN_SKIP + 1:
            digits, end = m.group(1), m.end(1)
            nexts = (last_num + 1, last_num + (k - last_k))
            got = next((n for n in nexts if digits.endswith(str(n))), None)
            if got is not None:
                run.append((k, (end - len(str(got)), end)))
                last_k, last_num = k, got
                continue
        strict = _TRAIL_NUMBER.search(text) if m is not None else None
        if strict is None:  # no number, or digits of the text itself (``in 2025``)
            if run and k - last_k > _RUN_SKIP:
                close()
            continue
        close()  # a number standing apart that does not go on with the run starts another
        run.append((k, strict.span(1)))
        last_k, last_num = k, int(strict.group(1))
    close()
    return found


def trim_line_numbers(lines: Sequence[Line]) -> tuple[list[Line], list[Removed]]:
    """``lines`` without the line numbers a PDF printed at their start or end.

    Returns the lines (a line that held only its number is dropped) and the
    removed numbers as spans with the reason ``line number``.
    """
    out = list(lines)
    removed: list[Removed] = []
    for at_end in (True, False):
        if at_end:
            spans = _trailing([ln.text for ln in out])
        else:
            found = [_LEAD_NUMBER.search(ln.text) for ln in out]
            keep = _runs([int(m.group(1)) if m else None for m in found])
            spans = {k: m.span(1) for k, m in enumerate(found) if m is not None and k in keep}
        if not spans:
            continue
        trimmed: list[Line] = []
        for k, ln in enumerate(out):
            span = spans.get(k)
            if span is None:
                trimmed.append(ln)
                continue
            lo, hi = span
            removed.append(Removed((ln.start + lo, ln.start + hi), "line number", ln.text[lo:hi]))
            rest = ln.text[:lo].rstrip() if at_end else ln.text[hi:].lstrip()
            if rest:
                start = ln.start if at_end else ln.start + len(ln.text) - len(rest)
                trimmed.append(replace(ln, start=start, end=start + len(rest), text=rest))
        out = trimmed
    if all(ln.index == k for k, ln in enumerate(out)):
        return out, removed
    return [replace(ln, index=k) for k, ln in enumerate(out)], removed


def _mark_tail(lines: Sequence[Line], noise: dict[int, str]) -> None:
    """Mark a page's trailing furniture (related links, editor, share buttons) as noise."""
    from .markers import markers_at

    for k, line in enumerate(lines):
        if len(line.text) <= 40 and _TAIL.match(line.text):
            rest = lines[k:]
            if all(len(ln.text) <= _TAIL_MAX_LINE for ln in rest) and not any(
                m.style in ("cn_dun", "cn_paren") for ln in rest for m in markers_at(ln.text)
            ):
                for ln in rest:
                    noise.setdefault(ln.index, "site furniture")
                return
