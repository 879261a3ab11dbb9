"""Errors the library raises. Only the CLI turns them into messages and exit codes.

Every message is one line and, where there is one, names the next thing to do.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(BriefingError):
    """Unreadable, empty or malformed input (articles, a glossary file). Names file and line."""

    exit_code = 1


class GlossaryError(InputError):
    """A glossary file that cannot be loaded or edited as asked."""


class ModelError(BriefingError):
    """A model that is unknown, not available offline, or broken."""

    exit_code = 2


class MissingDependencyError(BriefingError):
    """An optional package a chosen feature needs is not installed."""

    exit_code = 2
