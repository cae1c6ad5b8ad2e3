"""The auditable selection record: printable page, CSV and JSON, internal and public."""

import csv
import io
import json

import pytest
from django.core import mail
from django.urls import reverse

from judging.models import Assignment, Conflict
from judging.services.selection import selection_confirm, selection_decide, selection_propose
from tests.judging import results_world
from tests.judging.results_world import add_outside_capital_quota
from tests.judging.test_results_views import scored_round

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world
NAMES = ("Jana", "Jorge", "Julia", "jana@example.org")


@pytest.fixture
def decided(client, world):
    """The world's round with a recusal, a declared conflict, a quota, a change by hand and a confirmed selection."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world["organizer"])
    jorge = world["jurors"]["jorge"]
    Assignment.objects.filter(juror=jorge, proposal=world["proposals"][3]).update(
        status="recused", recusal_reason="Jorge knows Lead 4"
    )
    Conflict.objects.create(juror=jorge, proposal=world["proposals"][3], kind="declared", reason="Jorge knows Lead 4")
    add_outside_capital_quota(world)
    selection_propose(round_=world["round"], actor=world["organizer"])
    decision = world["round"].decisions.get(proposal=world["proposals"][3])
    selection_decide(decision=decision, actor=world["organizer"], choice="not_selected", reason="Ask Jana first")
    selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    mail.outbox.clear()
    return world


def get_json(client, world, public: bool):
    response = client.get(reverse("judging:record_json", args=[world["round"].pk]) + ("?public=1" if public else ""))
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_internal_json_has_every_part_of_the_record_with_names(client, decided):
    record = get_json(client, decided, public=False)
    assert record["round"]["seed"] == 7 and record["round"]["tie_break"] == "Feasibility"
    assert [(c["name"], c["weight"], c["min"], c["max"]) for c in record["criteria"]] == [
        ("Impact", 1.0, 1.0, 5.0),
        ("Feasibility", 1.0, 1.0, 5.0),
    ]
    assert [j["juror"] for j in record["jurors"]] == ["Jana", "Jorge", "Julia"]
    assert len(record["scores"]) == 2 * 10  # ten submitted reviews (Jorge recused one), two criteria each
    assert {"proposal": "JUR26-0001", "juror": "Jana", "criterion": "Impact", "value": 5.0} in record["scores"]
    recusal = next(a for a in record["assignments"] if a["status"] == "recused")
    assert (recusal["juror"], recusal["recusal_reason"]) == ("Jorge", "Jorge knows Lead 4")
    assert [(c["juror"], c["kind"], c["reason"]) for c in record["conflicts"]] == [
        ("Jorge", "declared", "Jorge knows Lead 4")
    ]
    # Without Jorge's review of P4 his 100 for P2 stands out more: P2 moves ahead of P1 once normalised.
    assert [(row["proposal"], row["normalised_rank"]) for row in record["ranking"]] == [
        ("JUR26-0002", 1),
        ("JUR26-0001", 2),
        ("JUR26-0003", 3),
        ("JUR26-0004", 4),
    ]
    assert {row["draw"] for row in record["ranking"]} == {1, 2, 3, 4}
    assert record["selection"]["report"]["quotas"][0]["kind"] == "min_outside_capital"
    assert record["selection"]["report"]["admitted"][0]["proposal"] == "JUR26-0003"
    assert [(c["proposal"], c["reason"], c["by"]) for c in record["selection"]["changes"]] == [
        ("JUR26-0004", "Ask Jana first", "Olga Organiza")
    ]
    assert [(d["proposal"], d["decision"], d["waitlist_position"]) for d in record["selection"]["decisions"]] == [
        ("JUR26-0002", "selected", None),
        ("JUR26-0001", "waitlisted", 1),
        ("JUR26-0003", "selected", None),
        ("JUR26-0004", "not_selected", None),
    ]
    assert all(d["confirmed_at"] and d["decided_by"] == "Olga Organiza" for d in record["selection"]["decisions"])


def test_public_json_pseudonymises_jurors_and_drops_reasons(client, decided):
    record = get_json(client, decided, public=True)
    text = json.dumps(record)
    assert [j["juror"] for j in record["jurors"]] == ["Juror A", "Juror B", "Juror C"]
    assert not [name for name in NAMES if name in text]
    assert "knows Lead 4" not in text
    assert record["round"]["public"] is True
    assert [f["juror"] for f in record["normalisation"]["fallbacks"]] == ["Juror C"]


def test_csv_is_streamed_and_public_mode_hides_names(client, decided):
    response = client.get(reverse("judging:record_csv", args=[decided["round"].pk]) + "?public=1")
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="round-{decided["round"].pk}-record.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["section", "key", "value"]
    assert ["round", "seed", "7"] in rows
    assert ["scores", "JUR26-0001", "Juror A", "Impact", "5.0"] in rows
    assert {row[0] for row in rows} >= {"criteria", "assignments", "conflicts", "ranking", "quotas", "decisions"}
    assert not [name for name in NAMES if name in str(rows)]
    assert not mail.outbox


def test_the_internal_csv_names_jurors(client, decided):
    response = client.get(reverse("judging:record_csv", args=[decided["round"].pk]))
    assert ["scores", "JUR26-0001", "Jana", "Impact", "5.0"] in csv.reader(
        io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
    )


def test_printable_page_shows_the_public_version(client, decided):
    page = client.get(reverse("judging:record", args=[decided["round"].pk]) + "?public=1").content.decode()
    assert "Public version: jurors are pseudonymised" in page
    assert "Juror B" in page and "Jorge" not in page
    internal = client.get(reverse("judging:record", args=[decided["round"].pk])).content.decode()
    assert "Jorge" in internal and "Ask Jana first" in internal


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize("name", ["judging:record", "judging:record_json"])
def test_record_queries_do_not_grow(client, world, size, name, django_assert_max_num_queries):
    round_ = scored_round(world, size)
    client.force_login(world["organizer"])
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name, args=[round_.pk]))
    assert response.status_code == 200


def test_a_single_review_exports_valid_json(client, world):
    Assignment.objects.exclude(juror=world["jurors"]["jana"], proposal=world["proposals"][0]).update(status="assigned")
    client.force_login(world["organizer"])
    record = get_json(client, world, public=False)
    assert record["normalisation"]["overall_sd"] is None
    assert client.get(reverse("v1:judging-round-export", args=[world["round"].pk])).status_code == 200


def test_the_csv_record_neutralises_formulas_in_names_titles_and_reasons(client, decided):
    """A juror named `=HYPERLINK(...)` appeared raw in record.csv; so did titles and reasons."""
    hostile = '=HYPERLINK("http://x.example","clic")'
    jana = decided["jurors"]["jana"].user
    jana.full_name = hostile
    jana.save(update_fields=["full_name"])
    decided["proposals"][0].__class__.objects.filter(pk=decided["proposals"][0].pk).update(title=f"+{hostile}")
    Assignment.objects.filter(round=decided["round"], status="recused").update(recusal_reason=f"@{hostile}")

    response = client.get(reverse("judging:record_csv", args=[decided["round"].pk]))
    cells = [
        cell
        for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        for cell in row
    ]

    assert f"'{hostile}" in cells and f"'+{hostile}" in cells and f"'@{hostile}" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]
