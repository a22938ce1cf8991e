"""Default settings of the aligner, in a module light enough for the command line.

``speechdiff --help`` builds every command's options, so the numbers the options
show must not need numpy or the alignment engine to be imported.
"""

from __future__ import annotations

__all__ = ["CONTEXT_WEIGHT", "GAP_THRESHOLD", "HEADING_WEIGHT", "TEXT_WEIGHT", "THRESHOLD"]

THRESHOLD = 0.3  # content score a pair needs to match anywhere (across parents)
GAP_THRESHOLD = 0.06  # content score enough for siblings of matched parents and for pieces
HEADING_WEIGHT = 0.3  # weight of headings in the content score
TEXT_WEIGHT = 0.7  # weight of own text and subtree in the content score
CONTEXT_WEIGHT = 0.15  # share of places among siblings in a sibling pair's deciding score
