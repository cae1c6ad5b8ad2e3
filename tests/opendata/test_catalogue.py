"""The portal described for machines: the Data Package is valid for the `frictionless` library (the package and each
resource, with the files /datos/ serves at the paths it names) and the DCAT-AP catalogue names every dataset and
file."""

import json

import pytest
from frictionless import Package, Resource, validate

from opendata.datasets import DATASETS
from opendata.services import datasets_publish
from tests.opendata.opendata_world import network  # noqa: F401


@pytest.fixture
def published(network):  # noqa: F811
    return {snapshot.dataset: snapshot for snapshot in datasets_publish()}


@pytest.fixture
def portal_copy(client, published, tmp_path):
    """/datos/ mirrored to a folder: the descriptor and every file at the path, relative to /datos/, it names."""
    folder = tmp_path / "datos"
    folder.mkdir()
    descriptor = client.get("/datos/datapackage.json").json()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    for resource in descriptor["resources"]:
        (folder / resource["path"]).write_bytes(client.get(f"/datos/{resource['path']}").getvalue())
    return folder


def test_the_data_package_and_every_resource_are_valid(portal_copy):
    report = validate(str(portal_copy / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(portal_copy / "datapackage.json"))
    assert sorted(package.resource_names) == sorted(DATASETS)
    for resource in package.resources:
        assert validate(resource).valid, resource.name


def test_a_resource_with_a_wrong_value_is_invalid(portal_copy):
    """The schemas check something: a lab whose kind is not one of the kinds fails."""
    path = portal_copy / "labs.csv"
    path.write_bytes(path.read_bytes().replace(b",public,", b",unknown,"))
    descriptor = json.loads((portal_copy / "datapackage.json").read_text())
    labs = next(resource for resource in descriptor["resources"] if resource["name"] == "labs")
    labs.pop("hash"), labs.pop("bytes")
    report = validate(Resource(labs, basepath=str(portal_copy)))
    assert not report.valid
    assert {error.type for error in report.tasks[0].errors} == {"constraint-error"}


def test_the_descriptors_answer_not_modified_until_a_new_publication(client, published, network):  # noqa: F811
    etag = client.get("/datos/datapackage.json")["ETag"]
    assert client.get("/datos/datapackage.json", headers={"if-none-match": etag}).status_code == 304
    network["lab"].name = "Nuevo"
    network["lab"].save()
    datasets_publish()
    assert client.get("/datos/datapackage.json", headers={"if-none-match": etag}).status_code == 200


def test_the_dcat_catalogue_lists_each_dataset_and_its_files(client, published):
    response = client.get("/datos/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    datasets = {dataset["dct:identifier"]: dataset for dataset in catalogue["dcat:dataset"]}
    assert sorted(datasets) == sorted(DATASETS)
    labs = datasets["labs"]
    assert labs["dcat:landingPage"] == {"@id": "http://testserver/datos/labs/"}
    assert [d["dcat:downloadURL"]["@id"] for d in labs["dcat:distribution"]] == [
        f"http://testserver/datos/labs.{fmt}" for fmt in ("csv", "json", "xlsx")
    ]
    assert labs["dcat:distribution"][0]["dcat:byteSize"]["@value"] == published["labs"].files["csv"]["bytes"]
    assert {text["@language"] for text in labs["dct:title"]} == {"es", "en"}
    assert labs["dct:accrualPeriodicity"]["@id"].endswith("/frequency/DAILY")


def test_before_any_publication_the_descriptors_are_empty(client, db):
    assert client.get("/datos/datapackage.json").json()["resources"] == []
    assert client.get("/datos/catalog.jsonld").json()["dcat:dataset"] == []
