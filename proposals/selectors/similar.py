"""Similar proposals of a challenge, by the terms they share with a text (see core/search.py)."""

import math

from django.db.models import Case, Count, F, FloatField, Subquery, Sum, Value, When

from challenges.models import Challenge, Visibility
from innovation_platform.core.search import query_terms
from proposals.models import IN_THE_CALL, Proposal, ProposalTerm

SIMILAR_LIMIT = 5
# Below this score the proposals only share common words: one rare word of a title (weight 3,
# found in a few proposals) passes; a word found in half the proposals does not.
MIN_SCORE = 4.0


def similar_proposals(
    challenge: Challenge, text: str, *, exclude: int | None = None, limit: int = SIMILAR_LIMIT
) -> list[Proposal]:
    """The public proposals of the challenge closest to `text`, best first, each with its `score`.

    The score is the sum, over the terms shared with the text, of the proposal's weight for the
    term times its rarity in the challenge (inverse document frequency). Two queries at most,
    whatever the number of proposals: the document frequencies (with the number of proposals),
    then the scored proposals. Only proposals anyone may see are returned; `exclude` is the one being edited.
    """
    terms = query_terms(text)
    if not terms or not challenge.proposals_public or challenge.visibility == Visibility.DRAFT:
        return []
    # The proposal being edited is left out of the statistics too: its own words are not rare for being its own.
    others = Proposal.objects.filter(challenge=challenge).exclude(pk=exclude)
    total = others.order_by().values("challenge").annotate(total=Count("pk")).values("total")
    rows = (
        ProposalTerm.objects.filter(challenge=challenge, term__in=terms)
        .exclude(proposal=exclude)
        .values_list("term")
        .annotate(count=Count("pk"), total=Subquery(total))
        .order_by()
    )
    rarity = {term: math.log(1 + total / count) for term, count, total in rows}
    if not rarity:
        return []
    proposals = others.filter(status__in=IN_THE_CALL, hidden_at__isnull=True, terms__term__in=list(rarity))
    # Filtered on the terms first, the sum runs over the shared terms only.
    score = Sum(
        F("terms__weight")
        * Case(*(When(terms__term=term, then=Value(idf)) for term, idf in rarity.items()), output_field=FloatField()),
        output_field=FloatField(),
    )
    found = list(
        proposals.annotate(score=score)
        .filter(score__gte=MIN_SCORE)
        .only("pk", "number", "title", "country", "region", "status", "challenge_id")
        .order_by("-score", "number", "pk")[:limit]
    )
    for proposal in found:
        proposal.challenge = challenge  # for its reference, without a query
    return found
