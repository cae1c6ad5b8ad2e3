"""Weighted terms of a proposal's title and summary (see core/search.py), stored in `ProposalTerm` and compared in
plain SQL so that similar proposals meet (see selectors/similar.py)."""

from collections import Counter

from innovation_platform.core.search import terms

TITLE_WEIGHT, SUMMARY_WEIGHT = 3, 1
# A word repeated many times should not drown the others (nor let a text game the score).
MAX_WEIGHT = 10


def weighted_terms(title: str, summary: str = "") -> dict[str, int]:
    """Each term with its weight: title words count more than summary words."""
    weights = Counter()
    for term in terms(title):
        weights[term] += TITLE_WEIGHT
    for term in terms(summary):
        weights[term] += SUMMARY_WEIGHT
    return {term: min(weight, MAX_WEIGHT) for term, weight in weights.items()}
