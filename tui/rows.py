"""The row model now lives in :mod:`compare.render.rows`, shared with the static views.

This name stays only so that modules importing ``Row`` from ``tui.rows``
(``tui.screens.main``) keep working; new code imports from the core directly.
"""

from __future__ import annotations

from compare.render.rows import Row

__all__ = ["Row"]
