"""The includes the project page and the console's lab page render: they ask the rules and selectors themselves,
and the console's rows cost the same queries for 3 projects as for 30."""

# The world fixture is imported, and the tests' parameters shadow it.
# ruff: noqa: F811

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from projects.models import Mentorship, Project
from tests.projects.logbook_world import World, make_world, world  # noqa: F401

pytestmark = pytest.mark.django_db


def render(template: str, user, **context) -> str:
    request = RequestFactory().get("/console/hackaton-agua/lab/?page=2")
    request.user = user
    with translation.override("en"):
        return render_to_string(template, {**context, "request": request, "user": user}, request=request)


def test_the_project_pages_logbook_shows_what_the_reader_may_read(world):
    world.post(title="Prototipo listo")
    world.post(title="Presupuesto interno", visibility="team")
    project = Project.objects.get()

    anonymous = render("projects/includes/logbook.html", AnonymousUser(), project=project)
    member = render("projects/includes/logbook.html", world.users["member"], project=project)

    assert "Prototipo listo" in anonymous and "Presupuesto interno" not in anonymous
    assert "Write a post" not in anonymous
    assert "Presupuesto interno" in member and "Write a post" in member


def test_the_mentors_are_named_and_a_mentor_finds_their_projects(world):
    for_citizen = render("projects/includes/mentors.html", world.users["citizen"], project=world.project)
    for_mentor = render("projects/includes/mentors.html", world.users["mentor"], project=world.project)

    assert "Carmen Villanueva" in for_citizen and "My projects as mentor" not in for_citizen
    assert 'href="/projects/mentoring/"' in for_mentor


def test_the_console_row_offers_the_challenges_other_mentors_and_removes_the_assigned_one(world):
    html = render(
        "projects/includes/console_mentors.html",
        world.users["organizer"],
        project=world.project,
        challenge=world.challenge,
    )

    assert f'action="/console/hackaton-agua/lab/projects/{world.project.pk}/mentors/remove/"' in html
    assert f'<option value="{world.users["other_mentor"].pk}">Pedro Salas</option>' in html
    assert f'<option value="{world.users["mentor"].pk}">' not in html  # already assigned
    assert 'name="next" value="/console/hackaton-agua/lab/?page=2"' in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_console_rows_read_the_mentors_in_two_queries(world, rows, django_assert_num_queries):
    from projects.services.projects import projects_open
    from proposals.models import Proposal

    proposals = [
        Proposal.objects.create(challenge=world.challenge, title=f"P{n}", number=100 + n, status="selected")
        for n in range(rows - 1)
    ]
    projects_open([proposal.pk for proposal in proposals])
    projects = list(Project.objects.filter(challenge=world.challenge))
    for project in projects:
        Mentorship.objects.get_or_create(project=project, mentor=world.users["other_mentor"])
    request = RequestFactory().get("/console/")
    request.user = world.users["organizer"]

    with django_assert_num_queries(2):
        for project in projects:
            render_to_string(
                "projects/includes/console_mentors.html",
                {"project": project, "challenge": world.challenge, "request": request},
                request=request,
            )
