"""Normalisation: the fast fold equals NFKC + punctuation map; placeholders become wildcards."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.normalize import _PUNCT_MAP, WILDCARD, fold, normalize, sub_placeholders


def reference(text: str) -> str:
    """The definition: NFKC, then CJK punctuation folded, whitespace dropped, placeholders."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP))
    return sub_placeholders(folded, WILDCARD)


CHARS = list("中文讲话，。、；：？！“”‘’（）【】《》〈〉—―…·～ＡＢ１２＊　 \t\n\r")
CHARS += list("xX×*○〇年月2019abcXML①㈠ﬁ\u00a0")


@settings(max_examples=500)
@given(st.lists(st.sampled_from(CHARS), max_size=60).map("".join))
def test_fast_fold_matches_the_definition(text: str) -> None:
    assert normalize.__wrapped__(text) == reference(text)


def test_examples() -> None:
    w = WILDCARD
    assert normalize("充分认识开展XX的重要意义") == f"充分认识开展{w}的重要意义"
    assert normalize("20xx年，市×届人大×次会议") == f"{w}年,市{w}届人大{w}次会议"
    assert normalize("xxxx年x月xx日") == f"{w}年{w}月{w}日"
    assert normalize("XML box") == "XMLbox"
    assert fold("（一）　测试，中文。") == "(一)测试,中文."
