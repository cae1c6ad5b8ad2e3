"""People the organizers' pages must refuse: a juror of the call and an organizer of another lab."""

from datetime import timedelta

from django.utils import timezone

from innovation_platform.labs.models import LabMembership
from judging.models import Juror, Round
from tests.conftest import make_lab, make_user


def juror_of(challenge):
    user = make_user("jurado@example.org")
    now = timezone.now()
    round_ = Round.objects.create(challenge=challenge, name="R1", starts_at=now, ends_at=now + timedelta(days=1))
    Juror.objects.create(
        round=round_, email=user.email, user=user, status="active", token="t", expires_at=now + timedelta(days=1)
    )
    return user


def other_organizer():
    user = make_user("other@example.org")
    LabMembership.objects.create(lab=make_lab("otro-lab"), user=user, role="organizer")
    return user
