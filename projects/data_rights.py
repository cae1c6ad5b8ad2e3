"""The lab's part of a person's data (registrations, entry passes, check-ins, mentorships, logbook posts and
answers, follow-up answers, certificates) and its erasure: registrations and entry passes go; check-ins (the
attendance a certificate rests on), mentorships and what the person wrote in a team's logbook stay, under their
pseudonym; certificates are revoked and no longer name the person, so their public verification page names no one."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from innovation_platform.accounts.data_rights import archive_part_register, erasure_register, when
from innovation_platform.accounts.models import User
from projects.models import (
    Certificate,
    CheckIn,
    EntryPass,
    FollowUpRequest,
    LogbookComment,
    LogbookPost,
    Mentorship,
    Registration,
)


def lab(user: User) -> dict:
    return {
        "registrations": [
            {"session": str(registration.session), "status": registration.status, "at": when(registration.created_at)}
            for registration in Registration.objects.filter(user=user).select_related("session").order_by("pk")
        ],
        "entry_passes": [
            {"call": entry.challenge.title, "code": entry.code, "at": when(entry.created_at)}
            for entry in EntryPass.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
        "check_ins": [
            {"call": check_in.challenge.title, "day": when(check_in.day), "at": when(check_in.checked_in_at)}
            for check_in in CheckIn.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
        "mentorships": [
            {"project": mentorship.project.title, "since": when(mentorship.created_at)}
            for mentorship in Mentorship.objects.filter(mentor=user).select_related("project").order_by("pk")
        ],
        "logbook_posts": [
            {"project": post.project.title, "title": post.title, "text": post.body, "at": when(post.published_at)}
            for post in LogbookPost.objects.filter(author=user).select_related("project").order_by("pk")
        ],
        "logbook_answers": [
            {"post": comment.post.title, "text": comment.body, "at": when(comment.created_at)}
            for comment in LogbookComment.objects.filter(author=user).select_related("post").order_by("pk")
        ],
        "follow_up_answers": [
            {"project": answer.project.title, "checkpoint": answer.checkpoint.title, "at": when(answer.answered_at)}
            for answer in FollowUpRequest.objects.filter(answered_by=user)
            .select_related("project", "checkpoint")
            .order_by("pk")
        ],
        "certificates": [
            {
                "call": certificate.challenge.title,
                "kind": certificate.kind,
                "name": certificate.name,
                "code": certificate.code,
                "issued": when(certificate.issued_at),
                "revoked": when(certificate.revoked_at) if certificate.revoked_at else None,
            }
            for certificate in Certificate.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
    }


def erase(user: User) -> None:
    Registration.objects.filter(user=user).delete()
    EntryPass.objects.filter(user=user).delete()
    with override(settings.LANGUAGE_CODE):
        former, reason = gettext("Former member"), gettext("The holder deleted their account.")
    Certificate.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now(), revoke_reason=reason)
    Certificate.objects.filter(user=user).update(name=former)


def register() -> None:
    archive_part_register("lab", _("The lab"), lab)
    erasure_register("lab", erase)
