"""The review queue: restorations waiting for an editor's verdicts, in SQLite (embedded
default) or PostgreSQL (a desk of editors)."""

from .export import export_main
from .store import (
    DEFAULT_CLAIM_TTL,
    DEFAULT_DB,
    EDITOR_SOURCE,
    SCHEMA_VERSION,
    Claim,
    Decision,
    PendingDoc,
    ReviewItem,
    ReviewStore,
    default_db,
    default_db_path,
    restore_home,
)

__all__ = [
    "DEFAULT_CLAIM_TTL",
    "DEFAULT_DB",
    "EDITOR_SOURCE",
    "SCHEMA_VERSION",
    "Claim",
    "Decision",
    "PendingDoc",
    "ReviewItem",
    "ReviewStore",
    "default_db",
    "default_db_path",
    "export_main",
    "restore_home",
]
