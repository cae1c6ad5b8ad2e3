"""What people wrote is in Spanish: in the English interface it carries lang="es", in Spanish no redundant attribute."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Announcement
from newsletter.models import Newsletter
from tests.conftest import make_challenge, make_lab, make_user
from tests.projects.logbook_world import make_world
from tests.proposals.test_public_gallery import make_proposal

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def world(db):
    lab = make_lab(description="Un laboratorio **ciudadano** del Cusco.")
    challenge = make_challenge(
        lab,
        "reto-agua",
        title="Agua segura para todos",
        tagline="Ideas para cuidar el agua",
        description="Buscamos ideas para el agua.",
        visibility="published",
        phases={"proposals": (NOW - timedelta(days=1), NOW + timedelta(days=9))},
    )
    Announcement.objects.create(challenge=challenge, title="Se amplía el plazo", body="Tienen una semana más.")
    author = make_user("autora@example.org", full_name="Rosa Quispe")
    author.profile.is_public = True
    author.profile.bio = "Ingeniera agrónoma de Urubamba."
    author.profile.save()
    proposal = make_proposal(challenge, "Biohuertos escolares", lead=author, problem="Falta agua en la escuela.")
    hackathon = make_world()
    hackathon.project.summary = "Un medidor de cloro para la comunidad."
    hackathon.project.built_what = "Construimos un prototipo."
    hackathon.project.save()
    post = hackathon.post(title="Día 1: prototipo", body="Probamos el sensor.")
    newsletter = Newsletter.objects.create(
        subject="Boletín de diciembre", body="Novedades de la red.", status="sent", sent_at=NOW
    )
    return {
        "lab": lab,
        "challenge": challenge,
        "proposal": proposal,
        "profile": author.profile,
        "project": hackathon.project,
        "post": post,
        "newsletter": newsletter,
    }


LANG = re.compile(r'\blang="(\w+)"')


def marked(page: str, text: str) -> list[str]:
    """`tag:lang` for each element that directly holds `text` (lang empty when the element has none)."""
    holders = re.findall(rf"<(\w+)([^>]*)>\s*(?:<p>)?{re.escape(text)}", page)
    return [tag + ":" + "".join(LANG.findall(attributes)) for tag, attributes in holders]


PAGES = [
    # (page, the texts people wrote on it)
    ("challenge", ["Agua segura para todos", "Ideas para cuidar el agua", "Buscamos ideas para el agua."]),
    ("proposal", ["Biohuertos escolares", "Resumen de Biohuertos escolares", "Falta agua en la escuela."]),
    ("lab", ["Un laboratorio"]),
    ("profile", ["Ingeniera agrónoma de Urubamba."]),
    ("live", ["Agua segura para todos", "Se amplía el plazo", "Tienen una semana más."]),
    ("announcements", ["Se amplía el plazo", "Tienen una semana más."]),
    ("project", ["Un medidor de cloro para la comunidad.", "Construimos un prototipo."]),
    ("post", ["Día 1: prototipo", "Probamos el sensor."]),
    ("newsletter", ["Boletín de diciembre", "Novedades de la red."]),
    # Cards (their titles are marked on the heading around the link)
    ("challenges", ["Ideas para cuidar el agua"]),
    ("gallery", ["Resumen de Biohuertos escolares"]),
    ("projects", ["Un medidor de cloro para la comunidad."]),
]


def url_of(world, page: str) -> str:
    challenge = world["challenge"]
    return {
        "challenge": challenge.get_absolute_url(),
        "proposal": world["proposal"].get_absolute_url(),
        "lab": world["lab"].get_absolute_url(),
        "profile": world["profile"].get_absolute_url(),
        "live": f"{challenge.get_absolute_url()}live/",
        "announcements": f"{challenge.get_absolute_url()}announcements/",
        "project": world["project"].get_absolute_url(),
        "post": world["post"].get_absolute_url(),
        "newsletter": world["newsletter"].get_absolute_url(),
        "challenges": "/challenges/",
        "gallery": reverse("proposals:gallery", args=[challenge.slug]),
        "projects": reverse("projects:gallery"),
    }[page]


@pytest.mark.parametrize(("page", "texts"), PAGES)
def test_in_english_what_people_wrote_is_marked_spanish(world, page, texts):
    response = Client(headers={"accept-language": "en"}).get(url_of(world, page))
    content = response.content.decode()
    body = content.split("<body", 1)[1]  # the document's <title> mixes both languages and cannot be marked

    assert response.status_code == 200
    assert '<html lang="en">' in content
    assert {text: {m.split(":")[1] for m in marked(body, text)} for text in texts} == {text: {"es"} for text in texts}


@pytest.mark.parametrize(("page", "texts"), PAGES)
def test_in_spanish_no_element_repeats_the_pages_language(world, page, texts):
    response = Client().get(url_of(world, page))
    content = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="es">' in content
    main = content.split("<main", 1)[1].split("</main>", 1)[0]  # the language switch names each language in it
    assert 'lang="es"' not in main
    assert all(marked(content, text) for text in texts)


def test_the_tag_names_another_language_when_content_says_so():
    template = Template('{% load cocrea %}<p{% content_lang %}>a</p><p{% content_lang "en" %}>b</p>')

    with translation.override("en"):
        english = template.render(Context())
    with translation.override("es"):
        spanish = template.render(Context())

    assert english == '<p lang="es">a</p><p>b</p>'
    assert spanish == '<p>a</p><p lang="en">b</p>'
