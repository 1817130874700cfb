"""The resolver's position index against the pairwise reference it replaced.

``reference_resolve`` is the quadratic resolver as it was written (every candidate
compared with every kept suggestion); ``resolve`` must keep exactly the same
suggestions, tiers, touching insertions and ties included.
"""

from __future__ import annotations

import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restore.pipeline import resolve
from restore.registry import Tier, tier_of
from restore.suggestion import Kind, Suggestion

SOURCES = ["editor", "spelling", "duplicate", "critic", "model", "hand-made"]


def reference_resolve(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The documented order, each candidate checked against every kept one."""

    def conflict(candidate: Suggestion, tier: Tier, kept: Suggestion, kept_tier: Tier) -> bool:
        if candidate.overlaps(kept):
            return True
        return tier > kept_tier and candidate.start == candidate.end and kept.start <= candidate.start <= kept.end

    candidates = [s for s in suggestions if s.replacement != s.original]
    tiers = {s.source: tier_of(s.source) for s in candidates}
    ranked = sorted(
        candidates,
        key=lambda s: (tiers[s.source], -s.confidence, -(s.end - s.start), s.start, s.source, s.replacement),
    )
    kept: list[Suggestion] = []
    for candidate in ranked:
        tier = tiers[candidate.source]
        if not any(conflict(candidate, tier, k, tiers[k.source]) for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda s: (s.start, s.end))


@st.composite
def crowded(draw):
    """Short texts with many short, touching, nested and empty spans from every tier."""
    text = draw(st.text(alphabet="ab .", min_size=1, max_size=24))
    items = []
    for _ in range(draw(st.integers(0, 30))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + draw(st.sampled_from([0, 0, 1, 2, 5])))))
        items.append(Suggestion.at(
            text, start, end, draw(st.sampled_from(["", "x", "yy", " ", text[start:end]])),
            kind=Kind.SPELLING, confidence=draw(st.sampled_from([0.5, 0.8, 0.9])),
            reason="test", source=draw(st.sampled_from(SOURCES)),
        ))
    return items


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded())
def test_resolve_keeps_what_the_reference_keeps(items):
    assert resolve(items) == reference_resolve(items)


def test_resolve_agrees_on_a_large_random_set():
    from restore.lab.hostile import many_suggestions

    items = many_suggestions(1_500, seed=7)
    assert resolve(items) == reference_resolve(items)


def test_resolve_32000_suggestions_in_bounded_time():
    """Before: 48 s (pairwise). A generous bound: this checks the shape, not the speed."""
    from restore.lab.hostile import many_suggestions

    items = many_suggestions(32_000, seed=1)
    started = time.process_time()
    kept = resolve(items)
    assert time.process_time() - started < 15
    assert kept and all(a.end <= b.start or not a.overlaps(b) for a, b in zip(kept, kept[1:]))


def test_a_weaker_insertion_at_the_edge_of_a_stronger_edit_is_dropped():
    t = "in Azerbaijanthe region"
    rule = Suggestion.at(t, 3, 16, "Azerbaijan’s", kind=Kind.POSSESSIVE, confidence=0.9, reason="r", source="possessive")
    before = Suggestion.at(t, 3, 3, "the ", kind=Kind.DROPPED_WORD, confidence=0.99, reason="m", source="model")
    after = Suggestion.at(t, 16, 16, " own", kind=Kind.DROPPED_WORD, confidence=0.99, reason="m", source="model")
    same = Suggestion.at(t, 16, 16, " own", kind=Kind.DROPPED_WORD, confidence=0.99, reason="m", source="spelling")
    assert resolve([before, rule, after]) == [rule]
    assert resolve([rule, same]) == [rule, same]  # the same tier: both kept, as written
    random.Random(0).shuffle(items := [before, after, rule, same])
    assert resolve(items) == reference_resolve(items)
