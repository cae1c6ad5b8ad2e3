"""The portal described for machines: a Frictionless Data Package (resource paths relative to /datos/) and a DCAT-AP
catalogue in JSON-LD for national portals to harvest. Both are made from the dataset definitions and the latest
snapshots (one query), so they describe exactly the files being served."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opendata.datasets import DATASETS, FORMATS, FREQUENCY, LICENCE, Dataset
from opendata.models import Snapshot

EU = "http://publications.europa.eu/resource/authority"
FILE_TYPES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue_version(latest: dict[str, Snapshot]) -> str:
    """What changes whenever a dataset is published again: the descriptors' ETag."""
    return "-".join(str(latest[slug].pk) for slug in sorted(latest)) or "empty"


def data_package(latest: dict[str, Snapshot]) -> dict:
    """The Data Package descriptor of the published datasets, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "name": "cocrea-open-data",
            "title": _("Open data of the Cocrea network"),
            "description": _("Labs, calls, proposals, results and figures of the network of public innovation labs."),
            "licenses": [LICENCE],
            "created": max((s.published_at for s in latest.values()), default=timezone.now()).isoformat(),
            "resources": [
                {
                    "name": dataset.slug,
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "path": f"{dataset.slug}.csv",
                    "format": "csv",
                    "mediatype": FORMATS["csv"],
                    "encoding": "utf-8",
                    "bytes": latest[slug].files["csv"]["bytes"],
                    "hash": f"sha256:{latest[slug].digest}",
                    "licenses": [LICENCE],
                    "schema": dataset.table_schema(),
                }
                for slug, dataset in DATASETS.items()
                if slug in latest
            ],
        }


def _texts(make) -> list[dict]:
    """A text in every language of the site, as JSON-LD language-tagged values."""
    values = []
    for language in LANGUAGES:
        with translation.override(language):
            values.append({"@language": language, "@value": str(make())})
    return values


def _distribution(absolute, dataset: Dataset, snapshot: Snapshot, fmt: str) -> dict:
    url = absolute(reverse("opendata:file", kwargs={"slug": dataset.slug, "fmt": fmt}))
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _texts(lambda: f"{dataset.title} ({FILE_TYPES[fmt]})"),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{FORMATS[fmt]}"},
        "dct:format": {"@id": f"{EU}/file-type/{FILE_TYPES[fmt]}"},
        "dct:license": {"@id": LICENCE["path"]},
        "dcat:byteSize": {"@value": snapshot.files[fmt]["bytes"], "@type": "xsd:nonNegativeInteger"},
        "dct:modified": {"@value": snapshot.published_at.isoformat(), "@type": "xsd:dateTime"},
    }


def dcat_catalogue(latest: dict[str, Snapshot], absolute) -> dict:
    """The DCAT-AP catalogue: each published dataset with a distribution per format; `absolute` makes a path a
    full address."""
    publisher = {"@type": "foaf:Agent", "foaf:name": "Cocrea"}
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("opendata:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": _texts(lambda: _("Open data of the Cocrea network")),
        "dct:description": _texts(
            lambda: _("Labs, calls, proposals, results and figures of the network of public innovation labs.")
        ),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE["path"]},
        "dct:language": [{"@id": f"{EU}/language/{code}"} for code in ("SPA", "ENG")],
        "foaf:homepage": {"@id": absolute(reverse("opendata:index"))},
        "dcat:dataset": [
            {
                "@id": absolute(reverse("opendata:detail", kwargs={"slug": slug})),
                "@type": "dcat:Dataset",
                "dct:identifier": slug,
                "dct:title": _texts(lambda dataset=dataset: dataset.title),
                "dct:description": _texts(lambda dataset=dataset: dataset.description),
                "dcat:keyword": list(dataset.keywords),
                "dct:publisher": publisher,
                "dct:license": {"@id": LICENCE["path"]},
                "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/{FREQUENCY.upper()}"},
                "dct:modified": {"@value": latest[slug].published_at.isoformat(), "@type": "xsd:dateTime"},
                "dcat:landingPage": {"@id": absolute(reverse("opendata:detail", kwargs={"slug": slug}))},
                "dcat:distribution": [
                    _distribution(absolute, dataset, latest[slug], fmt) for fmt in FORMATS if fmt in latest[slug].files
                ],
            }
            for slug, dataset in DATASETS.items()
            if slug in latest
        ],
    }
