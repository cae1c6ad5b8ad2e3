"""Public support in the open LABIC call: a people's choice beside the jury."""

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from proposals.models import IN_THE_CALL, Support

SUPPORTS_PER_PERSON = 5


def seed_supports(challenge: Challenge, people: list[User], teams: dict[int, set[int]], rng) -> None:
    """A few popular proposals and a long tail: each person supports up to the limit, never their own."""
    in_the_call = list(
        challenge.proposals.filter(status__in=IN_THE_CALL).order_by("number").values_list("pk", flat=True)
    )
    if not in_the_call:
        return
    popularity = [rng.paretovariate(1.5) for _ in in_the_call]
    supports = []
    for person in people:
        wanted = rng.choice([0, 1, 1, 2, 3, SUPPORTS_PER_PERSON])
        chosen = set()
        for proposal_id in rng.choices(in_the_call, weights=popularity, k=wanted * 2):
            if len(chosen) < wanted and person.pk not in teams.get(proposal_id, ()):
                chosen.add(proposal_id)
        supports += [Support(proposal_id=pk, challenge=challenge, user=person) for pk in sorted(chosen)]
    Support.objects.bulk_create(supports)
