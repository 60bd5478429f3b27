"""Exceptions of ProtestWatch.

ProtestWatchError
├── InputError       an input could not be read or parsed (the batch goes on)
├── GazetteerError   the place index could not be built or loaded
└── StoreError       the store could not be opened or written
"""


class ProtestWatchError(Exception):
    """Base class of every error ProtestWatch raises on purpose."""


class InputError(ProtestWatchError):
    """An input could not be read or parsed."""


class GazetteerError(ProtestWatchError):
    """The place index could not be built or loaded."""


class StoreError(ProtestWatchError):
    """The store could not be opened or written."""
