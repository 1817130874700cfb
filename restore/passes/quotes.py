"""Placeholder: the quotes pass is being written."""
