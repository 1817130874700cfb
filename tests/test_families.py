"""The real damage families on members made from the clean corpus (``restore.lab.families``).

Rules are written for a family, not for the dev sentences: each family's members come from
corpus paragraphs the rules were never tuned on, and the rules-only Restorer must repair
most of them exactly and change almost none of them wrongly.
"""

from __future__ import annotations

import pytest

from restore.lab.families import FAMILIES, members, sample_paragraphs, score
from restore.pipeline import Restorer

N = 40
MIN_REPAIRED = {name: 0.85 for name in FAMILIES}
"""The share of members each family's rules must repair exactly."""


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    found = sample_paragraphs()
    if not found:
        pytest.skip("corpus ../shared/corpus/news.txt.gz not present")
    return found


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer(model=None, critic=False)


@pytest.mark.parametrize("name", list(FAMILIES))
def test_family_members_are_repaired(name: str, paragraphs: list[str], restorer: Restorer) -> None:
    pairs = members(FAMILIES[name], paragraphs, N)
    assert len(pairs) >= 10, "the corpus offers too few places for this family"
    fixed, wrong = score(restorer, pairs)
    assert fixed >= MIN_REPAIRED[name] * len(pairs), (name, fixed, len(pairs))
    assert wrong <= max(1, len(pairs) // 20), (name, wrong)


def test_swallowed_full_stops_are_shown_not_applied(paragraphs: list[str], restorer: Restorer) -> None:
    """"drug The central bank" and "led The preparations" read alike: the full stop is
    offered to the editor on every member, applied on none."""
    from restore.lab.families import swallowed_stop

    pairs = members(swallowed_stop, paragraphs, 20)
    assert len(pairs) >= 10
    for damaged, clean in pairs:
        r = restorer.restore(damaged)
        assert r.text == damaged
        assert any(s.replacement == "." and s.confidence < r.threshold for s in r.suggestions)
