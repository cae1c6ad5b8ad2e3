"""The API against its own OpenAPI schema, by property-based testing (schemathesis): for every operation, requests
generated from the schema, anonymous and with the tokens of a citizen and of an organizer, must never meet a
server error, and every answer must be one the schema describes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opendata.services import datasets_publish
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

CALL = "reto-fuzz"


def served(app):
    """The application as a WSGI server runs it: the answer read to its end, then closed (which releases a sent
    file); schemathesis's client reads the body but leaves closing it to the garbage collector."""

    def wsgi(environ, start_response):
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            answer.close()

    return wsgi


application = served(get_wsgi_application())
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _connection_kept():
    """The WSGI application closes the database connection when a request finishes; the test's transaction lives
    on it (PostgreSQL), so keep it open during the test, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db, settings, tmp_path, request):
    citizen = make_user("ciudadana@example.org")
    organizer = make_user("organiza@example.org")
    call = make_challenge(make_lab(admin=organizer), CALL, visibility="published")
    for number in (1, 2):  # the organizer's call has proposals, so its console operations answer with rows
        proposal = Proposal.objects.create(
            challenge=call, title=f"Propuesta {number}", number=number, status="submitted"
        )
        ProposalMember.objects.create(proposal=proposal, user=make_user(f"lider{number}@example.org"), role="lead")
    if "/open-data/" in request.node.name:  # the open datasets' files, published so that their operations send them
        settings.MEDIA_ROOT = tmp_path
        datasets_publish()
    return {
        "anonymous": None,
        "citizen": Token.objects.create(user=citizen).key,
        "organizer": Token.objects.create(user=organizer).key,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "citizen", "organizer"])
@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_its_schema_says(case, who, tokens):
    headers = {"Authorization": f"Token {tokens[who]}"} if tokens[who] else {}
    # The WSGI transport reads a body as sent, where an HTTP client would undo a Content-Encoding (the open datasets
    # go out gzipped to clients that accept it): ask for bodies as they are.
    headers["Accept-Encoding"] = "identity"
    if case.operation.path.startswith("/api/v1/console/"):
        case.path_parameters["slug"] = CALL  # a call that exists, so the checks reach its rows, not only a 404
    case.call_and_validate(app=application, headers=headers, checks=CHECKS)
