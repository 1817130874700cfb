"""The spinner-signature rules: they fire on spun copy and nowhere in clean copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from restore import Restorer
from restore.lab.corpus import find_corpus, read_paragraphs
from restore.errors import ConfigError
from restore.context import Context
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
        "A community development financial institution lent the money.",
        "He was found responsible for the delays, and it seemed earlier than expected.",
        "The plan was in line with the report, and the visitors were happy.",
        "They get together on Fridays; the local weather was warm.",
        "Gasoline prices rose as new circumstances forced a delay.",
        "The Chinese language school opened, said the Minority Chief Counsel.",
        "Let the voters decide in November.",
    ],
)
def test_ordinary_english_near_a_signature_is_left_alone(text: str) -> None:
    assert _fixes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Swaps that synonym spinners make in any wire story, not only in our dev set.
        ("The Chinese language authorities said the ships left.", [("Chinese language", "Chinese")]),
        ("He leads the Communist Get together of China.", [("Get together", "Party")]),
        ("The ruling get together lost its majority.", [("get together", "party")]),
        ("The Folks’s Republic of China objected.", [("Folks’s", "People’s")]),
        ("The Facilities for Illness Management and Prevention said so.",
         [("Facilities for Illness Management", "Centers for Disease Control")]),
        ("The Meals and Drug Administration approved it.", [("Meals", "Food")]),
        ("He addressed the United Nations Normal Meeting.", [("Normal Meeting", "General Assembly")]),
        ("The Worldwide Financial Fund cut its forecast.", [("Worldwide Financial", "International Monetary")]),
        ("Shares fell on Wall Avenue as the central financial institution raised rates.",
         [("Avenue", "Street"), ("financial institution", "bank")]),
        ("The Related Press reported the deal.", [("Related", "Associated")]),
        ("Senate Majority Chief Chuck Schumer spoke.", [("Chief", "Leader")]),
        ("The company's chief govt spoke from the Oval Workplace.", [("govt", "executive"), ("Workplace", "Office")]),
        ("Protesters gathered outside Metropolis Corridor.", [("Metropolis", "City"), ("Corridor", "Hall")]),
        ("Police fired tear gasoline as leaders discussed local weather change.",
         [("gasoline", "gas"), ("local weather", "climate")]),
        ("The unemployment fee fell and it was 45 levels Celsius.", [("fee", "rate"), ("levels", "degrees")]),
        ("The Supreme Court docket ruled on Friday.", [("Court docket", "Court")]),
        ("He pleaded not responsible and is due to seem in court.", [("responsible", "guilty"), ("seem", "appear")]),
        ("A federal decide blocked the rule.", [("decide", "judge")]),
        ("The legislation enforcement agencies said in a press launch that they would appeal.",
         [("legislation", "law"), ("launch", "release")]),
        ("An improvised explosive gadget went off.", [("gadget", "device")]),
        ("The country recorded 5,000 circumstances as people got booster pictures.",
         [("circumstances", "cases"), ("pictures", "shots")]),
        ("Five people died, in line with police.", [("in line with", "according to")]),
        ("Israeli safety forces raided the camp.", [("safety", "security")]),
        ("Xinhua Information Company said the quake hit at dawn.", [("Information Company", "News Agency")]),
        ("Air visitors controllers went on strike.", [("visitors", "traffic")]),
    ],
)
def test_common_spinner_swaps_are_reversed(text: str, expected: list[tuple[str, str]]) -> None:
    assert _fixes(text) == expected


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
