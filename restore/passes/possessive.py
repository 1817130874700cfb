"""Placeholder: the possessive pass is being written."""
