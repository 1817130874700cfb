"""Placeholder: the encoding pass is being written."""
