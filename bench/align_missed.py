"""What the aligner misses on the real development set, and whether a threshold could find it.

Usage: python bench/align_missed.py [--names a,b,...]

For every Chinese pair of ``bench/aligndev/`` (the bills are left out: two pairs, and
words rather than characters), every annotated link the aligner does not report is
put in one of four groups by whether each of its sections is matched to something
else: ``free/free``, ``matched/free``, ``free/matched``, ``matched/matched``. Then
every unreported pair of annotated sections in each group is scored (the aligner's
own content score, ``compare.scores``), and for a range of thresholds the script
prints how many such pairs reach it *and are the best of their row and column among
the annotated sections*, and how many of those are annotated links: the precision a
"leftover" pass at that threshold would have. It answers "could a lower threshold,
or one more pass, find the missing links without losing precision?".
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence

from aligndev import annotated_content, load_pairs

from compare.align import align

THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3)
GROUPS = ("free/free", "matched/free", "free/matched", "matched/matched")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", default="", help="pair names (default: every Chinese pair)")
    args = ap.parse_args(argv)
    names = [n for n in args.names.split(",") if n] or None
    # group -> list of (content, is_gold, best_of_row_and_column)
    seen: dict[str, list[tuple[float, bool, bool]]] = collections.defaultdict(list)
    missed: collections.Counter[str] = collections.Counter()
    gold_total = 0
    for p in load_pairs(names):
        if p.name.startswith("bills"):
            continue
        found = {(m.a, m.b) for m in align(p.a, p.b, inline=False, candidates=0).matches}
        in_a = {x for x, _ in found}
        in_b = {y for _, y in found}
        xs, ys, content = annotated_content(p)
        gold_total += len(p.gold)
        for u, x in enumerate(xs):
            for v, y in enumerate(ys):
                if (x, y) in found:
                    continue
                group = ("matched" if x in in_a else "free") + "/"
                group += "matched" if y in in_b else "free"
                gold = (x, y) in p.gold
                if gold:
                    missed[group] += 1
                c = float(content[u, v])
                best = c >= float(content[u].max()) and c >= float(content[:, v].max())
                seen[group].append((c, gold, best))
    print(f"annotated links {gold_total}, missed {sum(missed.values())}")
    print(f"{'group':<16}{'missed':>7}  " + "  ".join(f">={t:<4} sel/gold" for t in THRESHOLDS))
    for g in GROUPS:
        cells = []
        for t in THRESHOLDS:
            sel = [gold for c, gold, best in seen[g] if c >= t and best]
            cells.append(f"{len(sel):>6}/{sum(sel):<6}")
        print(f"{g:<16}{missed[g]:>7}  " + "  ".join(cells))
    for g in GROUPS:
        missed_scores = sorted(c for c, gold, _ in seen[g] if gold)
        if missed_scores:
            mid = missed_scores[len(missed_scores) // 2]
            print(
                f"  {g}: content of the missed links, median {mid:.3f}, max {missed_scores[-1]:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
