"""What the demo's proposal builders share: the seed, the innovators they draw people from, and the
writing of a proposal's team, categories, answers and versions in bulk."""

import random

from taggit.models import Tag

from challenges.models import Question, QuestionKind
from innovation_platform.accounts.demo import DEMO_DOMAIN
from innovation_platform.accounts.models import User
from proposals.models import (
    IN_THE_CALL,
    Answer,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalVersion,
    Stage,
    TaggedProposal,
)
from proposals.services.submission import TEXT_FIELDS

SEED = 2026
STAGES = [Stage.IDEA] * 10 + [Stage.PROTOTYPE] * 7 + [Stage.PILOT] * 3
ZONES = {
    "Costa": {"PE-CAL", "PE-ICA", "PE-LAL", "PE-LAM", "PE-LIM", "PE-LMA", "PE-PIU", "PE-TUM", "PE-TAC", "PE-MOQ"},
    "Selva": {"PE-AMA", "PE-LOR", "PE-MDD", "PE-SAM", "PE-UCA"},
}


def demo_innovators():
    """The synthetic innovators (`seed_innovators`), in a stable order so every draw from them repeats."""
    return User.objects.filter(email__startswith="innovador", email__endswith=f"@{DEMO_DOMAIN}").order_by("email")


def write_related(proposals: list[Proposal], specs: list[dict], questions: list[Question], rng) -> None:
    """Team, categories, answers and the versions kept at submission (and at a later edit), in bulk."""
    members, tagged, answers, versions = [], [], [], []
    tags = _tags(sorted({name for spec in specs for name in spec["tags"]}))
    for proposal, spec in zip(proposals, specs, strict=True):
        members.append(ProposalMember(proposal=proposal, user=spec["lead"], role=MemberRole.LEAD))
        members += [ProposalMember(proposal=proposal, user=user, role=MemberRole.MEMBER) for user in spec["co_authors"]]
        tagged += [TaggedProposal(content_object=proposal, tag=tags[name]) for name in spec["tags"]]
        values = _answers(questions, spec, rng) if spec["answers"] else {}
        answers += [Answer(proposal=proposal, question_id=pk, value=value) for pk, value in values.items()]
        if proposal.status not in IN_THE_CALL:
            continue
        snapshot = {name: str(spec[name]) for name in TEXT_FIELDS}
        snapshot["answers"] = {str(pk): value for pk, value in values.items()}
        if spec.get("edited"):
            first = {**snapshot, "summary": spec["summary"].split(" Un proyecto ")[0], "stage": Stage.IDEA}
            first["answers"] = {**snapshot["answers"]}
            for question in questions:
                if question.kind == QuestionKind.NUMBER and str(question.pk) in first["answers"]:
                    first["answers"][str(question.pk)] = 3000
            versions.append(ProposalVersion(proposal=proposal, version=1, snapshot=first, author=spec["lead"]))
            versions.append(ProposalVersion(proposal=proposal, version=2, snapshot=snapshot, author=spec["lead"]))
        else:
            versions.append(ProposalVersion(proposal=proposal, version=1, snapshot=snapshot, author=spec["lead"]))
    ProposalMember.objects.bulk_create(members)
    TaggedProposal.objects.bulk_create(tagged)
    Answer.objects.bulk_create(answers)
    ProposalVersion.objects.bulk_create(versions)


def _answers(questions: list[Question], spec: dict, rng: random.Random) -> dict:
    """An answer to every question, of the kind it asks for (files are left unanswered)."""
    values = {}
    for question in questions:
        if not question.required and rng.random() < 0.15:
            continue
        match question.kind:
            case QuestionKind.LONG_TEXT:
                value = spec["problem"]
            case QuestionKind.SHORT_TEXT:
                value = spec["territory"]
            case QuestionKind.NUMBER:
                value = rng.randrange(800, 3001, 50)
            case QuestionKind.SINGLE_CHOICE:
                value = _zone(spec["region"], question.choices, rng)
            case QuestionKind.MULTIPLE_CHOICE:
                value = rng.sample(question.choices, min(len(question.choices), rng.choice([1, 2])))
            case QuestionKind.YES_NO:
                value = rng.random() < 0.55
            case QuestionKind.URL:
                value = f"https://example.org/propuestas/{spec.get('number') or 'borrador'}"
            case _:
                continue
        if value not in (None, "", []):
            values[question.pk] = value
    return values


def _zone(region: str, choices: list, rng: random.Random):
    """Costa, sierra or selva from the region when the question offers them (several regions
    from abroad); otherwise any choice."""
    if not choices:
        return None
    zone = next((name for name, regions in ZONES.items() if region in regions), "Sierra" if region else None)
    zone = zone or "Varias regiones"
    if zone in choices and rng.random() < 0.9:
        return zone
    return rng.choice(choices)


def _tags(names: list[str]) -> dict[str, Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in existing:
            existing[name] = Tag.objects.create(name=name)
    return existing
