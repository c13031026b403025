"""Word keys for duplicate detection; folding, names and phones are the core's
(dialogue.text, dialogue.phones)."""

from dialogue.text import fold


def words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 1}


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets, 0..1."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
