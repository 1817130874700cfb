"""Placeholder: the artifacts pass is being written."""
