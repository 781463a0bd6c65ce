"""Small helpers shared by every layer: sets of constraints as bit rows, and words."""

from negotiation._util import bitsets
from negotiation._util.words import counted, join_words

__all__ = ["bitsets", "counted", "join_words"]
