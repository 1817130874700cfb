"""The review queue: restorations waiting for an editor's verdicts, kept in SQLite."""

from .export import export_main
from .store import (
    DEFAULT_DB,
    Decision,
    PendingDoc,
    ReviewItem,
    ReviewStore,
    default_db_path,
    restore_home,
)

__all__ = [
    "DEFAULT_DB",
    "Decision",
    "PendingDoc",
    "ReviewItem",
    "ReviewStore",
    "default_db_path",
    "export_main",
    "restore_home",
]
