"""A small byte-level BPE tokenizer trained on our own corpus.

Byte-level BPE keeps every character round-trippable (curly quotes, accents, ``[ad_1]``,
mojibake like ``â€™``) while giving sequences ~4x shorter than raw bytes, which is what
makes CPU training of the repair model practical.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PAD, EOS, UNK = "<pad>", "</s>", "<unk>"
SPECIALS = [PAD, EOS, UNK]  # ids 0, 1, 2 as T5 expects (pad doubles as decoder start)


def train_tokenizer(texts: Iterable[str], out_dir: Path, *, vocab_size: int = 8000) -> Path:
    """Train a byte-level BPE on ``texts`` and save ``tokenizer.json`` in ``out_dir``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single=f"$A {EOS}", special_tokens=[(EOS, tok.token_to_id(EOS))]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "tokenizer.json"
    tok.save(str(path))
    return path


def load_tokenizer(model_dir: Path):  # -> PreTrainedTokenizerFast
    """The tokenizer saved beside a model, through transformers' own loading path."""
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_file=str(Path(model_dir) / "tokenizer.json"),
        pad_token=PAD,
        eos_token=EOS,
        unk_token=UNK,
        clean_up_tokenization_spaces=False,
    )


def decode(tokenizer, ids) -> str:  # noqa: ANN001 - tokenizer and id list
    """Exact text for ``ids``: specials dropped, no whitespace 'clean-up'."""
    return tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
