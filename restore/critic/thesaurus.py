"""Related words: where a spinner's synonym could have come from.

A spinner replaces a word by an entry of its thesaurus, so the original of a spun word is
a word whose thesaurus entry contains it. Three sources, each named in the reason:

- ``table``: the synonym swaps restore's noise generator makes (mined from real spinner
  copy), read backwards (``cupboard`` <- ``cabinet``);
- ``wordnet``: Princeton WordNet 3.0 synonym sets, read from Debian's ``wordnet-base``
  files (``/usr/share/wordnet``) when they are installed, else skipped;
- ``neighbour``: the language model's own word-embedding neighbours (cosine), which know
  ``jeans``/``trousers`` and ``financial``/``economic`` where WordNet does not.

Inflection is carried over crudely (``prices`` -> ``charges``): a suffix the spun word
shows is added to the related word when the result is a common word.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

WORDNET_DIRS = (Path(os.environ.get("WNSEARCHDIR", "/usr/share/wordnet")), Path("/usr/share/wordnet"))
SUFFIXES = ("s", "es", "ed", "d", "ing", "ly")
ONE_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def table_sources() -> dict[str, tuple[str, ...]]:
    """spun phrase -> originals, from the synonym-swap table the noise generator also uses
    (``restore/data/words/synonym_swaps.tsv``)."""
    from ..english import rows

    back: dict[str, set[str]] = defaultdict(set)
    for original, *spun in rows("synonym_swaps"):
        for s in spun:
            if s != original:
                back[s].add(original)
    return {k: tuple(sorted(v)) for k, v in back.items()}


def wordnet_dir() -> Path | None:
    for d in WORDNET_DIRS:
        if (d / "data.noun").exists():
            return d
    return None


@lru_cache(maxsize=1)
def wordnet_synonyms() -> dict[str, frozenset[str]]:
    """lemma -> the other one-word lemmas of its synsets (empty when WordNet is absent)."""
    where = wordnet_dir()
    if where is None:
        return {}
    mates: dict[str, set[str]] = defaultdict(set)
    for pos in ("noun", "verb", "adj", "adv"):
        with open(where / f"data.{pos}", encoding="latin-1") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                parts = line.split(" ")
                n = int(parts[3], 16)
                words = {parts[4 + 2 * i].split("(")[0].lower() for i in range(n)}
                words = {w for w in words if ONE_WORD.fullmatch(w)}
                for w in words:
                    mates[w].update(words - {w})
    return {k: frozenset(v) for k, v in mates.items()}


def wordnet_available() -> bool:
    return wordnet_dir() is not None


def _forms(word: str, known) -> list[tuple[str, str]]:  # noqa: ANN001
    """(lemma, suffix) readings of ``word``: itself, and with a suffix stripped."""
    out = [(word, "")]
    for suf in SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            stem = word[: -len(suf)]
            if stem in known:
                out.append((stem, suf))
            if suf in ("ed", "ing") and stem + "e" in known:
                out.append((stem + "e", suf))
            if suf == "es" and stem.endswith("i") and stem[:-1] + "y" in known:
                out.append((stem[:-1] + "y", "ies"))
    return out


def _inflect(lemma: str, suffix: str) -> str:
    if not suffix:
        return lemma
    if suffix == "ies":
        return lemma[:-1] + "ies" if lemma.endswith("y") else lemma + "s"
    if suffix in ("ed", "ing") and lemma.endswith("e"):
        return lemma[:-1] + suffix
    if suffix in ("s", "es"):
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            return lemma[:-1] + "ies"
        return lemma + ("es" if lemma.endswith(("s", "x", "ch", "sh")) else "s")
    return lemma + suffix


def wordnet_related(word: str, is_common) -> list[str]:  # noqa: ANN001
    """WordNet synonyms of ``word`` in the same inflection, kept when ``is_common``."""
    syn = wordnet_synonyms()
    if not syn:
        return []
    found: list[str] = []
    for lemma, suffix in _forms(word, syn):
        for mate in syn.get(lemma, ()):
            form = _inflect(mate, suffix)
            if form != word and form not in found and is_common(form):
                found.append(form)
    return found


class Neighbours:
    """Nearest whole-word tokens in the language model's input embeddings."""

    def __init__(self, lm, k: int = 30, min_cosine: float = 0.3) -> None:  # noqa: ANN001
        import torch

        self.lm = lm
        self.k = k
        self.min_cosine = min_cosine
        vocab = lm.tokenizer.convert_ids_to_tokens(list(range(lm.model.get_input_embeddings().weight.shape[0])))
        self.ids = [i for i, t in enumerate(vocab) if re.fullmatch(r"Ġ[a-z]{2,}", t)]
        self.words = {i: vocab[i][1:] for i in self.ids}
        weight = lm.model.get_input_embeddings().weight.detach().float()
        self.matrix = torch.nn.functional.normalize(weight[self.ids], dim=1)
        self._cache: dict[str, list[str]] = {}

    def __call__(self, word: str) -> list[str]:
        if word in self._cache:
            return self._cache[word]
        tid = self.lm.word_id(" " + word)
        found: list[str] = []
        if tid is not None and tid in self.words:
            import torch

            vec = torch.nn.functional.normalize(
                self.lm.model.get_input_embeddings().weight[tid].detach().float(), dim=0
            )
            sims = self.matrix @ vec
            values, index = sims.topk(self.k + 1)
            for v, i in zip(values.tolist(), index.tolist()):
                w = self.words[self.ids[i]]
                if w != word and v >= self.min_cosine:
                    found.append(w)
        self._cache[word] = found
        return found
