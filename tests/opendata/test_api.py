"""The same datasets through the API: the catalogue, a dataset's snapshots (paginated) and the very files /datos/
serves."""

import pytest
from rest_framework.test import APIClient

from opendata.datasets import DATASETS
from opendata.models import Snapshot
from opendata.services import datasets_publish
from tests.opendata.opendata_world import network  # noqa: F401


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def published(network):  # noqa: F811
    return {snapshot.dataset: snapshot for snapshot in datasets_publish()}


def test_the_list_describes_every_dataset_and_its_current_files(api, published):
    body = api.get("/api/v1/open-data/").json()
    assert [dataset["slug"] for dataset in body] == list(DATASETS)
    labs = body[0]
    assert labs["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    assert labs["fields"][2] == {
        "name": "kind",
        "type": "string",
        "description": labs["fields"][2]["description"],
        "enum": ["academia", "private", "public", "civil_society", "regional_government"],
    }
    assert labs["latest"]["rows"] == 2
    assert [file["url"] for file in labs["latest"]["files"]] == [
        f"http://testserver/datos/labs/{published['labs'].pk}.{fmt}" for fmt in ("csv", "json", "xlsx")
    ]


def test_a_file_through_the_api_is_the_portals_file(api, client, published):
    through_api = api.get("/api/v1/open-data/proposals.json")
    assert through_api["Content-Type"] == "application/json; charset=utf-8"
    assert through_api.getvalue() == client.get("/datos/proposals.json").getvalue()
    again = api.get("/api/v1/open-data/proposals.json", headers={"if-none-match": through_api["ETag"]})
    assert again.status_code == 304


def test_snapshots_are_paginated_newest_first(api, published):
    for index in range(25):
        Snapshot.objects.create(dataset="labs", rows=index, digest=f"{index:064d}", files=published["labs"].files)
    body = api.get("/api/v1/open-data/labs/snapshots/").json()
    assert (body["count"], len(body["results"])) == (26, 20)
    assert body["results"][0]["rows"] == 24


@pytest.mark.parametrize(
    "url", ["/api/v1/open-data/nada.csv", "/api/v1/open-data/labs.pdf", "/api/v1/open-data/nada/snapshots/"]
)
def test_unknown_datasets_and_formats_are_a_json_404(api, published, url):
    response = api.get(url)
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]
