"""The ``restore`` command end to end, in a subprocess as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from restore import Restoration, Restorer
from restore.diff import unified_diff

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "karabakh-26-killed.txt"
DAMAGED = "The the fire spread.\nFighting continued in Azerbaijanthe Nagorny Karabakh region.\n"


def run(*args: str, stdin: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", PYTHONIOENCODING="ascii")  # locale must not matter
    return subprocess.run(
        [sys.executable, "-m", "restore", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def expected() -> Restoration:
    return Restorer(model=None).restore(DAMAGED)


def test_fix_from_stdin_prints_the_restored_text(expected):
    result = run("fix", "--no-model", stdin=DAMAGED.encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == expected.text
    assert result.stdout.decode("utf-8") != DAMAGED


def test_fix_from_a_file_matches_the_api(tmp_path, expected):
    path = tmp_path / "story.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    result = run("fix", "--no-model", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == expected.text


def test_fix_sample_article_with_rules_gives_the_rules_expectation():
    result = run("fix", "--no-model", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == SAMPLE.with_suffix(".rules.txt").read_text(encoding="utf-8")


def test_fix_diff_prints_a_word_diff(expected):
    result = run("fix", "--no-model", "--diff", "-", stdin=DAMAGED.encode())
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert out == unified_diff(expected)
    assert out.startswith("--- original\n+++ restored\n")
    assert "[-The the-]{+The+}" in out


def test_fix_json_round_trips_to_the_same_restoration(expected):
    result = run("fix", "--no-model", "--json", stdin=DAMAGED.encode())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert Restoration.from_dict(data) == expected
    assert data["original"] == DAMAGED
    assert {s["kind"] for s in data["suggestions"]} >= {"duplicate"}


def test_fix_threshold_controls_what_is_applied(expected):
    top = max(s.confidence for s in expected.suggestions)
    everything = run("fix", "--no-model", "--threshold", "0", stdin=DAMAGED.encode())
    assert everything.stdout.decode("utf-8") == expected.apply([s.id for s in expected.suggestions])
    if top < 1.0:
        nothing = run("fix", "--no-model", "--threshold", "1", stdin=DAMAGED.encode())
        assert nothing.returncode == 0
        assert nothing.stdout.decode("utf-8") == DAMAGED
        shown = run("fix", "--no-model", "--threshold", "1", "--json", stdin=DAMAGED.encode())
        assert len(json.loads(shown.stdout)["suggestions"]) == len(expected.suggestions)


def test_fix_with_house_dictionary_leaves_its_words_alone(tmp_path):
    words = tmp_path / "house.txt"
    words.write_text("Azerbaijanthe\n", encoding="utf-8")
    result = run("fix", "--no-model", "--dictionary", str(words), stdin=DAMAGED.encode())
    assert result.returncode == 0, result.stderr
    assert "Azerbaijanthe" in result.stdout.decode("utf-8")


def test_fix_non_utf8_input_warns_and_restores(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("The the rebels’ chief spoke.\n".encode("cp1252"))
    result = run("fix", "--no-model", str(path))
    assert result.returncode == 0, result.stderr
    assert "E010" in result.stderr.decode() and "win.txt" in result.stderr.decode()
    assert result.stdout.decode("utf-8") == "The rebels’ chief spoke.\n"


@pytest.mark.parametrize(
    "args,data,needle",
    [
        (("fix", "--no-model", "missing.txt"), None, "no such file"),
        (("fix", "--no-model", "BINARY"), b"%PDF-1.4 binary", "E009"),
        (("fix", "--threshold", "1.5", "-"), b"x", "within 0..1"),
        (("fix", "--no-model", "--passes", "nope", "-"), b"x", "E001"),
        (("fix", "--no-model", "--dictionary", "nowhere.txt", "-"), b"x", "does not exist"),
        (("fix", "--no-model", "-"), b"copy with a \x00 NUL", "E009"),
        (("fix", "--no-model", "FEED"), None, "several documents"),
        (("batch", "nowhere", "--out", "OUT"), None, "no such input"),
        (("frobnicate",), None, "invalid choice"),
        ((), None, "usage"),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_clear_line(tmp_path, args, data, needle):
    (tmp_path / "b.pdf").write_bytes(data or b"")
    (tmp_path / "f.ndjson").write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n', encoding="utf-8")
    names = {"BINARY": str(tmp_path / "b.pdf"), "OUT": str(tmp_path / "out"), "FEED": str(tmp_path / "f.ndjson")}
    args = tuple(names.get(a, a) for a in args)
    result = run(*args, stdin=data if "-" in args else None)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert needle in err
    assert "Traceback" not in err
    assert result.stdout == b""


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("restore ")


def test_delegated_subcommand_gets_its_own_options():
    result = run("eval", "--help")
    assert result.returncode == 0
    assert "--n-paragraphs" in result.stdout.decode()


@pytest.mark.slow
def test_fix_handles_a_5_mb_document(tmp_path):
    paragraph = (
        "YEREVAN: Twenty-six separatist fighters were killed in clashes with Azerbaijani "
        "troops late Monday, the rebels’ Defense Ministry said, bringing the toll to 84.\n"
    )
    body = paragraph * (5_000_000 // len(paragraph.encode()) + 1)
    text = "The the fire spread.\n" + body + "Fighting in Azerbaijanthe Nagorny region.\n"
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    result = run("fix", "--no-model", str(path), timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout.decode("utf-8")
    assert out == text.replace("The the", "The", 1).replace("Azerbaijanthe", "Azerbaijan’s")
