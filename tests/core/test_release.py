"""A shared cache's keys start with the running release (core/release.py): after a deploy no worker serves HTML an
older release rendered, and workers running the same code share their entries."""

import shutil
import subprocess
import sys

import pytest

from innovation_platform.core.release import code_release
from tests.core.test_settings import ROOT

PREFIX = "from django.conf import settings; print(settings.CACHES['default'].get('KEY_PREFIX', ''))"


@pytest.fixture
def project(tmp_path):
    """A small project tree: code, a template, a translation, and what no rendered page comes from."""
    for name, text in {
        "app/views.py": "def view(): ...\n",
        "templates/page.html": "<p>{{ title }}</p>\n",
        "locale/es/LC_MESSAGES/django.po": 'msgid "Title"\nmsgstr "Título"\n',
        "tests/test_app.py": "def test(): ...\n",
        ".venv/lib/site.py": "x = 1\n",
        "var/notes.html": "<p>local</p>\n",
        "media/upload.html": "<p>uploaded</p>\n",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_release_changes_with_the_code_a_template_or_a_translation(project):
    before = code_release(project)
    assert code_release(project) == before  # the same code, the same release (every worker alike)

    for name in ("app/views.py", "templates/page.html", "locale/es/LC_MESSAGES/django.po"):
        original = (project / name).read_text()
        (project / name).write_text(original + "\n")
        assert code_release(project) != before, name
        (project / name).write_text(original)
    assert code_release(project) == before

    (project / "templates" / "new.html").write_text("<p></p>")
    assert code_release(project) != before


def test_tests_environments_and_local_files_are_not_part_of_the_release(project):
    before = code_release(project)
    for name in ("tests/test_app.py", ".venv/lib/site.py", "var/notes.html", "media/upload.html"):
        (project / name).write_text("changed\n")
    shutil.rmtree(project / "var")

    assert code_release(project) == before


def settings_prefix(env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PREFIX}"],
        cwd=ROOT,
        env={"PATH": "", "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.local", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_with_redis_the_cache_s_keys_start_with_the_release_or_the_one_deployment_names():
    redis = {"REDIS_URL": "redis://127.0.0.1:1/0"}  # read by the settings only: nothing connects here

    assert settings_prefix(redis) == code_release(ROOT)
    assert settings_prefix({**redis, "RELEASE": "v2026.12.1"}) == "v2026.12.1"
    assert settings_prefix({}) == ""  # each worker's own memory: nothing outlives a release
