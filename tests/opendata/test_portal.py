"""The portal's pages and files: /datos/ and its English alias, conditional and compressed downloads, clean 404s in
the visitor's language, and publishing on demand for staff only."""

import gzip

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from opendata.datasets import DATASETS
from opendata.models import Snapshot
from opendata.services import datasets_publish
from tests.conftest import make_lab, make_user
from tests.opendata.opendata_world import network  # noqa: F401


@pytest.fixture
def published(network):  # noqa: F811
    return {snapshot.dataset: snapshot for snapshot in datasets_publish()}


def test_the_index_lists_every_dataset_with_its_downloads(client, published):
    page = client.get("/datos/").content.decode()
    for slug in DATASETS:
        assert reverse("opendata:detail", args=[slug]) in page
        assert reverse("opendata:file", args=[slug, "csv"]) in page


def test_the_english_alias_serves_the_same_portal(english_client, published):
    response = english_client.get("/data/")
    assert response.status_code == 200
    assert "Labs of the network" in response.content.decode()
    assert english_client.get("/data/labs.csv").getvalue() == client_file(english_client, "/datos/labs.csv")


def client_file(client, url: str) -> bytes:
    return client.get(url).getvalue()


def test_a_dataset_page_shows_licence_fields_and_snapshots(english_client, published):
    page = english_client.get("/datos/results/").content.decode()
    assert "Creative Commons Attribution 4.0" in page
    assert "<code>normalised_rank</code>" in page
    assert reverse("opendata:snapshot-file", args=["results", published["results"].pk, "csv"]) in page


def test_a_download_is_the_stored_file_with_etag_and_last_modified(client, published):
    response = client.get("/datos/labs.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["ETag"] == f'"{published["labs"].digest[:32]}-csv"'
    assert response["Last-Modified"]
    assert 'filename="labs-' in response["Content-Disposition"]
    assert response.getvalue().startswith(b"\xef\xbb\xbfslug,name")


@pytest.fixture
def _connection_kept():
    """Closing a sent file's response sends `request_finished`, whose handler closes the database connection the
    test's transaction lives on (PostgreSQL); the test client itself holds it back only during the request."""
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)


def test_a_conditional_request_is_answered_not_modified(client, published, _connection_kept):
    first = client.get("/datos/labs.json")
    first.close()
    by_etag = client.get("/datos/labs.json", headers={"if-none-match": first["ETag"]})
    by_date = client.get("/datos/labs.json", headers={"if-modified-since": first["Last-Modified"]})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag["ETag"] == first["ETag"]


def test_a_new_publication_changes_the_etag(client, published, network, _connection_kept):  # noqa: F811
    first = client.get("/datos/labs.csv")
    first.close()
    before = first["ETag"]
    make_lab("lab-nuevo")
    datasets_publish()
    response = client.get("/datos/labs.csv", headers={"if-none-match": before})
    response.close()
    assert response.status_code == 200 and response["ETag"] != before


def test_text_formats_go_out_gzipped_to_clients_that_accept_it(client, published):
    plain = client.get("/datos/scores.csv").getvalue()
    response = client.get("/datos/scores.csv", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.getvalue()) == plain
    workbook = client.get("/datos/scores.xlsx", headers={"accept-encoding": "gzip"})
    workbook.close()
    assert "Content-Encoding" not in workbook


def test_an_older_snapshot_stays_downloadable(client, published, network):  # noqa: F811
    old = published["labs"]
    network["lab"].name = "Otro nombre"
    network["lab"].save()
    datasets_publish()
    old_file = client.get(reverse("opendata:snapshot-file", args=["labs", old.pk, "csv"]))
    content = old_file.getvalue()
    assert b"Otro nombre" not in content and b"Lab Cusco" in content
    assert b"Otro nombre" in client.get("/datos/labs.csv").getvalue()
    assert "immutable" not in old_file["Cache-Control"] and "max-age=31536000" in old_file["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/datos/nada/",
        "/datos/nada.csv",
        "/datos/labs.pdf",
        "/datos/labs.csv.gz",
        "/datos/labs/999999.csv",
        "/datos/labs/1.exe",
        "/data/nothing.json",
    ],
)
def test_unknown_datasets_formats_and_snapshots_are_a_clean_404_in_the_visitors_language(client, published, url):
    spanish = client.get(url)
    english = client.get(url, headers={"accept-language": "en"})
    assert (spanish.status_code, english.status_code) == (404, 404)
    assert spanish["Content-Language"] == "es" and english["Content-Language"] == "en"


def test_a_dataset_not_published_yet_is_a_404_and_its_page_says_so(english_client, network):  # noqa: F811
    assert english_client.get("/datos/labs.csv").status_code == 404
    assert "Not published yet." in english_client.get("/datos/labs/").content.decode()


def test_pages_cost_the_same_queries_for_one_snapshot_or_thirty(client, published, django_assert_num_queries):
    def queries(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = (queries("/datos/"), queries("/datos/labs/"))
    for index in range(30):
        Snapshot.objects.create(dataset="labs", rows=index, digest=f"{index:064d}", files=published["labs"].files)
    assert (queries("/datos/"), queries("/datos/labs/")) == few


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("citizen", 403), ("staff", 302)])
def test_only_staff_publish_on_demand(client, network, who, status):  # noqa: F811
    if who != "anonymous":
        client.force_login(make_user(f"{who}@example.org", is_staff=who == "staff"))
    response = client.post(reverse("opendata:publish"))
    assert response.status_code == status
    published = Snapshot.objects.count()
    assert published == (len(DATASETS) if who == "staff" else 0)
    if who == "staff":
        assert Snapshot.objects.filter(published_by__email="staff@example.org").count() == len(DATASETS)


def test_publishing_is_a_post(client, network):  # noqa: F811
    client.force_login(make_user("staff@example.org", is_staff=True))
    assert client.get(reverse("opendata:publish")).status_code == 405


def test_the_footer_links_to_the_portal(client, db):
    assert f'href="{reverse("opendata:index")}"' in client.get("/").content.decode()
