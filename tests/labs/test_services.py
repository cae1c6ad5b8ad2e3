import pytest

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import clean_image
from innovation_platform.labs.models import LabMembership, LabRole
from innovation_platform.labs.services import (
    lab_create,
    lab_member_add,
    lab_member_remove,
    lab_member_set_role,
    lab_set_verified,
)
from tests.conftest import make_lab, make_user
from tests.images import image_bytes, upload


def test_creator_becomes_admin_of_an_unverified_lab_with_a_unique_slug(citizen):
    make_lab("innova-puno")

    lab = lab_create(
        creator=citizen,
        data={"name": "Innova Puno", "kind": "academia", "country": "PE", "region": "PE-PUN"},
        logo=clean_image(upload(image_bytes("PNG", size=(800, 400)))),
    )

    assert lab.slug == "innova-puno-2"
    assert lab.is_verified is False
    assert list(lab.memberships.values_list("user__email", "role")) == [(citizen.email, "admin")]
    assert (lab.logo_thumbnail.width, lab.logo_thumbnail.height) == (320, 160)


def test_staff_verification_records_who_and_when(lab, staff):
    lab_set_verified(lab=lab, actor=staff, verified=True)
    assert (lab.is_verified, lab.verified_by) == (True, staff)
    assert lab.verified_at is not None

    lab_set_verified(lab=lab, actor=staff, verified=False)
    assert (lab.is_verified, lab.verified_by, lab.verified_at) == (False, None, None)


def test_member_is_added_by_email_case_insensitively(lab, citizen):
    membership = lab_member_add(lab=lab, email="  CITIZEN@example.org ", role=LabRole.ORGANIZER)

    assert (membership.user, membership.role) == (citizen, "organizer")


def test_adding_an_unknown_email_or_an_existing_member_is_refused_clearly(lab, lab_admin):
    with pytest.raises(ApplicationError, match="nadie@example.org") as unknown:
        lab_member_add(lab=lab, email="nadie@example.org", role=LabRole.MEMBER)
    with pytest.raises(ApplicationError) as duplicate:
        lab_member_add(lab=lab, email=lab_admin.email, role=LabRole.MEMBER)

    assert unknown.value.field == duplicate.value.field == "email"


def test_the_last_admin_can_be_neither_demoted_nor_removed(lab, lab_admin):
    membership = LabMembership.objects.get(lab=lab, user=lab_admin)

    with pytest.raises(ApplicationError):
        lab_member_set_role(membership=membership, role=LabRole.MEMBER)
    with pytest.raises(ApplicationError):
        lab_member_remove(membership=membership)

    membership.refresh_from_db()
    assert membership.role == LabRole.ADMIN


def test_an_admin_can_step_down_once_another_admin_exists(lab, lab_admin):
    other = lab_member_add(lab=lab, email=make_user("otra@example.org").email, role=LabRole.ADMIN)
    mine = LabMembership.objects.get(lab=lab, user=lab_admin)

    lab_member_set_role(membership=mine, role=LabRole.MEMBER)

    with pytest.raises(ApplicationError):
        lab_member_remove(membership=other)
    assert sorted(lab.memberships.values_list("role", flat=True)) == ["admin", "member"]
