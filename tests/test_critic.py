"""The critic: the real SmolLM2 package, loaded and converted by the real code (no mocks).

The language model loads once for the whole session (``critic`` fixture in conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from restore.critic.channels import CHANNELS, Candidate, spelling_variant
from restore.context import Context
from restore.pipeline import Restorer

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _read(critic, text: str):  # noqa: ANN001, ANN202
    return critic.lm.read([text], watch=list(critic.dropped_ids))[0]


def _proposals(critic, text: str) -> list[Candidate]:  # noqa: ANN001
    reading = _read(critic, text)
    res = critic.resources(Context.for_text(text))
    return [c for f in CHANNELS.values() for c in f(reading, res)]


# -- the model and its loader -------------------------------------------------------------


def test_the_gguf_comes_from_the_installed_package_and_the_cache_has_no_lm_head(critic) -> None:  # noqa: ANN001
    from safetensors import safe_open

    from restore.critic.lm import GGUF_NAME, find_gguf

    assert find_gguf().name == GGUF_NAME
    with safe_open(str(critic.lm.path / "model.safetensors"), "pt") as f:
        keys = set(f.keys())
    assert "lm_head.weight" not in keys and "model.embed_tokens.weight" in keys
    assert "quantization_config" not in json.loads((critic.lm.path / "config.json").read_text())


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    from restore.critic.lm import LanguageModel
    from restore.errors import ConfigError

    with pytest.raises(ConfigError, match="E013"):
        LanguageModel.load(tmp_path)


def test_batched_scores_equal_one_by_one(critic) -> None:  # noqa: ANN001
    texts = [
        "World leaders have urged a halt in fighting.",
        "The cabinet met on Monday.",
        "Twenty-six separatist fighters were killed in clashes with Azerbaijani troops late Monday.",
        "Yes.",
    ]
    together = critic.lm.sentence_logprobs(texts)
    alone = [critic.lm.sentence_logprobs([t])[0] for t in texts]
    # bfloat16 matrix products round differently with another batch shape: a few tenths
    # of a nat per sentence, growing with its length (bfloat16 keeps about 3 digits: 0.31
    # nats was seen on a 77-nat sentence), far below any channel's evidence threshold;
    # float32 is exact (next test), which is where missing position_ids would show
    assert together == pytest.approx(alone, rel=0.01, abs=0.3)
    assert together[0] > together[2]  # a longer text has a lower log-probability


def test_batched_scores_equal_one_by_one_in_float32(critic) -> None:  # noqa: ANN001
    from restore.critic.lm import LanguageModel

    lm = LanguageModel.load(critic.lm.path, dtype="float32")
    texts = ["The cabinet met on Monday.", "A much longer sentence than the first one, padded in a batch."]
    assert lm.sentence_logprobs(texts) == pytest.approx([lm.sentence_logprobs([t])[0] for t in texts], abs=1e-3)


def test_scoring_from_the_edit_onwards_equals_scoring_the_whole_sentence(critic) -> None:  # noqa: ANN001
    """The verifier continues the reading pass's keys and values after the shared prefix,
    left-padded in a batch: it must give the very score of the edited sentence."""
    from restore.critic.lm import LanguageModel

    lm = LanguageModel.load(critic.lm.path, dtype="float32")
    base = ["World leaders have urged a halt fighting after the worst escalation.", "He named a brand new cupboard."]
    readings = lm.read(base)
    edited = [
        (0, "World leaders have urged a halt in fighting after the worst escalation."),
        (0, "World leaders have urged a halt fighting after the worst escalation ."),
        (1, "He named a brand new cabinet."),
        (1, "A man named a brand new cupboard."),
    ]
    jobs, whole = [], []
    for i, text in edited:
        ids = lm.encode(text)[0]
        k = 0
        while ids[k] == readings[i].ids[k]:
            k += 1
        jobs.append((readings[i], k, ids[k:]))
        whole.append(sum(lm.token_logprobs([ids])[0][k:]))
    assert lm.suffix_logprobs(jobs) == pytest.approx(whole, abs=1e-3)


def test_the_model_knows_real_repairs_from_damage(critic) -> None:  # noqa: ANN001
    pairs = [
        ("The Central Election Fee said on Tuesday.", "The Central Election Commission said on Tuesday."),
        ("in Azerbaijan’s Nagorny break Karabakh region", "in Azerbaijan’s breakaway Nagorny Karabakh region"),
    ]
    for damaged, fixed in pairs:
        a, b = critic.lm.sentence_logprobs([damaged, fixed])
        assert b - a > 4.0, (damaged, b - a)


# -- channels ----------------------------------------------------------------------------


def test_dropped_word_channel_proposes_a_function_word_at_the_gap(critic) -> None:  # noqa: ANN001
    text = "World leaders have urged a halt fighting after the worst escalation since 2016."
    found = [c for c in _proposals(critic, text) if c.channel == "dropped-word"]
    assert any(c.start == text.index("fighting") and c.replacement in ("in ", "to ") for c in found)


def test_truncated_moved_channel_restores_the_word_before_the_name(critic) -> None:  # noqa: ANN001
    text = "Fighters were killed late Monday in Azerbaijan’s Nagorny break Karabakh region, officials said."
    found = [c for c in _proposals(critic, text) if c.channel == "truncated-moved"]
    assert any(text[c.start : c.end] == "Nagorny break" and c.replacement == "breakaway Nagorny" for c in found)


def test_synonym_channel_reverses_a_spinner_swap(critic) -> None:  # noqa: ANN001
    text = "The prime minister named a brand new cupboard on Monday after the vote."
    found = [c for c in _proposals(critic, text) if c.channel == "spun-synonym"]
    assert any(c.replacement == "cabinet" for c in found)


@pytest.mark.parametrize(
    "text",
    [
        "World leaders have urged a halt to fighting after the worst escalation since 2016.",
        "The fierce fighting continued throughout the day Monday, officials in Baku and Yerevan said.",
    ],
)
def test_no_channel_proposes_an_unrelated_word(critic, text: str) -> None:  # noqa: ANN001
    """The model alone likes `the worst pandemic since 2016`; no channel explains it."""
    for c in _proposals(critic, text):
        assert "pandemic" not in c.replacement
        if c.channel == "spun-synonym":
            assert c.source in ("table", "wordnet", "neighbour")


def test_names_numbers_and_spelling_variants_are_never_candidates(critic) -> None:  # noqa: ANN001
    text = "Armenian Defence Ministry spokesman Artsrun Hovhannisyan said 26 fighters died in 2016."
    for c in _proposals(critic, text):
        if c.channel == "lost-capital":
            continue
        touched = text[c.start : c.end]
        assert not any(ch.isdigit() for ch in touched), c
        assert "Hovhannisyan" not in touched and "Artsrun" not in touched or c.channel == "swapped-words", c
    assert spelling_variant("defence", "defense") and spelling_variant("organise", "organize")
    assert not spelling_variant("cabinet", "cupboard")


# -- the pass in the pipeline ------------------------------------------------------------


@pytest.fixture(scope="module")
def with_critic(critic) -> Restorer:  # noqa: ANN001
    r = Restorer(model=None)
    r.batched["critic"] = critic  # the session's critic, not a second load
    return r


def test_critic_refuses_the_dangerous_rewrite(with_critic: Restorer) -> None:
    text = "World leaders have urged a halt to fighting after the worst escalation since 2016."
    result = with_critic.restore(text)
    assert result.text == text
    assert not any("pandemic" in s.replacement for s in result.suggestions)


def test_critic_suggestions_are_sources_with_reasons_on_the_original(with_critic: Restorer) -> None:
    text = "World leaders have urged a halt fighting after the worst escalation since 2016."
    result = with_critic.restore(text)
    ours = [s for s in result.suggestions if s.source == "critic"]
    assert ours, result.suggestions
    best = max(ours, key=lambda s: s.confidence)
    assert best.kind.value == "dropped-word" and best.start == text.index("fighting")
    assert "halt fighting" in best.reason and "dropped word" in best.reason
    assert result.apply([]) == text


def test_seed_article_shows_both_context_repairs_and_changes_nothing_else(with_critic: Restorer) -> None:
    """The seed's two context glitches are both shown to the editor as questions, and the
    critic applies nothing: "break" is a real word, so "Nagorny break Karabakh" is less
    telling than the non-word fragments of the calibration data, and for the gap the model
    prefers the equally good "a halt to fighting" to AFP's "a halt in fighting"."""
    garbled = (REPO / "samples" / "karabakh-26-killed.txt").read_text(encoding="utf-8")
    rules = (REPO / "samples" / "karabakh-26-killed.rules.txt").read_text(encoding="utf-8")
    result = with_critic.restore(garbled)
    ours = {(s.original, s.replacement, s.kind.value) for s in result.suggestions if s.source == "critic"}
    assert ("Nagorny break", "breakaway Nagorny", "word-order") in ours
    assert ("", "to ", "dropped-word") in ours or ("", "in ", "dropped-word") in ours
    assert result.text == rules
    assert result.apply([]) == garbled


@pytest.mark.xfail(strict=True, reason="known failure: both context repairs are only shown, not applied (see above)")
def test_seed_article_comes_out_as_expected(with_critic: Restorer) -> None:
    garbled = (REPO / "samples" / "karabakh-26-killed.txt").read_text(encoding="utf-8")
    expected = (REPO / "samples" / "karabakh-26-killed.expected.txt").read_text(encoding="utf-8")
    assert with_critic.restore(garbled).text == expected


def test_clean_corpus_paragraphs_stay_clean(with_critic: Restorer) -> None:
    from restore.lab.corpus import find_corpus, heldout_paragraphs

    corpus = find_corpus()
    if corpus is None:
        pytest.skip("no corpus beside the checkout")
    paragraphs = heldout_paragraphs(corpus)[200:240]
    changed = [p for p, r in zip(paragraphs, with_critic.restore_batch(paragraphs, progress=False)) if r.text != p]
    assert changed == []


def test_clean_real_dev_copy_stays_clean(with_critic: Restorer) -> None:
    """At most one clean sentence or paragraph in 50 changed (the target)."""
    path = SHARED / "real" / "dev_clean.jsonl"
    if not path.exists():
        pytest.skip("no real dev set beside the checkout")
    texts = [json.loads(line)["sentence"] for line in path.open(encoding="utf-8") if line.strip()]
    two = SHARED / "real" / "dev2_clean.jsonl"
    if two.exists():
        texts += [json.loads(line)["paragraph"] for line in two.open(encoding="utf-8") if line.strip()][:60]
    changed = [t for t, r in zip(texts, with_critic.restore_batch(texts, progress=False)) if r.text != t]
    assert len(changed) <= len(texts) // 50, changed


def test_cli_uses_the_critic_unless_told_not_to(critic) -> None:  # noqa: ANN001
    import subprocess
    import sys

    damaged = "The results the of election were announced on Monday by the national commission.\n"

    def fix(*flags: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "restore", "fix", "--no-model", *flags, "-"],
            input=damaged.encode(), capture_output=True, timeout=300, check=True,
        ).stdout.decode()

    assert fix("--critic", str(critic.lm.path)) == damaged.replace("the of", "of the")
    assert fix() == damaged  # --no-model alone: the rules only


def test_the_critic_vets_the_model_s_suggestions(critic) -> None:  # noqa: ANN001
    from restore.suggestion import Kind, Suggestion

    text = "The cabinet met on Monday and approved the budget."
    bad = Suggestion.at(text, 4, 11, "cupboard", kind=Kind.WRONG_WORD, confidence=0.95, reason="test", source="model")
    good_text = "The cabinet met on Monday and approved the the budget."
    good = Suggestion.at(good_text, 39, 43, "", kind=Kind.DUPLICATE, confidence=0.95, reason="test", source="model")
    assert critic.review(text, [bad])[0].confidence <= 0.5
    assert critic.review(good_text, [good])[0].confidence == 0.95
