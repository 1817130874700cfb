"""The spinner-signature rules: they fire on spun copy and nowhere in clean copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from restore import Restorer
from restore.corpus import find_corpus, read_paragraphs
from restore.errors import ConfigError
from restore.passes import Context
from restore.passes.spinner import load_rules, reverse_spinner

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"


def _fixes(text: str) -> list[tuple[str, str]]:
    return [(s.original, s.replacement) for s in reverse_spinner(text, Context.for_text(text))]


def test_no_rule_fires_anywhere_in_the_clean_corpus() -> None:
    """Do no harm, measured: 2.5 M words of edited copy give not one match."""
    corpus = find_corpus()
    if corpus is None or not corpus.exists():
        pytest.skip("no shared corpus beside the checkout")
    text = "\n".join(read_paragraphs(corpus))
    fired = {
        rule.line: text[max(0, m.start() - 40) : m.end() + 40]
        for rule in load_rules()
        if (m := rule.pattern.search(text))
    }
    assert fired == {}


def test_real_clean_sentences_are_left_alone() -> None:
    path = REAL / "dev_clean.jsonl"
    if not path.exists():
        pytest.skip("no shared real set beside the checkout")
    for line in path.read_text(encoding="utf-8").splitlines():
        assert _fixes(json.loads(line)["sentence"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "It was certainly one of the best days of his final year in office.",
        "Prices rose 3% over the past 12 months, in line with forecasts.",
        "He was taking pictures of the crowd when police arrived.",
        "The Native American leaders met with Italy's Civil Protection Department.",
        "Drug prices fell, and the state Division of Labor said the cupboard was bare.",
        "She said the hearth was the heart of the home.",
        "In the subsequent 12 months, sales doubled.",
    ],
)
def test_ordinary_english_near_a_signature_is_left_alone(text: str) -> None:
    assert _fixes(text) == []


def test_repairs_follow_the_documents_spelling() -> None:
    uk = "The Protection Ministry said defence spending rose 2 p.c. this 12 months."
    us = "The Protection Ministry said defense spending rose 2 p.c. this 12 months."
    assert _fixes(uk) == [("Protection", "Defence"), ("p.c.", "per cent"), ("12 months", "year")]
    assert _fixes(us) == [("Protection", "Defense"), ("p.c.", "percent"), ("12 months", "year")]


def test_a_capital_at_a_sentence_start_is_kept() -> None:
    assert _fixes("Heavy combating broke out. Native media said so.") == [
        ("combating", "fighting"), ("Native", "Local")
    ]


def test_suggestions_are_minimal_and_undoable() -> None:
    text = "The U.N. Safety Council met as the loss of life toll rose."
    restoration = Restorer(model=None).restore(text)
    spinner = [s for s in restoration.suggestions if s.source == "spinner"]
    assert [(s.original, s.replacement) for s in spinner] == [("Safety", "Security"), ("loss of life", "death")]
    assert all("spinner" in s.reason for s in spinner)
    assert restoration.text == "The U.N. Security Council met as the death toll rose."
    assert restoration.apply([]) == text


def test_a_broken_rule_table_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "rules.tsv"
    bad.write_text("# a comment\nOverseas(?= Ministry\tForeign\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        load_rules(bad)


def test_a_rule_can_name_its_kind_and_reuse_what_it_matched() -> None:
    text = "The hundreds of strong crowd met."
    found = reverse_spinner(text, Context.for_text(text))
    assert [(s.original, s.replacement, s.kind.value) for s in found] == [
        ("hundreds of strong", "hundreds-strong", "split-word")
    ]


def test_two_rules_giving_one_repair_make_one_suggestion() -> None:
    assert _fixes("He named a brand new cupboard.") == [("brand new", "new"), ("cupboard", "cabinet")]
