"""The pipeline's contracts: one resolver with a written source priority, the config as
one frozen value, batched passes chosen by name."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from restore import ConfigError, Kind, Restorer, Suggestion, resolve
from restore.config import RestorerConfig
from restore.registry import EDITOR_SOURCE, Tier, get_pass, registered_passes, tier_of

TEXT = "World leaders urged a halt fighting in Azerbaijanthe region."


def _s(start: int, end: int, replacement: str, source: str, confidence: float) -> Suggestion:
    return Suggestion.at(TEXT, start, end, replacement, kind=Kind.WRONG_WORD, confidence=confidence,
                         reason="test", source=source)


def test_tiers_are_editor_rules_critic_model() -> None:
    assert Tier.EDITOR < Tier.RULES < Tier.CRITIC < Tier.MODEL
    assert tier_of(EDITOR_SOURCE) is Tier.EDITOR
    assert tier_of("spinner") is Tier.RULES and tier_of("model") is Tier.MODEL
    assert tier_of("hand-made") is Tier.RULES


def test_a_rule_beats_a_more_confident_model_edit_on_the_same_words() -> None:
    word = TEXT.index("fighting")
    rule = _s(word, word + 8, "combat", "spinner", 0.6)
    model = _s(word, word + 8, "fight", "model", 0.95)
    assert resolve([model, rule]) == [rule]
    editor = _s(word, word + 8, "war", EDITOR_SOURCE, 0.1)
    assert resolve([model, rule, editor]) == [editor]


def test_a_weaker_insertion_at_the_edge_of_a_stronger_edit_is_dropped() -> None:
    at = TEXT.index("Azerbaijanthe") + len("Azerbaijan")
    rule = _s(at, at + 3, "’s", "possessive", 0.88)
    after = _s(at + 3, at + 3, " own", "model", 0.99)
    before = _s(at - 10, at - 10, "in ", "model", 0.99)  # not touching: kept
    assert resolve([rule, after, before]) == [before, rule]
    # between two rules, touching spans are both kept, as ever
    other = _s(at + 3, at + 3, " own", "spinner", 0.5)
    assert resolve([rule, other]) == [rule, other]


def test_resolved_suggestions_never_overlap_whatever_the_sources() -> None:
    spans = [(0, 5), (3, 9), (9, 9), (9, 14), (2, 2), (5, 12)]
    sources = ["model", "spinner", EDITOR_SOURCE, "model", "quotes", "model"]
    found = [_s(a, b, "x", src, 0.5 + 0.05 * k) for k, ((a, b), src) in enumerate(zip(spans, sources))]
    kept = resolve(found)
    assert all(not a.overlaps(b) for i, a in enumerate(kept) for b in kept[i + 1 :])


def test_the_config_is_one_frozen_picklable_value() -> None:
    config = RestorerConfig.build(threshold=0.9, passes=["duplicate"], model=None, dictionary=["Kyiv"])
    assert pickle.loads(pickle.dumps(config)) == config
    with pytest.raises(FrozenInstanceError):
        config.threshold = 0.5  # type: ignore[misc]
    restorer = Restorer(config=config)
    assert restorer.config == config and restorer.model is None and restorer.threshold == 0.9
    assert [p.name for p in restorer.passes] == ["duplicate"]
    with pytest.raises(ConfigError, match="E012"):
        RestorerConfig(threshold=2.0)


def test_batched_passes_are_registered_and_chosen_by_name() -> None:
    assert "model" in registered_passes(batched=True)
    assert "model" not in registered_passes(batched=False)
    spec = get_pass("model")
    assert spec.batched and spec.tier is Tier.MODEL and spec.func is None
    assert RestorerConfig.build(model=None).weights_for("model") is None
    assert RestorerConfig().weights_for("model") == "default"
    with pytest.raises(ConfigError, match="E017"):
        Restorer(duplicate=False)
    with pytest.raises(ConfigError, match="E001"):
        Restorer(nonesuch=False)


def test_one_house_word_rule_for_the_pipeline_and_the_ui() -> None:
    from restore.dictionary import touches_house_word, without_house_words
    from restore.suggestion import Restoration

    text = "Staff at AT&T said the goverment had called."
    inside = Suggestion.at(text, text.index("&T") + 1, text.index("&T") + 2, "X", kind=Kind.WRONG_WORD,
                           confidence=0.9, reason="test", source="t")
    typo = Suggestion.at(text, text.index("goverment"), text.index("goverment") + 9, "government",
                         kind=Kind.SPELLING, confidence=0.9, reason="test", source="t")
    assert touches_house_word(text, inside, frozenset({"at&t"}))  # the word as an editor sees it
    assert not touches_house_word(text, typo, frozenset({"at&t"}))
    r = Restoration(text, (inside, typo))
    assert without_house_words(r, ["AT&T"]).suggestions == (typo,)
    restorer = Restorer(model=None, passes=["spelling"], dictionary=["goverment"])
    assert restorer.restore(text).suggestions == ()
    assert [s.replacement for s in Restorer(model=None, passes=["spelling"]).restore(text).suggestions] == ["government"]


def test_stages_show_the_rules_first_then_the_full_restoration() -> None:
    """The fast passes' restoration comes first; the last stage equals ``restore``; a rule
    suggestion that survives keeps its id. A stand-in batched pass proposes one edit."""
    from restore.registry import register_batched_pass

    class Insert:
        name = "stage-test"

        def suggest_many(self, items):
            out = []
            for text, _ctx, prior in items:
                assert all(p.source != self.name for p in prior)
                at = text.find("halt ") + 5
                out.append([Suggestion.at(text, at, at, "in ", kind=Kind.DROPPED_WORD, confidence=0.9,
                                          reason="test", source=self.name)] if at > 4 else [])
            return out

    register_batched_pass("stage-test", kinds=(Kind.DROPPED_WORD,), tier=Tier.MODEL, load=lambda w: Insert())
    try:
        text = "The the leaders urged a halt fighting."
        restorer = Restorer(model=None, passes=["duplicate"])
        stages = list(restorer.restore_stages(text))
        assert len(stages) == 2
        fast, full = stages
        assert [s.source for s in fast.suggestions] == ["duplicate"]
        assert [s.source for s in full.suggestions] == ["duplicate", "stage-test"]
        assert fast.suggestions[0].id == full.suggestions[0].id
        assert full == restorer.restore(text)
        batch = list(restorer.restore_batch_stages([text, "Clean copy."]))
        assert [len(b) for b in batch] == [2, 2] and batch[-1][0] == full
        assert len(list(Restorer(model=None, passes=["duplicate"], **{"stage-test": None}).restore_stages(text))) == 1
    finally:
        from restore import registry

        registry._REGISTRY.pop("stage-test")
