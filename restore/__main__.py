"""``python -m restore`` is the ``restore`` command."""

from .cli import main

raise SystemExit(main())
