"""One error catalogue: every code is defined once, in restore/errors.py, and used by name."""

from __future__ import annotations

import re
from pathlib import Path

from restore.errors import Errors

PACKAGE = Path(__file__).resolve().parent.parent / "restore"


def test_every_code_is_defined_once_and_named_by_its_attribute() -> None:
    codes = {name: text for name, text in vars(Errors).items() if re.fullmatch(r"E\d{3}", name)}
    assert len(codes) >= 33
    for name, text in codes.items():
        assert text.startswith(f"{name}: "), name


def test_no_module_writes_a_code_inline() -> None:
    """A message with a code is always ``Errors.Exxx``, never a string literal elsewhere."""
    inline = re.compile(r"""["'](E\d{3}):""")
    found = [
        f"{path.relative_to(PACKAGE)}: {m.group(1)}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "errors.py"
        for m in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
