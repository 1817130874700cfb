"""The model pass: find suspicious windows, rewrite them in one batch, keep safe edits.

Most copy is clean, so the model first reads every window once with teacher forcing and
asks "would I copy this token?" (one cheap forward pass, no decoding). Only windows where
it would not, or where the lexicon finds an unknown word, are rewritten with ``generate``.
The fuzzy guard (``guard.to_edits``) turns each rewrite into minimal edits and drops
drift; confidence is the model's own token probability, calibrated on held-out windows
(``calibration.json``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..context import Context
from ..english import LETTER_WORD, word_set
from ..english.align import Edit, Span, View
from ..english.names import capitalised_words
from ..errors import ConfigError, Errors
from ..suggestion import DEFAULT_THRESHOLD, Kind, Suggestion
from .guard import to_edits
from .windows import window_spans

log = logging.getLogger(__name__)

COPY_FLAG = 0.5
"""A window is rewritten when the model gives some token of it less than this probability."""
MAX_FLAG_SHARE = 0.25
"""Windows where the model would rewrite more than this share of words are left alone."""
BATCH = 32
MAX_TOKENS = 96
THREADS_ENV = "RESTORE_THREADS"
"""Torch threads for this process, when set (``restore batch --jobs`` workers share cores)."""


@dataclass
class Calibration:
    """A monotone map from raw token probability to the chance an edit is right.

    One map per damage kind where the calibration run saw enough of that kind
    (``by_kind``), the overall map otherwise: the model's "0.9" on a punctuation slip and
    its "0.9" on a dropped word are not equally often right.
    """

    points: list[tuple[float, float]] = field(default_factory=lambda: [(0.0, 0.0), (1.0, 0.85)])
    by_kind: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def __call__(self, raw: float, kind: Kind | None = None) -> float:
        pts = self.by_kind.get(kind.value, self.points) if kind is not None else self.points
        return _interpolate(pts, raw)

    @classmethod
    def load(cls, path: Path) -> Calibration:
        if not path.exists():
            return cls()
        data = json.loads(path.read_text())
        by_kind = {
            k: [(float(x), float(y)) for x, y in pts] for k, pts in data.get("points_by_kind", {}).items()
        }
        return cls([(float(x), float(y)) for x, y in data["points"]], by_kind)


def _interpolate(pts: list[tuple[float, float]], raw: float) -> float:
    if raw <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if raw <= x1:
            t = 0.0 if x1 == x0 else (raw - x0) / (x1 - x0)
            return y0 + t * (y1 - y0)
    return pts[-1][1]


def suspicious_words(text: str, ctx: Context) -> list[int]:
    """Offsets of words the lexicon does not know (rare names used twice are fine)."""
    flags = []
    for m in LETTER_WORD.finditer(text):
        w = m.group()
        if len(w) < 3 or ctx.lexicon.is_known(w, 1.5):
            continue
        if w[0].isupper() and ctx.doc_count(w) >= 2:
            continue
        flags.append(m.start())
    return flags


class ModelRepairPass:
    """The ``model`` batched pass (``restore.registry.BatchedPass``): our seq2seq model and
    the fuzzy guard. Edits that overlap the rules' (``prior``) lose to them in the
    pipeline's resolver; a window whose every doubt a rule already explains is not even
    rewritten (``_explained``)."""

    name = "model"

    def __init__(self, model, tokenizer, calibration: Calibration, path: Path) -> None:  # noqa: ANN001
        self.model = model
        self.tokenizer = tokenizer
        self.calibration = calibration
        self.path = path

    @classmethod
    def from_pretrained(cls, path: str | Path) -> ModelRepairPass:
        """Load weights, tokenizer and calibration saved by ``restore train``."""
        path = Path(path)
        if not (path / "config.json").exists() or not any(path.glob("model*.safetensors")):
            raise ConfigError(Errors.E013.format(path=path))
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch
        from transformers import AutoModelForSeq2SeqLM

        from .tokenizer import load_tokenizer

        wanted = os.environ.get(THREADS_ENV, "")
        if wanted.isdigit() and int(wanted) > 0:  # batch workers share the cores
            torch.set_num_threads(int(wanted))
        elif torch.get_num_threads() > 2:
            torch.set_num_threads(max(2, min(4, os.cpu_count() or 2)))
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        model = AutoModelForSeq2SeqLM.from_pretrained(path, dtype=torch.float32)
        model.eval()
        return cls(model, load_tokenizer(path), Calibration.load(path / "calibration.json"), path)

    # -- the BatchedPass protocol --------------------------------------------------------

    def suggest_many(
        self, items: Sequence[tuple[str, Context, Sequence[Suggestion]]], *, threshold: float = DEFAULT_THRESHOLD
    ) -> list[list[Suggestion]]:
        """Suggestions for each (chunk, context, prior suggestions) item.

        The model reads each chunk with the confident prior repairs applied (a ``View``),
        as a second ``restore`` of the result would: read as damaged, a window next to a
        rule's repair was skipped or judged less surely, and the second run then found
        new confident repairs there. Edits that would touch an applied repair are left
        out (the rules own that place); the others are mapped back onto the original."""
        views = [View.build(text, [p for p in prior if p.confidence >= threshold]) for text, _, prior in items]
        unsure = [
            [Edit(*span, p.replacement) for p in prior if p.confidence < threshold
             for span in [view.from_original(p.start, p.end)] if span is not None]
            for view, (_, _, prior) in zip(views, items)
        ]
        found = self._suggest_on([(v.text, ctx, u) for v, (_, ctx, _), u in zip(views, items, unsure)])
        out: list[list[Suggestion]] = []
        for view, (text, _, _), suggestions in zip(views, items, found):
            mapped = []
            for s in suggestions:
                span = view.to_original(s.start, s.end)
                if span is not None:
                    mapped.append(Suggestion.at(
                        text, span[0], span[1], s.replacement, kind=s.kind, confidence=s.confidence,
                        reason=s.reason, source=s.source,
                    ))
            out.append(mapped)
        return out

    def _suggest_on(self, items: Sequence[tuple[str, Context, Sequence[Span]]]) -> list[list[Suggestion]]:
        """Suggestions on each item's text (``prior``: the repairs left to the editor)."""
        jobs: list[tuple[int, tuple[int, int], list[int]]] = []  # (item, window, flags)
        for k, (text, ctx, _prior) in enumerate(items):
            for s, e in window_spans(text):
                if len(text[s:e].split()) < 3:
                    continue
                jobs.append((k, (s, e), [s + f for f in suspicious_words(text[s:e], ctx)]))
        if not jobs:
            return [[] for _ in items]
        texts = [items[k][0][s:e] for k, (s, e), _ in jobs]
        copy_flags, states = self.read(texts)
        todo, todo_states = [], []
        for job, text, extra, state in zip(jobs, texts, copy_flags, states):
            k, (s, e), flags = job
            if len(extra) > max(3, MAX_FLAG_SHARE * len(text.split())):
                continue  # the model cannot read this window: damage is not local, leave it
            flags = sorted(set(flags) | {s + f for f in extra})
            prior = items[k][2]
            # Greedy decoding copies every token the model would copy with p >= 0.5, so a
            # window with no copy flag comes back unchanged: only those with one are rewritten.
            if any(not _explained(s + f, prior) for f in extra):
                todo.append((k, (s, e), flags))
                todo_states.append(state)
        rewrites = self.rewrite([items[k][0][s:e] for k, (s, e), _ in todo], todo_states)
        out: list[list[Suggestion]] = [[] for _ in items]
        for (k, window, flags), (rewrite, conf) in zip(todo, rewrites):
            text, ctx, prior = items[k]
            found = to_edits(
                text, window, _house_marks(rewrite, ctx), source=self.name, flagged=flags,
                confidence=conf, calibrate=self.calibration, known=_known_in(ctx),
            )
            out[k].extend(x for x in found if not house_style_or_hidden_gap(x, text, ctx))
        return out

    # -- model calls ---------------------------------------------------------------------

    def read(self, texts: list[str]):  # -> (flags per text, encoder states per text)
        """One teacher-forced pass: char offsets, per text, of tokens the model would not
        copy as they are, plus each window's encoder states so a rewrite does not encode
        the same window twice (about a fifth of the model's time)."""
        import torch

        flags: list[list[int]] = [[] for _ in texts]
        states: list = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        start = self.model.config.decoder_start_token_id
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                idx = order[b : b + BATCH]
                enc = self.tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS,
                    return_tensors="pt", return_offsets_mapping=True,
                )
                offsets = enc.pop("offset_mapping")
                ids, mask = enc["input_ids"], enc["attention_mask"]
                decoder_ids = torch.cat([torch.full_like(ids[:, :1], start), ids[:, :-1]], dim=1)
                encoded = self.model.get_encoder()(input_ids=ids, attention_mask=mask)
                logits = self.model(
                    encoder_outputs=encoded, attention_mask=mask,
                    decoder_input_ids=decoder_ids, decoder_attention_mask=mask,
                ).logits
                probs = logits.log_softmax(-1).gather(-1, ids.unsqueeze(-1)).squeeze(-1).exp()
                lengths = mask.sum(1).tolist()
                low = (probs < COPY_FLAG).tolist()
                for row, i in enumerate(idx):
                    n = int(lengths[row])
                    states[i] = encoded.last_hidden_state[row, :n]
                    for t in range(n):
                        if low[row][t]:
                            a = len(texts[i]) if t == n - 1 else int(offsets[row, t, 0])
                            flags[i].append(a)  # the end of sequence: something missing at the end
        return flags, states

    def rewrite(self, texts: list[str], states: list | None = None):  # -> list[tuple[str, Callable[[int, int], float]]]
        """Greedy rewrites with a per-span confidence function for each; ``states`` are the
        windows' encoder outputs from ``read`` when the caller has them."""
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        from .tokenizer import decode

        results: list = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                idx = order[b : b + BATCH]
                enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
                inputs: dict = dict(enc)
                if states is not None:
                    hidden = torch.zeros(len(idx), enc["input_ids"].shape[1], self.model.config.d_model)
                    for row, i in enumerate(idx):
                        hidden[row, : states[i].shape[0]] = states[i]
                    inputs = {"encoder_outputs": BaseModelOutput(last_hidden_state=hidden), "attention_mask": enc["attention_mask"]}
                gen = self.model.generate(
                    **inputs, max_new_tokens=int(enc["input_ids"].shape[1] * 1.15) + 4, num_beams=1,
                    do_sample=False, output_scores=True, return_dict_in_generate=True,
                )
                scores = self.model.compute_transition_scores(gen.sequences, gen.scores, normalize_logits=True)
                for row, i in enumerate(idx):
                    ids = gen.sequences[row, 1:].tolist()
                    probs = scores[row].exp().tolist()
                    results[i] = _with_confidence(self.tokenizer, ids, probs, decode)
        return results


def _with_confidence(tokenizer, ids: list[int], probs: list[float], decode):  # noqa: ANN001
    """The decoded rewrite and a function: rewrite char span -> min probability there."""
    keep = [(t, p) for t, p in zip(ids, probs) if t > 2]
    spans: list[tuple[int, int, float]] = []
    prev = 0
    for k in range(1, len(keep) + 1):
        cur = len(decode(tokenizer, [t for t, _ in keep[:k]]))
        spans.append((prev, cur, keep[k - 1][1]))
        prev = cur
    text = decode(tokenizer, [t for t, _ in keep])
    end_prob = next((p for t, p in zip(ids, probs) if t == 1), 1.0)

    def confidence(rs: int, re_: int) -> float:
        hit = [p for a, b, p in spans if a < re_ + 1 and b > rs - 1 and b > a]
        if rs >= len(text):
            hit.append(end_prob)
        return min(hit) if hit else 0.5

    return text, confidence


def house_style_or_hidden_gap(s: Suggestion, text: str, ctx: Context) -> bool:
    """Model edits we never make, whatever its confidence.

    Capitalising an everyday word ("the president" -> "the President") is the training
    corpus's house style, not a repair; a name (the names list) is fine. Closing the space
    before a comma after a function word ("killed in a , including") hides the word that
    went missing there, which the rules also leave for the editor to see. Lower-casing a
    capital that opens a title or name ("Their Majesties", "The United States") is not one.
    """
    if s.kind is Kind.CASE and s.replacement[:1].isupper() and s.original[:1].islower():
        m = LETTER_WORD.match(text, s.start)
        word = m.group() if m else s.original
        return ctx.lexicon.zipf(word) >= 4.0 and word.lower() not in capitalised_words()
    if s.kind is Kind.CASE and s.replacement[:1].islower() and s.original[:1].isupper():
        m = LETTER_WORD.match(text, s.start)
        following = text[m.end() :].split()[:1] if m else []
        return bool(following) and following[0][:1].isupper()
    if s.kind is Kind.PUNCTUATION and not s.replacement and not s.original.strip():
        before = text[: s.start].split()[-1:]
        return bool(before) and before[0].lower() in word_set("dropped_word_hints") and text[s.end : s.end + 1] in ",.;:"
    return False


def _known_in(ctx: Context):  # -> Callable[[str], bool]
    """A word is real if English knows it, the house dictionary has it or the article uses it."""
    return lambda word: ctx.lexicon.is_known(word, 1.5) or ctx.doc_count(word) > 0


def _explained(flag: int, prior: Sequence[Span]) -> bool:
    """True when a flagged offset sits on (or right after) damage a rule already repairs.

    A window whose every copy flag is explained this way is not rewritten: the resolver
    would drop the model's edits there anyway (they overlap the rules', which win), so the
    rewrite would cost time and change nothing."""
    return any(p.start - 1 <= flag <= p.end + 2 for p in prior)


def _house_marks(rewrite: str, ctx: Context) -> str:
    """Use the document's own quote style in repairs (straight stays straight)."""
    if ctx.style.curly:
        return rewrite
    return rewrite.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
