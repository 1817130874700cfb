"""The house dictionary: words and names a newsroom never wants flagged.

Stored as a UTF-8 text file, one entry per line, so it can be edited by hand and kept in
version control. Writes go through a temporary file and a rename, so a crash never leaves
a half-written dictionary.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path



def restore_home() -> Path:
    """Where restore keeps its files: ``$RESTORE_HOME``, else ``~/.restore`` (read each call)."""
    return Path(os.environ.get("RESTORE_HOME") or Path.home() / ".restore")


def default_dictionary_path() -> Path:
    return restore_home() / "house-dictionary.txt"


class HouseDictionary:
    """A set of words persisted to ``path`` (default: ``default_dictionary_path()``)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_dictionary_path()
        self._words: list[str] = []
        if self.path.exists():
            seen: set[str] = set()
            for line in self.path.read_text(encoding="utf-8").splitlines():
                word = line.strip()
                if word and not word.startswith("#") and word not in seen:
                    seen.add(word)
                    self._words.append(word)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._words))

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def add(self, word: str) -> None:
        word = word.strip()
        if word and word not in self._words:
            self._words.append(word)
            self._save()

    def remove(self, word: str) -> None:
        if word in self._words:
            self._words.remove(word)
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".dict-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{w}\n" for w in self._words))
        os.replace(tmp, self.path)
