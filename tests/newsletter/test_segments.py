"""Who a newsletter reaches: only consenting, verified, active accounts, narrowed in SQL by each criterion."""

import pytest
from allauth.account.models import EmailAddress

from newsletter.selectors import newsletter_audience, newsletter_audience_count
from tests.newsletter import newsletter_world
from tests.newsletter.newsletter_world import reader

world = newsletter_world.world


@pytest.fixture
def readers(world):
    reader("cusco-agua", region="PE-CUS", skills=["Python"], interests=["Agua"], labs=[world["cusco"]])
    reader("lima-datos", region="PE-LIM", skills=["Datos abiertos"], interests=["Salud"], language="en")
    reader("bogota", country="CO", region="", interests=["agua"], labs=[world["lima"]])
    reader("lima-both", region="PE-LIM", skills=["python", "diseño"], labs=[world["cusco"], world["lima"]])
    # Nobody of these ever receives it.
    reader("no-consent", consent=False)
    reader("unverified", verified=False)
    reader("inactive", is_active=False)
    changed = reader("changed-address")
    EmailAddress.objects.filter(user=changed).update(verified=False)  # the address it would go to is unproved
    EmailAddress.objects.create(user=changed, email="other@example.org", verified=True)


def names(segment) -> list[str]:
    return sorted(user.email.split("@")[0] for user in newsletter_audience(segment))


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ({}, ["bogota", "cusco-agua", "lima-both", "lima-datos"]),
        ({"regions": ["PE-LIM"]}, ["lima-both", "lima-datos"]),
        ({"regions": ["PE-LIM", "PE-CUS"]}, ["cusco-agua", "lima-both", "lima-datos"]),
        ({"countries": ["CO"]}, ["bogota"]),
        ({"skills": ["python"]}, ["cusco-agua", "lima-both"]),
        ({"interests": ["agua"]}, ["bogota", "cusco-agua"]),
        ({"labs": "cusco"}, ["cusco-agua", "lima-both"]),
        ({"labs": "both"}, ["bogota", "cusco-agua", "lima-both"]),
        ({"languages": ["en"]}, ["lima-datos"]),
        ({"regions": ["PE-LIM"], "skills": ["python"]}, ["lima-both"]),
        ({"regions": ["PE-AMA"]}, []),
    ],
)
def test_each_criterion_narrows_the_consenting_readers(world, readers, segment, expected):
    labs = {"cusco": [world["cusco"].pk], "both": [world["cusco"].pk, world["lima"].pk]}
    if "labs" in segment:
        segment = {**segment, "labs": labs[segment["labs"]]}

    assert names(segment) == expected


def test_counting_a_segment_is_one_query_without_duplicates(world, readers, django_assert_num_queries):
    """A reader in two of the labs and with two matching skills counts once."""
    segment = {"labs": [world["cusco"].pk, world["lima"].pk], "skills": ["python", "diseno"]}
    with django_assert_num_queries(1) as captured:
        count = newsletter_audience_count(segment)

    assert count == 2
    assert captured.captured_queries[0]["sql"].upper().startswith("SELECT COUNT(")
