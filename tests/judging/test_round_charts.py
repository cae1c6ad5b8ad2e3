"""The organizers' charts of a round: progress of the round and of each juror, each juror's totals before and after
normalisation and the disagreement between reviews, drawn from the kept figures (never aggregated per request),
for the organizers only."""

import pytest
from django.urls import reverse

import judging.selectors.results as results_selectors
from tests.conftest import make_user
from tests.judging import results_world

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


@pytest.fixture
def organizer(client, world):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world["organizer"])
    return client


def charts_by_key(response) -> dict:
    return {chart.key.rsplit("-", 1)[-1]: chart for chart in response.context["charts"]}


def test_progress_bars_for_the_round_and_each_juror(organizer, world):
    response = organizer.get(reverse("judging:progress", args=[world["round"].pk]))

    charts = charts_by_key(response)
    assert charts["progress"].rows == (("The round", "11", "1"),)
    assert {row[0]: row[1:] for row in charts["jurors"].rows} == {
        "Jana": ("4", "0"),
        "Jorge": ("4", "0"),
        "Julia": ("3", "1"),
    }
    assert f'id="round-{world["round"].pk}-jurors"' in response.content.decode()


def test_totals_before_and_after_normalisation_and_disagreement(organizer, world):
    response = organizer.get(reverse("judging:results", args=[world["round"].pk]))

    charts = charts_by_key(response)
    jurors = {row[0]: row[1:] for row in charts["normalisation"].rows}
    assert charts["normalisation"].headers == (
        "Juror",
        "Mean before",
        "Mean after",
        "Standard deviation before",
        "Standard deviation after",
    )
    assert jurors["Jana"][0] != jurors["Jana"][1]  # normalised: moved to the round's mean
    assert jurors["Jana"][1] == jurors["Jorge"][1]  # both take the round's mean
    assert jurors["Jana"][3] == jurors["Jorge"][3]  # and its spread
    assert jurors["Julia"][0] == jurors["Julia"][1]  # same score everywhere: kept on raw scores
    spreads = [int(row[1]) for row in charts["disagreement"].rows]
    assert len(spreads) == 10 and sum(spreads) == 4  # every ranked proposal in one range
    assert charts["disagreement"].rows[0] == ("0–10", "1")  # proposal 4: both reviews scored it 0


def test_the_charts_come_from_the_kept_ranking(organizer, world, monkeypatch):
    url = reverse("judging:results", args=[world["round"].pk])
    organizer.get(url)  # keeps the ranking and its distributions

    def not_again(round_):
        raise AssertionError("aggregated again on a page view")

    monkeypatch.setattr(results_selectors, "round_aggregate", not_again)
    response = organizer.get(url)

    assert "normalisation" in charts_by_key(response)


def test_once_published_everyone_reads_the_results_but_not_the_distributions(client, world):
    world["round"].results_published_at = world["now"]
    world["round"].save()
    client.force_login(make_user("citizen@example.org"))

    response = client.get(reverse("judging:results", args=[world["round"].pk]))

    assert response.status_code == 200
    assert response.context["charts"] == []
    assert client.get(reverse("judging:progress", args=[world["round"].pk])).status_code == 403
