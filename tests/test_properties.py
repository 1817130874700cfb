"""Properties (RapidFuzz-style): offsets, the resolver and apply() hold for any text."""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restore.registry import get_pass, registered_passes
from restore.context import Context
from restore.pipeline import Restorer, resolve
from restore.suggestion import Kind, Restoration, Suggestion

# Fragments that wake every pass up, mixed with arbitrary text.
FRAGMENTS = [
    "the", "The", " ", " ", "\n", "\n\n", ".", ",", " .", "’", "‘", "“", "”", '"', "'", "«", "»",
    "Azerbaijanthe", "rebels", "‘the", "thanmany", "photoMOSCOW", "whatever.Maria", "fro ntline",
    "govern- ment", "govern-\nment", "Kwai- wah", "[ad_1]", "{that a}", "❐", "â€™", "Ã©", "&amp;",
    "\x07", "Â\u00a0", "the the", "had had", "U.S.", "24.kg", "e-mail", "well- and", "é", "—",
    "said", "Hovhannisyan", "[caption id=1]", "[/caption]", ",,", "..", "...",
]
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=80),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ctx_for(text: str) -> Context:
    return Context.for_text(text)


@SETTINGS
@given(texts)
def test_every_pass_points_at_what_it_replaces(text: str) -> None:
    ctx = ctx_for(text)
    for name in registered_passes():
        spec = get_pass(name)
        if spec.batched:  # the model and the critic are loaded objects, not functions
            continue
        for s in spec.func(text, ctx):
            assert 0 <= s.start <= s.end <= len(text)
            assert text[s.start : s.end] == s.original
            assert 0.0 <= s.confidence <= 1.0 and s.reason.strip()
            assert s.kind in spec.kinds


def _slow_resolve(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Reference: the documented order, with overlap tested by character sets."""

    def clash(a: Suggestion, b: Suggestion) -> bool:
        if a.start == a.end and b.start == b.end:
            return a.start == b.start
        if a.start == a.end:
            return b.start < a.start < b.end
        if b.start == b.end:
            return a.start < b.start < a.end
        return bool(set(range(a.start, a.end)) & set(range(b.start, b.end)))

    pool = [s for s in suggestions if s.replacement != s.original]
    kept: list[Suggestion] = []
    while pool:
        best = min(pool, key=lambda s: (-s.confidence, s.start - s.end, s.start, s.source, s.replacement))
        pool.remove(best)
        if all(not clash(best, k) for k in kept):
            kept.append(best)
    return sorted(kept, key=lambda s: (s.start, s.end))


@st.composite
def text_and_suggestions(draw):
    text = draw(st.text(alphabet="abc .\n", min_size=1, max_size=40))
    items = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 6)))
        items.append(Suggestion.at(
            text, start, end, draw(st.sampled_from(["", "x", "yy", text[start:end]])),
            kind=draw(st.sampled_from(list(Kind))),
            confidence=draw(st.sampled_from([0.3, 0.5, 0.8, 0.9, 0.95])),
            reason="test", source=draw(st.sampled_from(["a", "b"])),
        ))
    return text, items


@SETTINGS
@given(text_and_suggestions())
def test_resolve_never_overlaps_and_matches_reference(case) -> None:
    text, items = case
    kept = resolve(items)
    for i, a in enumerate(kept):
        for b in kept[i + 1 :]:
            assert not a.overlaps(b)
    assert [(s.start, s.end, s.replacement) for s in kept] == [
        (s.start, s.end, s.replacement) for s in _slow_resolve(items)
    ]


def _reference_apply(text: str, chosen: list[Suggestion]) -> str:
    for s in sorted(chosen, key=lambda s: (s.start, s.end), reverse=True):
        text = text[: s.start] + s.replacement + text[s.end :]
    return text


@SETTINGS
@given(text_and_suggestions(), st.randoms(use_true_random=False))
def test_random_accepted_subsets_apply_consistently(case, rnd) -> None:
    text, items = case
    restoration = Restoration(text, tuple(resolve(items)))
    subset = [s for s in restoration.suggestions if rnd.random() < 0.5]
    assert restoration.apply([s.id for s in subset]) == _reference_apply(text, subset)
    assert restoration.apply([]) == text


@SETTINGS
@given(texts)
def test_rules_pipeline_round_trips(text: str) -> None:
    result = Restorer(model=None).restore(text)
    assert result.apply([]) == text
    accepted = [s for s in result.suggestions if s.confidence >= result.threshold]
    assert result.text == _reference_apply(text, accepted)
    assert result.apply([s.id for s in result.suggestions]) == _reference_apply(text, list(result.suggestions))
