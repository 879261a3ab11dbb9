"""Settings and where things live: packaged defaults < ``BRIEFING_*`` environment < flags.

Nothing here runs at import time; every function reads the environment when called, so
tests can point homes and caches at temporary folders.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MT_MODEL = "opus-mt-ko-en"
DEFAULT_SUMMARIZER = "distilbart-cnn-12-6"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Translation memory and converted models: ``BRIEFING_CACHE_DIR`` or the user cache dir."""
    from platformdirs import user_cache_dir

    return _env_path("BRIEFING_CACHE_DIR") or Path(user_cache_dir("briefing", appauthor=False))


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return _env_path("BRIEFING_CONFIG_DIR") or Path(user_config_dir("briefing", appauthor=False))


def default_glossary_dir() -> Path:
    """The shipped glossary: ``BRIEFING_GLOSSARY_DIR``, else the repo's ``glossary/`` (source
    checkouts and editable installs), else the copy packaged inside the wheel."""
    explicit = _env_path("BRIEFING_GLOSSARY_DIR")
    if explicit is not None:
        return explicit
    here = Path(__file__).resolve().parent
    repo = here.parent.parent / "glossary"
    if (here.parent.name == "src") and repo.is_dir():
        return repo
    return here / "glossary"


def user_glossary_path() -> Path:
    """Where ``glossary add`` writes when no ``--file`` is given."""
    return config_dir() / "glossary.tsv"


def extra_glossary_files() -> list[Path]:
    """``BRIEFING_GLOSSARY``: extra glossary files, separated by the OS path separator."""
    value = os.environ.get("BRIEFING_GLOSSARY", "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def mt_model_name(flag: str | None = None) -> str:
    return flag or os.environ.get("BRIEFING_MT_MODEL") or DEFAULT_MT_MODEL


def summarizer_name(flag: str | None = None) -> str:
    return flag or os.environ.get("BRIEFING_SUMMARIZER") or DEFAULT_SUMMARIZER
