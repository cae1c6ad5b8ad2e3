from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage

from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.services import api_token_rotate, profile_ensure, profile_update
from innovation_platform.core.images import clean_image
from tests.images import image_bytes, upload


def update(profile, *, avatar=False, **profile_data):
    return profile_update(
        profile=profile,
        user_data={"full_name": "Rosa Q.", "timezone": ""},
        profile_data={
            "country": "PE",
            "region": "PE-CUS",
            "organization": "",
            "bio": "",
            "is_public": True,
            "newsletter_consent": False,
            **profile_data,
        },
        skills=["diseño", "datos"],
        interests=["agua"],
        avatar=avatar,
    )


def test_profile_ensure_creates_one_private_profile_per_user(citizen):
    Profile.objects.filter(user=citizen).delete()

    first = profile_ensure(citizen)
    second = profile_ensure(citizen)

    assert first.pk == second.pk
    assert first.is_public is False
    assert first.slug.startswith("rosa-quispe-")


def test_update_saves_user_fields_profile_fields_and_tags(citizen):
    profile = update(citizen.profile, organization="UNSAAC")

    profile.refresh_from_db()
    citizen.refresh_from_db()
    assert (citizen.full_name, profile.organization, profile.region) == ("Rosa Q.", "UNSAAC", "PE-CUS")
    assert sorted(profile.skills.names()) == ["datos", "diseño"]
    assert list(profile.interests.names()) == ["agua"]


@pytest.mark.parametrize("consent", ["newsletter_consent", "contact_consent"])
def test_a_consent_records_when_it_was_given_and_clears_when_withdrawn(citizen, consent):
    given_at = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    with time_machine.travel(given_at, tick=False):
        profile = update(citizen.profile, **{consent: True})
    assert (getattr(profile, consent), getattr(profile, f"{consent}_at")) == (True, given_at)

    with time_machine.travel(given_at + timedelta(days=5), tick=False):
        profile = update(profile, **{consent: True})
    assert getattr(profile, f"{consent}_at") == given_at  # unchanged while consent stands

    profile = update(profile, **{consent: False})
    profile.refresh_from_db()
    assert (getattr(profile, consent), getattr(profile, f"{consent}_at")) == (False, None)


def test_contact_consent_is_off_until_given(citizen):
    assert (citizen.profile.contact_consent, citizen.profile.contact_address) == (False, "")


def test_avatar_is_stored_with_thumbnail_and_replaced_files_are_deleted(citizen, django_capture_on_commit_callbacks):
    profile = update(citizen.profile, avatar=clean_image(upload(image_bytes("PNG", size=(300, 200)))))
    first_files = [profile.avatar.name, profile.avatar_thumbnail.name]
    assert all(default_storage.exists(name) for name in first_files)
    assert profile.avatar_thumbnail.name.endswith(".webp")

    with django_capture_on_commit_callbacks(execute=True):
        profile = update(profile, avatar=clean_image(upload(image_bytes("JPEG"), name="b.jpg")))

    assert not any(default_storage.exists(name) for name in first_files)
    assert default_storage.exists(profile.avatar.name)


def test_avatar_can_be_removed(citizen, django_capture_on_commit_callbacks):
    profile = update(citizen.profile, avatar=clean_image(upload(image_bytes())))
    name = profile.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        profile = update(profile, avatar=None)

    assert not profile.avatar
    assert not profile.avatar_thumbnail
    assert not default_storage.exists(name)


def test_api_token_rotation_revokes_the_previous_token(citizen):
    first = api_token_rotate(citizen)
    second = api_token_rotate(citizen)

    assert first.key != second.key
    citizen.refresh_from_db()
    assert citizen.auth_token.key == second.key
