"""The seq2seq model: tokenizer round trips, a tiny end-to-end training run, the shipped model.

Everything here uses real parts: a real (tiny) T5 trained by our own loop, saved and loaded
through transformers, and the shipped weights loaded through ``Restorer()``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from restore.lab.corpus import find_corpus, read_paragraphs
from restore.errors import ConfigError
from restore.model import SHIPPED
from restore.pipeline import Restorer

CORPUS = find_corpus()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="clean corpus not available")
needs_shipped = pytest.mark.skipif(not (SHIPPED / "config.json").exists(), reason="no shipped model")

TRICKY = [
    "Azerbaijan’s “breakaway” region, café naïve — 2016",
    "[ad_1]\n\nFollowing is a summary {that a}",
    "mojibake: â€™ â€œ Ã© and a C1 control \x9d",
    "  leading and trailing spaces  ",
]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A test-size model trained for a few steps on the first 400 corpus paragraphs."""
    from restore.lab.train import main

    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus.txt"
    corpus.write_text("\n".join(read_paragraphs(CORPUS)[:400]) + "\n", encoding="utf-8")
    out, log = root / "model", root / "log.jsonl"
    args = ["--tiny", "--corpus", str(corpus), "--out", str(out), "--log", str(log), "--steps", "40",
            "--batch-size", "8", "--lr", "3e-3", "--log-every", "1", "--save-every", "20",
            "--eval-every", "40", "--dev-windows", "8", "--no-progress"]
    assert main(args) == 0
    return out, log


@needs_corpus
def test_tiny_training_loss_falls_and_checkpoints(tiny_run: tuple[Path, Path]) -> None:
    out, log = tiny_run
    records = [json.loads(line) for line in log.read_text().splitlines()]
    losses = [r["loss"] for r in records if "loss" in r]
    assert len(losses) == 40
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5 - 0.3, losses
    assert any("heldout" in r for r in records)
    for name in ("config.json", "model.safetensors", "tokenizer.json", "optimizer.pt", "training_state.json"):
        assert (out / name).exists(), name
    assert json.loads((out / "training_state.json").read_text())["step"] == 40


@needs_corpus
def test_tiny_training_resumes_from_its_checkpoint(tiny_run: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    from restore.lab.train import main

    out = tmp_path / "model"
    shutil.copytree(tiny_run[0], out)
    log = tmp_path / "log.jsonl"
    corpus = tiny_run[0].parent / "corpus.txt"
    assert main(["--tiny", "--corpus", str(corpus), "--out", str(out), "--resume", "--steps", "45",
                 "--batch-size", "8", "--log", str(log), "--log-every", "1", "--save-every", "5",
                 "--eval-every", "1000", "--dev-windows", "4", "--no-progress",
                 "--dropout", "0", "--focus", "0.4", "--clean-share", "0.3", "--warmup", "2"]) == 0
    assert json.loads((out / "config.json").read_text())["dropout"] == 0
    steps = [json.loads(line).get("step") for line in log.read_text().splitlines()]
    assert steps[0] == 40 and max(s for s in steps if s) == 45  # carried on, did not restart
    assert json.loads((out / "training_state.json").read_text())["step"] == 45


@needs_corpus
def test_tiny_model_round_trips_through_the_real_loading_path(tiny_run: tuple[Path, Path]) -> None:
    from restore.model.infer import ModelRepairPass
    from restore.model.tokenizer import decode, load_tokenizer

    out, _ = tiny_run
    tok = load_tokenizer(out)
    for text in TRICKY:
        assert decode(tok, tok(text)["input_ids"]) == text
    model_pass = ModelRepairPass.from_pretrained(out)
    assert model_pass.name == "model"
    r = Restorer(model=str(out)).restore("The fire spread to the next house on Monday, officials said.")
    assert r.apply([]) == r.original
    for s in r.suggestions:
        assert r.original[s.start : s.end] == s.original


@needs_corpus
def test_averaged_checkpoints_load_and_sit_between_their_sources(tiny_run: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    import torch
    from safetensors.torch import load_file, save_file

    from restore.lab.average import average_checkpoints

    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(tiny_run[0], first)
    shutil.copytree(tiny_run[0], second)
    weights = load_file(second / "model.safetensors")
    save_file({k: v + 1.0 for k, v in weights.items()}, second / "model.safetensors", metadata={"format": "pt"})
    out = average_checkpoints([first, second], tmp_path / "avg")
    averaged = load_file(out / "model.safetensors")
    assert all(torch.allclose(averaged[k], weights[k] + 0.5) for k in weights)
    state = json.loads((out / "training_state.json").read_text())
    assert state["steps"] == [40, 40] and state["step"] == 40
    r = Restorer(model=str(out)).restore("The fire spread to the next house on Monday, officials said.")
    assert r.apply([]) == r.original
    (second / "config.json").write_text(json.dumps({**json.loads((second / "config.json").read_text()), "d_model": 8}))
    with pytest.raises(ConfigError, match="different architectures"):
        average_checkpoints([first, second], tmp_path / "bad")
    with pytest.raises(ConfigError, match="at least two"):
        average_checkpoints([first], tmp_path / "bad")


def test_missing_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="E013"):
        Restorer(model=str(tmp_path))


def test_train_refuses_a_missing_corpus(tmp_path: Path) -> None:
    from restore.lab.train import main

    with pytest.raises(ConfigError):
        main(["--tiny", "--corpus", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "m"), "--steps", "1"])


# -- the shipped model ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer()


@needs_shipped
def test_shipped_model_loads_through_restorer(restorer: Restorer) -> None:
    from restore.model.infer import ModelRepairPass

    assert isinstance(restorer.model, ModelRepairPass)
    from restore.model.tokenizer import decode

    tok = restorer.model.tokenizer
    for text in TRICKY:
        assert decode(tok, tok(text)["input_ids"]) == text
    assert (SHIPPED / "calibration.json").exists()
    assert (SHIPPED / "training_state.json").exists()


@needs_shipped
def test_rewrite_from_kept_encoder_states_matches_a_fresh_encoding(restorer: Restorer) -> None:
    texts = ["World leaders have urged a halt fighting after the worst escalation.",
             "The the committee met on Monday in Washington ."]
    _flags, states = restorer.model.read(texts)
    fresh = [t for t, _ in restorer.model.rewrite(texts)]
    kept = [t for t, _ in restorer.model.rewrite(texts, states)]
    assert kept == fresh


@needs_shipped
def test_shipped_model_leaves_clean_sentences_alone(restorer: Restorer) -> None:
    real = Path(__file__).resolve().parents[2] / "shared" / "real" / "dev_clean.jsonl"
    sentences = [
        "The fierce fighting continued throughout the day Monday, officials in Baku and Yerevan said.",
        "No country recognizes the independence of Karabakh, not even Armenia, and the international community still considers it part of Azerbaijan.",
        "Russia, which has a military alliance with Armenia, sells sophisticated weapons worth billions of dollars to both Baku and Yerevan.",
    ]
    if real.exists():
        sentences += [json.loads(line)["sentence"] for line in real.read_text().splitlines()]
    for text in sentences:
        r = restorer.restore(text)
        model_applied = [s for s in r.suggestions if s.source == "model" and s.confidence >= r.threshold]
        assert model_applied == [], (text, model_applied)


@pytest.fixture(scope="module")
def model_only() -> Restorer:
    """The shipped model with no rule passes, so a repair here is the model's own."""
    return Restorer(passes=[])


@needs_shipped
@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        # sentences written for this test (not from the corpus), damaged by hand
        ("He said the the agreement will reduce the deficit.", "He said the agreement will reduce the deficit."),
        ("The bill was signed into law by President the on Friday.",
         "The bill was signed into law by the President on Friday."),
        ("The agreement will reduce our historic trade deficit . It takes effect in May.",
         "The agreement will reduce our historic trade deficit. It takes effect in May."),
    ],
)
def test_shipped_model_repairs_glitches_it_learned(model_only: Restorer, damaged: str, fixed: str) -> None:
    r = model_only.restore(damaged)
    assert r.suggestions and {s.source for s in r.suggestions} == {"model"}
    assert any(r.apply([s.id]) == fixed for s in r.suggestions), r.suggestions


@needs_shipped
@pytest.mark.xfail(strict=True, reason="known failure: the CPU-trained model does not yet restore dropped or moved words")
@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        ("World leaders have urged a halt fighting after the worst escalation since 2016.",
         "World leaders have urged a halt in fighting after the worst escalation since 2016."),
        ("Fighters were killed late Monday in Azerbaijan’s Nagorny break Karabakh region, officials said.",
         "Fighters were killed late Monday in Azerbaijan’s breakaway Nagorny Karabakh region, officials said."),
    ],
)
def test_shipped_model_repairs_context_glitches(model_only: Restorer, damaged: str, fixed: str) -> None:
    r = model_only.restore(damaged)
    assert r.apply([s.id for s in r.suggestions]) == fixed


def test_calibration_uses_a_kind_map_when_it_has_one(tmp_path: Path) -> None:
    from restore.model.infer import Calibration
    from restore.suggestion import Kind

    (tmp_path / "calibration.json").write_text(json.dumps({
        "points": [[0.0, 0.0], [1.0, 0.5]],
        "points_by_kind": {"punctuation": [[0.0, 0.0], [1.0, 0.9]]},
    }))
    calib = Calibration.load(tmp_path / "calibration.json")
    assert calib(1.0, Kind.PUNCTUATION) == 0.9
    assert calib(1.0, Kind.DROPPED_WORD) == 0.5 == calib(1.0)
    assert Calibration.load(tmp_path / "missing.json")(1.0) == 0.85


@pytest.mark.parametrize(
    ("text", "start", "end", "replacement", "kind", "dropped"),
    [
        ("Later the president said so.", 10, 11, "P", "case", True),  # house style, not damage
        ("Strikes hit ukraine on Monday.", 12, 13, "U", "case", False),  # a name
        ("Three were killed in a , including a child.", 22, 23, "", "punctuation", True),  # hides a gap
        ("The deficit . It takes effect in May.", 11, 12, "", "punctuation", False),
        ("I was honored to host Their Majesties.", 22, 23, "t", "case", True),  # opens a title
        ("Officials said Prices rose.", 15, 16, "p", "case", False),  # a capital mid-sentence
    ],
)
def test_model_edits_that_change_house_style_or_hide_a_gap_are_dropped(
    text: str, start: int, end: int, replacement: str, kind: str, dropped: bool
) -> None:
    from restore.model.infer import house_style_or_hidden_gap
    from restore.context import Context
    from restore.suggestion import Kind, Suggestion

    s = Suggestion.at(text, start, end, replacement, kind=Kind(kind), confidence=0.9, reason="test", source="model")
    assert house_style_or_hidden_gap(s, text, Context.for_text(text)) is dropped
