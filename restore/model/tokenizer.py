"""A small byte-level BPE tokenizer trained on our own corpus.

Byte-level BPE keeps every character round-trippable (curly quotes, accents, ``[ad_1]``,
mojibake like ``â€™``) while giving sequences ~4x shorter than raw bytes, which is what
makes CPU training of the repair model practical. Training it is the lab's job
(``restore.lab.train.train_tokenizer``); this module loads and decodes.
"""

from __future__ import annotations

from pathlib import Path

PAD, EOS, UNK = "<pad>", "</s>", "<unk>"
SPECIALS = [PAD, EOS, UNK]  # ids 0, 1, 2 as T5 expects (pad doubles as decoder start)


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
