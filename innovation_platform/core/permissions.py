"""The one place that decides who may see or do what.

Each app declares its rules in its `rules.py` (django-rules, autodiscovered); views,
the API and WebSocket consumers all ask through `can()` or `user.has_perm()`, which
resolve to those same rules.
"""

import rules
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.permissions import BasePermission


def can(user, action: str, obj=None) -> bool:
    return user.has_perm(action, obj)


def require(user, action: str, obj=None) -> None:
    """Refuse with 403 unless the rules allow the action."""
    if not can(user, action, obj):
        raise PermissionDenied


def require_visible(user, obj, *, view: str, action: str | None = None) -> None:
    """Refuse with 404 unless the rule `view` lets `user` see `obj` (what they may not see does not exist for them,
    so a draft reveals nothing), then with 403 unless the rules allow `action`, when one is given."""
    if not can(user, view, obj):
        raise Http404
    if action is not None:
        require(user, action, obj)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_active and user.is_staff)


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def has_verified_email(user) -> bool:
    """Signed in with a verified address: required before acting on anyone's behalf."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_has_verified_email"):
        user._has_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._has_verified_email


class Contributions:
    """Predicates that apps above contribute to a rule of an app below, which never imports them (imports run
    one way). The app below composes `predicate` into its rule; an app above calls `add()` from its own rules
    module. `predicate` holds when one of the contributions does, and never while there are none."""

    def __init__(self, name: str) -> None:
        self._contributed: list[rules.Predicate] = []
        self.predicate = rules.Predicate(self._any, name=name)

    def add(self, predicate: rules.Predicate) -> None:
        if predicate not in self._contributed:
            self._contributed.append(predicate)

    def _any(self, user, obj) -> bool:
        return any(predicate.test(user, obj) for predicate in self._contributed)


class RulePermission(BasePermission):
    """DRF permission that asks the central rules.

    A viewset declares `permission_rules = {"list": "labs.view_lab", "retrieve": ...}`,
    keyed by its action; an action without a rule is refused.
    """

    def has_permission(self, request, view):
        if view.action is None:
            return True  # a method the viewset does not offer: DRF answers 405
        rule = view.permission_rules.get(view.action)
        if rule is None:
            return False
        return view.detail or can(request.user, rule)

    def has_object_permission(self, request, view, obj):
        rule = view.permission_rules.get(view.action)
        return rule is not None and can(request.user, rule, obj)
