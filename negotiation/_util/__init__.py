"""Small helpers shared by every layer: sets of constraints as bit rows (``bitsets``), words
(``words``) and reproducible chunked execution (``parallel``). Import the module you need: this
package imports nothing itself, so the CLI's ``--help`` does not load NumPy through it."""

__all__ = []
