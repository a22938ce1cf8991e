"""Real scraped bills: families decided by shared model text, not by shared PDF furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_support import ROOT, Run, batch, copy_fixtures

from compare.batch.grouping import TEMPLATE_THRESHOLD
from compare.batch.passages import SEVERAL, TEXT_FULL, TEXT_FULL_LATIN, Passage, text_scores
from compare.batch.scoring import score_pair
from compare.batch.signatures import signature
from compare.parse import parse_file

SICK = ("bill_04.txt", "bill_13.txt")  # Florida, Oregon: one paid-sick-leave model
IMMIGRATION = ("bill_24.txt", "bill_25.txt")  # Kansas, Florida: one immigration model


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("bills")
    src = copy_fixtures(base / "in", *(f"bills/{n}" for n in (*SICK, *IMMIGRATION)), "en/bill.txt")
    result = batch(src, out=base / "out")
    assert result.code == 0, result.stderr
    return result


def test_each_model_makes_one_family_and_the_models_stay_apart(run: Run) -> None:
    sick = {run.family_of(n) for n in SICK}
    immigration = {run.family_of(n) for n in IMMIGRATION}
    assert len(sick) == 1 and None not in sick
    assert len(immigration) == 1 and None not in immigration
    assert sick != immigration
    assert run.family_of("/bill.txt") is None


def test_bills_of_one_state_on_different_subjects_do_not_share_a_template() -> None:
    """Florida's sick-leave and immigration bills: both a section ``Section N,
    Florida Statutes, is created to read`` holding the act's subsections, and an
    effective date. Their subsections' headings are long sentences of legal
    English; compared letter by letter they looked alike throughout (template
    1.0), word by word they do not."""
    sick, immigration = (
        signature(parse_file(ROOT / "fixtures" / "bills" / name).documents[0])
        for name in (SICK[0], IMMIGRATION[1])
    )
    assert score_pair(sick, immigration).template < TEMPLATE_THRESHOLD


def test_line_number_columns_are_not_reused_passages(run: Run) -> None:
    ids = {d["id"]: Path(d["source"]).name for d in run.report["documents"]}
    for p in run.report["reused_passages"]:
        a, b = ids[p["a"]], ids[p["b"]]
        assert {a, b} not in ({SICK[1], IMMIGRATION[0]}, {SICK[0], IMMIGRATION[0]}), p
        text = (run.out.parent / "in" / a).read_text(encoding="utf-8", errors="replace")
        span = text[p["a_span"][0] : p["a_span"][1]]
        assert any(c.isalpha() for c in span), span


def _passages(n: int, a: int, b: int, each: int) -> list[Passage]:
    return [
        Passage(
            a,
            (0, 1),
            b,
            (0, 1),
            1.0,
            each,
            each,
            (k * each, (k + 1) * each),
            (k * each, (k + 1) * each),
        )
        for k in range(n)
    ]


def test_latin_pairs_sharing_several_passages_are_read_on_their_own_scale() -> None:
    sizes = [1000, 1000]
    covered = int(1000 * TEXT_FULL_LATIN)  # that share of both, in SEVERAL passages
    several = _passages(SEVERAL, 0, 1, covered // SEVERAL)
    assert text_scores(several, sizes, latin=[True, True])[0, 1] == pytest.approx(1.0, abs=0.01)
    # The same coverage in Chinese, or in one passage (a quotation), is far from a family.
    assert text_scores(several, sizes, latin=[False, False])[0, 1] < TEMPLATE_THRESHOLD
    one = _passages(1, 0, 1, covered)
    assert text_scores(one, sizes, latin=[True, True])[0, 1] == pytest.approx(
        TEXT_FULL_LATIN / TEXT_FULL, abs=0.01
    )
