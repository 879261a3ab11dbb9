"""The code style is part of the test suite, so CI and a newcomer's test command both check it."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(REPO / ".venv" / "bin" / "ruff")
    r = subprocess.run(
        [ruff, "check", "src", "tests", "benchmarks"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_package_imports_without_heavy_modules() -> None:
    code = (
        "import sys, briefing.cli, briefing.pipeline, briefing.ingest, briefing.glossary, briefing.render; "
        "heavy = sorted(m for m in ('torch', 'transformers', 'ctranslate2', 'kiwipiepy') if m in sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_mypy_is_clean() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy", "src"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
