"""Placeholder: the hyphenation pass is being written."""
