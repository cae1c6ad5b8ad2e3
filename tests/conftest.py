import shutil

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import translation

from innovation_platform.accounts.models import User
from innovation_platform.accounts.services import profile_ensure
from innovation_platform.labs.models import Lab, LabKind, LabMembership, LabRole
from tests.servers import RedisServer, require

PASSWORD = "a-Strong-passw0rd"


def make_user(email: str, *, full_name: str = "Ana Quispe", verified: bool = True, **fields) -> User:
    """A user with a profile and, by default, a verified primary e-mail (as after sign-up)."""
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    profile_ensure(user)
    return user


def make_lab(slug: str = "lab-cusco", *, admin: User | None = None, **fields) -> Lab:
    defaults = {"name": slug.replace("-", " ").title(), "kind": LabKind.PUBLIC, "country": "PE", "region": "PE-CUS"}
    lab = Lab.objects.create(slug=slug, **{**defaults, **fields})
    if admin is not None:
        LabMembership.objects.create(lab=lab, user=admin, role=LabRole.ADMIN)
    return lab


@pytest.fixture
def citizen(db):
    return make_user("citizen@example.org", full_name="Rosa Quispe")


@pytest.fixture
def staff(db):
    return make_user("staff@example.org", full_name="Staff Person", is_staff=True)


@pytest.fixture
def lab_admin(db):
    return make_user("admin@example.org", full_name="Lucía Paredes")


@pytest.fixture
def lab(lab_admin):
    return make_lab(admin=lab_admin)


@pytest.fixture(autouse=True)
def _default_language():
    """A request in another language must not leave it active for the next test."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache; each test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_challenge(lab: Lab, slug: str = "reto-agua", *, phases: dict | None = None, **fields):
    """A challenge of `lab`; `phases` maps a phase kind to (start, end) aware datetimes."""
    from challenges.models import Challenge, Phase

    defaults = {"title": slug.replace("-", " ").title(), "theme": "agua", "kind": "public_challenge"}
    challenge = Challenge.objects.create(lab=lab, slug=slug, **{**defaults, **fields})
    for kind, (start, end) in (phases or {}).items():
        Phase.objects.create(challenge=challenge, kind=kind, starts_at=start, ends_at=end)
    return challenge


@pytest.fixture
def english_client():
    """A client whose pages come in English, so assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of the test's own (not REDIS_URL's, which the rest of the suite shares), not started yet."""
    require(shutil.which("redis-server") is not None, "redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    yield server
    server.stop()
