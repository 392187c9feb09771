"""The store's error, in a module of its own: what reads no workshop file (the
coordinators' archive) names it without loading the workshop store."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with a workshop file that the user must see."""
