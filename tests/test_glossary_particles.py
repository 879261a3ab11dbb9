"""The particle and copula-ending data in ``briefing.glossary`` checked against Kiwi.

The list was derived from Kiwi's morpheme table (see the comment above ``PARTICLES``); this
keeps it honest: every particle is one Kiwi knows, and Kiwi parses noun + ending as a noun
followed only by particles, the copula and endings. About 5 s (Kiwi's model loads once).
"""

from __future__ import annotations

import pytest

from briefing.glossary import COPULA_ENDINGS, PARTICLES

kiwipiepy = pytest.importorskip("kiwipiepy")

J_TAGS = ("JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC")


@pytest.fixture(scope="module")
def kiwi():  # type: ignore[no-untyped-def]
    return kiwipiepy.Kiwi()


@pytest.fixture(scope="module")
def particle_forms(kiwi) -> set[str]:  # type: ignore[no-untyped-def]
    forms: set[str] = set()
    i = 0
    while True:
        try:
            m = kiwi.morpheme(i)
        except (IndexError, ValueError, RuntimeError):
            return forms
        i += 1
        if m.tag in J_TAGS and not m.dialect:
            forms.add(m.form)


def test_every_particle_is_in_kiwis_inventory(particle_forms: set[str]) -> None:
    assert particle_forms, "Kiwi's morpheme table could not be read"
    assert sorted(f for f in PARTICLES if f not in particle_forms) == []


@pytest.mark.parametrize(("form", "condition"), [*PARTICLES.items(), *COPULA_ENDINGS.items()])
def test_kiwi_parses_noun_plus_ending(kiwi, form: str, condition: str) -> None:  # type: ignore[no-untyped-def]
    # 중국 ends in a consonant other than ㄹ, 샤오미 in a vowel: the allomorph each condition names.
    noun = "샤오미" if condition in ("V", "L") else "중국"
    tokens = kiwi.tokenize(noun + form)
    assert tokens[0].form == noun and tokens[0].tag.startswith("NN"), tokens
    assert tokens[1:], tokens
    assert all(t.tag in J_TAGS or t.tag == "VCP" or t.tag.startswith("E") for t in tokens[1:]), tokens
