"""A confirmed selection changes the proposals' statuses in bulk (bulk_update sends no signal): the next signed-out
view of the call's gallery shows them, although the gallery before it came from the cache (core/page_cache.py)."""

import pytest
from django.test import Client

from judging.models import SelectionDecision
from judging.services.selection import selection_confirm, selection_decide, selection_propose
from tests.judging import results_world

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


def test_a_confirmed_selection_shows_in_the_gallery(world, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    visitor = Client(headers={"accept-language": "en"})
    url = f"/proposals/challenge/{world['challenge'].slug}/"
    selection_propose(round_=world["round"], actor=world["organizer"])
    decision = SelectionDecision.objects.get(proposal=world["proposals"][3])
    selection_decide(decision=decision, actor=world["organizer"], choice="not_selected", reason="-", feedback="-")
    visitor.get(url)
    before = visitor.get(url).content.decode()  # the cached copy
    assert 'badge">Selected<' not in before
    with django_capture_on_commit_callbacks(execute=True):
        selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    after = visitor.get(url).content.decode()
    assert after.count('badge">Selected<') == 2 and after.count('badge">Not selected<') == 1
