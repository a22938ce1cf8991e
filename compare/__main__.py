"""``python -m compare`` runs the speechdiff command line."""

import sys

from .cli import main

sys.exit(main())
