"""What each dataset holds once published, and what none of them may ever hold."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from openpyxl import load_workbook

from judging.selectors.results import pseudonym
from opendata.datasets import DATASETS
from opendata.models import Snapshot
from opendata.selectors import OTHER, merge_small_cells
from opendata.services import dataset_publish, datasets_publish
from tests.opendata.opendata_world import SECRETS, network  # noqa: F401


def stored(snapshot: Snapshot, fmt: str) -> bytes:
    with default_storage.open(snapshot.files[fmt]["name"], "rb") as handle:
        return handle.read()


def csv_rows(snapshot: Snapshot) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stored(snapshot, "csv").decode("utf-8-sig"))))


@pytest.fixture
def published(network):  # noqa: F811
    return {snapshot.dataset: snapshot for snapshot in datasets_publish()}


def test_every_dataset_is_published_in_every_format(published):
    assert sorted(published) == sorted(DATASETS)
    for snapshot in published.values():
        assert list(snapshot.files) == ["csv", "json", "xlsx"]
        assert json.loads(stored(snapshot, "json")) is not None
        assert load_workbook(io.BytesIO(stored(snapshot, "xlsx"))).active.max_row == snapshot.rows + 1


def test_csv_is_rfc_4180_utf8_with_the_schemas_header(published):
    raw = stored(published["labs"], "csv")
    assert raw.startswith(b"\xef\xbb\xbfslug,name,kind,country,region,city,verified,verified_on,founded\r\n")
    assert [row["slug"] for row in csv_rows(published["labs"])] == ["lab-cusco", "lab-lima"]
    assert [row["verified"] for row in csv_rows(published["labs"])] == ["1", "0"]


def test_proposals_are_those_of_closed_public_calls_only(published):
    rows = csv_rows(published["proposals"])
    assert [(row["reference"], row["title"], row["licence"], row["categories"]) for row in rows] == [
        ("AGUA-0001", "Agua limpia", "cc-by", "agua"),
        ("AGUA-0002", "Riego por goteo", "", ""),
    ]


def test_projects_carry_their_outcome_and_licence(published):
    rows = csv_rows(published["projects"])
    assert [(row["reference"], row["outcome"], row["licence"]) for row in rows] == [("AGUA-0001", "built", "cc-by")]


def test_challenges_leave_drafts_out_and_count_in_sql(published):
    rows = {row["slug"]: row for row in csv_rows(published["challenges"])}
    assert sorted(rows) == ["reto-abierto", "reto-agua", "reto-reservado"]
    assert (rows["reto-agua"]["proposals"], rows["reto-agua"]["selected"], rows["reto-agua"]["built"]) == (
        "3",
        "1",
        "1",
    )


def test_results_pseudonymise_jurors_as_the_selection_record(published):
    scores = csv_rows(published["scores"])
    with translation.override(settings.LANGUAGE_CODE):  # files are written in the site's language
        expected = [pseudonym(index) for index in range(3)]
    assert sorted({row["juror"] for row in scores}) == expected
    results = csv_rows(published["results"])
    assert [(row["reference"], row["normalised_rank"]) for row in results] == [("AGUA-0001", "1"), ("AGUA-0002", "2")]


def test_innovators_are_counts_with_small_cells_merged(published):
    rows = [(row["dimension"], row["value"], row["count"]) for row in csv_rows(published["innovators"])]
    assert ("region", "PE-CUS", "6") in rows
    assert ("region", OTHER, "4") in rows  # Lima's 3 merged with Puno's 1, so the 1 cannot be told apart
    assert ("skill", "python", "6") in rows
    assert all(int(count) >= 3 for _dimension, _value, count in rows)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([("a", "A", 5), ("b", "B", 4)], [("a", "A", 5), ("b", "B", 4)]),
        ([("a", "A", 5), ("b", "B", 1), ("c", "C", 1), ("d", "D", 1)], [("a", "A", 5), (OTHER, "x", 3)]),
        ([("a", "A", 5), ("b", "B", 4), ("c", "C", 1)], [("a", "A", 5), (OTHER, "x", 5)]),
        ([("a", "A", 1), ("b", "B", 1)], []),
        ([], []),
    ],
)
def test_small_cells_merge_until_no_figure_counts_fewer_than_three(cells, expected):
    merged = [(value, "x" if value == OTHER else label, count) for value, label, count in merge_small_cells(cells)]
    assert merged == expected


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_dataset_exposes_anything_private(published, fmt):
    """No e-mail, name of a person, draft, hidden proposal, private answer, proposal of an open or reserved call, or
    small identifying cell appears in any file."""
    for slug, snapshot in published.items():
        text = stored(snapshot, fmt).decode("utf-8-sig")
        leaked = [secret for secret in SECRETS if secret.lower() in text.lower()]
        assert (slug, leaked) == (slug, [])
        assert "@" not in text


def test_no_xlsx_exposes_anything_private(published):
    for snapshot in published.values():
        cells = [str(cell) for row in load_workbook(io.BytesIO(stored(snapshot, "xlsx"))).active.values for cell in row]
        assert [cell for cell in cells if any(secret in cell for secret in SECRETS)] == []


def test_spreadsheet_formulas_stay_text(published, network):  # noqa: F811
    network["other"].title = "=HYPERLINK(1)"
    network["other"].save()
    snapshot = dataset_publish(DATASETS["proposals"])
    titles = [row[2] for row in load_workbook(io.BytesIO(stored(snapshot, "xlsx"))).active.values]
    assert "'=HYPERLINK(1)" in titles


def test_publishing_again_without_changes_keeps_the_snapshots(published):
    assert datasets_publish() == []
    assert Snapshot.objects.count() == len(DATASETS)


def test_a_change_adds_a_dated_snapshot_and_keeps_the_old_one(published, network):  # noqa: F811
    network["lab"].name = "Lab Cusco Renovado"
    network["lab"].save()
    assert [snapshot.dataset for snapshot in datasets_publish()] == ["labs"]
    old, new = Snapshot.objects.filter(dataset="labs").order_by("published_at")
    assert (old.pk, old.digest) == (published["labs"].pk, published["labs"].digest)
    assert (
        "Lab Cusco Renovado" in stored(new, "csv").decode() and "Lab Cusco Renovado" not in stored(old, "csv").decode()
    )


def stored_files(folder: str) -> set[str]:
    folders, files = default_storage.listdir(folder)
    return {f"{folder}/{name}" for name in files} | {
        name for sub in folders for name in stored_files(f"{folder}/{sub}")
    }


def test_a_publication_that_another_one_overtook_keeps_nothing(
    network,  # noqa: F811
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """Two publications of the same data at once: the one that reaches the writing transaction second finds the
    other's snapshot there, records nothing and deletes the files it wrote."""
    from opendata import services

    dataset_publish(DATASETS["labs"])
    before = stored_files("opendata/labs")
    looks = iter([None])  # its first look, before writing files, came before the other publication finished
    real = services.dataset_latest
    monkeypatch.setattr(services, "dataset_latest", lambda slug: next(looks, None) or real(slug))

    with django_capture_on_commit_callbacks(execute=True):
        assert dataset_publish(DATASETS["labs"]) is None
    assert Snapshot.objects.filter(dataset="labs").count() == 1
    assert stored_files("opendata/labs") == before
