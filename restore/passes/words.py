"""Placeholder: the words pass is being written."""
