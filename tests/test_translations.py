"""The Spanish catalogue is complete: every string in the code is translated, nothing fuzzy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = Path("locale/es/LC_MESSAGES/django.po")
SOURCES = [
    "manage.py",
    "innovation_platform",
    "challenges",
    "proposals",
    "judging",
    "projects",
    "newsletter",
    "space",
    "figures",
    "opendata",
    "templates",
    "locale",
]


def msgids(path: Path) -> dict:
    with path.open("rb") as po:
        return {message.id: message for message in read_po(po) if message.id}


def test_every_entry_is_translated_and_none_is_fuzzy():
    messages = msgids(ROOT / CATALOGUE).values()

    untranslated = [m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in messages if m.fuzzy]

    assert (untranslated, fuzzy) == ([], [])


def test_catalogue_holds_every_translatable_string_of_the_code(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is required in CI (apt-get install gettext).")
        pytest.skip("GNU gettext is not installed (apt-get install gettext).")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.test"},
        check=True,
        capture_output=True,
    )

    missing = sorted(set(msgids(tmp_path / CATALOGUE)) - set(msgids(ROOT / CATALOGUE)), key=str)
    assert missing == [], "Run `manage.py makemessages -l es --no-location` and translate these."
