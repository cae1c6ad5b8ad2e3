"""The embedded default: one process, SQLite, in-memory channel layer, console e-mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-never-use-in-production")
