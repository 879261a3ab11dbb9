"""Shared fixtures: an isolated environment for every test, tiny offline models, the CLI runner."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parent
sys.path.insert(0, str(TESTS_DIR))  # `import modelfactory` from any test or rootdir

# huggingface_hub reads these once, when it is first imported: set them before any test can
# import it, not only in the per-test fixture, or a test that runs first could reach the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # no fork warnings in multiprocessing tests

_UNSET = ("BRIEFING_MT_MODEL", "BRIEFING_SUMMARIZER", "BRIEFING_GLOSSARY", "BRIEFING_DEBUG")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every home and cache at a fresh temp dir and make rich output stable.

    A developer's own ``BRIEFING_*`` settings or hub cache must never change a test's result.
    """
    home = tmp_path_factory.mktemp("home")
    env = {
        "HF_HOME": home / "hf",
        "HF_HUB_CACHE": home / "hf" / "hub",
        "BRIEFING_CACHE_DIR": home / "cache",
        "BRIEFING_CONFIG_DIR": home / "config",
    }
    for name, path in env.items():
        monkeypatch.setenv(name, str(path))
    for name, value in {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "TERM": "dumb",
    }.items():
        monkeypatch.setenv(name, value)
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Marian ko->en model folder, built once per session (about half a second)."""
    from modelfactory import tiny_marian

    return tiny_marian(tmp_path_factory.mktemp("models") / "tiny-marian")


@pytest.fixture(scope="session")
def tiny_bart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BART summarizer folder, built once per session."""
    from modelfactory import tiny_bart

    return tiny_bart(tmp_path_factory.mktemp("models") / "tiny-bart")


@pytest.fixture
def samples_file() -> Path:
    """Real Korean articles: the shared sample feed when this checkout has it, else the repo's example."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "samples"
    candidates = sorted(shared.glob("*.txt")) if shared.is_dir() else []
    candidates.append(REPO / "examples" / "articles.txt")
    for path in candidates:
        if path.is_file():
            return path
    pytest.skip("no sample articles (neither ../shared/samples/*.txt nor examples/articles.txt)")


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Run ``briefing ARGS...`` in-process: ``cli("cache", "info", stdin=None) -> Result``."""
    from briefing.cli import cli_main

    def run(*args: str, stdin: str | None = None) -> Result:
        capsys.readouterr()  # drop anything printed before this call
        if stdin is not None:
            # Like io.StringIO, but with a .buffer too, for code that reads bytes to detect the charset.
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), "utf-8"))
        code = cli_main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run
