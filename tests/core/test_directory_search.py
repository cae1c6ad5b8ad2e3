"""The directories' word search (core/search.py): accents and case ignored, whole words matched from their start,
every word required; the terms follow the texts however they are saved, and the data migration fills them for rows
written before. Runs on whichever database DATABASE_URL names (SQLite locally, PostgreSQL in CI)."""

import pytest

from innovation_platform.accounts.models import Profile, ProfileSearchTerm
from innovation_platform.accounts.selectors import innovators_directory
from innovation_platform.accounts.services import profile_update
from innovation_platform.core.search import terms_replace
from innovation_platform.labs.models import Lab, LabSearchTerm
from innovation_platform.labs.selectors import labs_directory
from innovation_platform.labs.services import lab_update
from tests.conftest import make_lab, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def labs():
    make_lab("san-jeronimo", name="Laboratorio de San Jerónimo", city="Cusco")
    make_lab("biohuertos", name="Red de biohuertos escolares", city="Arequipa", description="Huertos en colegios.")
    make_lab("sanidad", name="Sanidad Digital", city="Lima", description="Salud pública y datos abiertos.")
    make_lab("nunoa", name="Ñuñoa Abierta", city="Puno")


def found(**filters) -> list[str]:
    return sorted(labs_directory(**filters).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("San Jeronimo", ["san-jeronimo"]),  # without the accent
        ("SAN JERÓNIMO", ["san-jeronimo"]),  # upper case, with it
        ("san jerónimo", ["san-jeronimo"]),
        ("red biohuertos", ["biohuertos"]),  # words, not the substring "red biohuertos"
        ("biohuerto", ["biohuertos"]),  # a singular finds the plural
        ("bioh", ["biohuertos"]),  # the start of a word
        ("huertos", ["biohuertos"]),  # a word of the description, not the middle of "biohuertos"
        ("nunoa", ["nunoa"]),  # ñ typed as n
        ("san", ["san-jeronimo", "sanidad"]),  # a word typed finds the words it starts…
        ("sani", ["sanidad"]),  # …and no other
        ("cusco", ["san-jeronimo"]),  # the city
        ("jeronimo arequipa", []),  # every word must be found
        ("eronimo", []),  # no substring in the middle of a word
        ("de la", []),  # only common words: nothing to look up
    ],
)
def test_lab_search_matrix(labs, text, expected):
    assert found(search=text) == expected


def test_lab_search_combines_with_filters(labs):
    assert found(search="red", region="PE-CUS") == ["biohuertos"]
    assert found(search="red", region="PE-LIM") == []


def test_lab_terms_follow_the_texts_however_saved(lab_admin):
    lab = make_lab("lab-uno", name="Laboratorio Andino", city="Huancayo")
    assert found(search="andino") == ["lab-uno"]
    lab_update(lab=lab, data={"name": "Laboratorio Amazónico"})
    assert found(search="andino") == []
    assert found(search="amazonico") == ["lab-uno"]
    Lab.objects.get(pk=lab.pk).save(update_fields=["is_verified"])  # a save that leaves the texts alone
    assert found(search="amazonico") == ["lab-uno"]
    lab.delete()
    assert not LabSearchTerm.objects.exists()


def test_lab_search_through_the_directory_page(labs, client):
    response = client.get("/labs/", {"q": "San Jeronimo"})
    assert response.status_code == 200
    assert [lab.slug for lab in response.context["page"].object_list] == ["san-jeronimo"]


def test_lab_search_through_the_api(labs, client):
    response = client.get("/api/v1/labs/", {"q": "red biohuertos"})
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["biohuertos"]


class TestInnovators:
    @pytest.fixture
    def people(self):
        for email, name, organization, public in [
            ("rosa@example.org", "Rosa Quispe Mamani", "Red de Biohuertos", True),
            ("jose@example.org", "José Ñahui", "Municipalidad de San Jerónimo", True),
            ("hidden@example.org", "Rosa Escondida", "", False),
        ]:
            user = make_user(email, full_name=name)
            profile_update(
                profile=user.profile,
                user_data={},
                profile_data={"organization": organization, "is_public": public},
                skills=[],
                interests=[],
            )

    @staticmethod
    def names(**filters) -> list[str]:
        return sorted(innovators_directory(**filters).values_list("user__full_name", flat=True))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("rosa", ["Rosa Quispe Mamani"]),  # never a private profile
            ("ROSA quispe", ["Rosa Quispe Mamani"]),
            ("jose nahui", ["José Ñahui"]),
            ("san jeronimo", ["José Ñahui"]),  # the organization
            ("red biohuertos", ["Rosa Quispe Mamani"]),
            ("ose", []),
        ],
    )
    def test_innovator_search_matrix(self, people, text, expected):
        assert self.names(search=text) == expected

    def test_a_renamed_person_is_found_by_the_new_name(self, people):
        user = Profile.objects.get(user__email="rosa@example.org").user
        user.full_name = "Rosario Huamán"
        user.save()
        assert self.names(search="quispe") == []
        assert self.names(search="huaman") == ["Rosario Huamán"]
        user.save(update_fields=["last_login"])  # logging in leaves the terms as they were
        assert self.names(search="huaman") == ["Rosario Huamán"]


def test_terms_replace_fills_rows_written_before_the_search(labs):
    """What the data migrations run: rows without terms get them, rows with terms keep one row per term."""
    LabSearchTerm.objects.all().delete()
    ProfileSearchTerm.objects.all().delete()
    assert found(search="jeronimo") == []
    terms_replace(
        LabSearchTerm, "lab", {pk: [name, city, ""] for pk, name, city in Lab.objects.values_list("pk", "name", "city")}
    )
    assert found(search="jeronimo") == ["san-jeronimo"]


def test_search_runs_in_one_query_whatever_the_number_of_words(labs, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(labs_directory(search="red de biohuertos escolares arequipa"))


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_index_the_labs_and_profiles_written_before():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("labs", "0002_directory_order_indexes"), ("accounts", "0006_newsletter_withdrawal")]
    after = [("labs", "0003_search_terms"), ("accounts", "0007_search_terms")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("labs", "Lab").objects.create(
        name="Laboratorio de San Jerónimo", slug="san-jeronimo", kind="public", country="PE"
    )
    user = old.get_model("accounts", "User").objects.create(email="rosa@example.org", full_name="Rosa Ñahui")
    old.get_model("accounts", "Profile").objects.create(
        user=user, slug="rosa", is_public=True, organization="Red Andina"
    )

    executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` would read it
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert found(search="san jeronimo") == ["san-jeronimo"]
    assert sorted(innovators_directory(search="nahui red").values_list("slug", flat=True)) == ["rosa"]
