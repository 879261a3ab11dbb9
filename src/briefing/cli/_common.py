"""Console and option types shared by the command modules."""

from __future__ import annotations

from rich.console import Console

# Results go to stdout (plain print); progress, warnings and hints go here, so pipes stay clean.
err = Console(stderr=True)
