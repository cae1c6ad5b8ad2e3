import pytest

from innovation_platform.labs.selectors import labs_directory, labs_network_figures
from tests.conftest import make_lab

pytestmark = pytest.mark.django_db


def test_network_figures_count_labs_per_kind_per_region_and_abroad():
    make_lab("a", kind="academia", region="PE-CUS")
    make_lab("b", kind="academia", region="PE-CUS")
    make_lab("c", kind="private", region="PE-PUN")
    make_lab("d", kind="public", country="CO", region="")

    figures = labs_network_figures()

    assert figures["total"] == 4
    assert {k["value"]: k["count"] for k in figures["kinds"]} == {
        "academia": 2,
        "private": 1,
        "public": 1,
        "civil_society": 0,
        "regional_government": 0,
    }
    # Peruvian regions first (largest first), then other countries.
    assert [(r["value"], r["total"], r["cells"]) for r in figures["regions"]] == [
        ("PE-CUS", 2, [2, 0, 0, 0, 0]),
        ("PE-PUN", 1, [0, 1, 0, 0, 0]),
        ("CO", 1, [0, 0, 1, 0, 0]),
    ]


def test_directory_filters_combine():
    make_lab("lab-uno", name="Innova Cusco", kind="academia", region="PE-CUS", city="Cusco")
    make_lab("lab-dos", name="Agro Cusco", kind="private", region="PE-CUS")
    make_lab("lab-tres", name="Innova Puno", kind="academia", region="PE-PUN")

    assert list(labs_directory(kind="academia", region="PE-CUS").values_list("slug", flat=True)) == ["lab-uno"]
    assert sorted(labs_directory(search="innova").values_list("slug", flat=True)) == ["lab-tres", "lab-uno"]
    assert list(labs_directory(verified=True)) == []
