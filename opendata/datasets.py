"""The catalogue of open datasets: what each one is, its fields (Table Schema types, with their meaning) and where
its rows come from (`opendata.selectors`). Pages, files, the Data Package and the DCAT catalogue are all made from
these definitions, so they never disagree.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeKind, PhaseKind, Scope, Visibility
from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import LabKind
from opendata import selectors
from projects.models import Outcome
from proposals.models import IN_THE_CALL, Licence, Stage

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# What a scheduled run of `manage.py opendata_publish` gives: at most one new version a day (docs/open-data.md).
FREQUENCY = "daily"
FORMATS = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT_FORMATS = ("csv", "json")  # stored compressed too
IN_THE_CALL_VALUES = tuple(str(status) for status in IN_THE_CALL)
DIMENSIONS = ("total", "region", "country", "skill", "interest")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, datetime
    description: Promise
    enum: tuple[str, ...] = ()

    def schema(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.type == "boolean":  # how core.exports writes a yes/no cell
            described |= {"trueValues": ["1"], "falseValues": ["0"]}
        if self.enum:
            described["constraints"] = {"enum": list(self.enum)}
        return described


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[tuple]]
    keywords: tuple[str, ...] = field(default=())

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def table_schema(self) -> dict:
        return {"fields": [f.schema() for f in self.fields], "missingValues": [""]}


def _reference(description) -> Field:
    return Field("reference", "string", description)


CHALLENGE = Field("challenge", "string", _("Web address (slug) of the call, as in the challenges dataset."))
REGION = Field(
    "region", "string", _("Region of Peru, ISO 3166-2 code (PE-CUS is Cusco); empty abroad."), tuple(PeruRegion.values)
)
COUNTRY = Field("country", "string", _("Country, ISO 3166-1 alpha-2 code (PE is Peru)."))

DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "labs",
            _("Labs of the network"),
            _("Every innovation lab of the network: its kind, where it is, whether the network verified it."),
            (
                Field("slug", "string", _("Web address of the lab on Cocrea.")),
                Field("name", "string", _("Name.")),
                Field("kind", "string", _("Kind of lab."), tuple(LabKind.values)),
                COUNTRY,
                REGION,
                Field("city", "string", _("City.")),
                Field("verified", "boolean", _("Verified by the network (1) or not yet (0).")),
                Field("verified_on", "date", _("Day it was verified.")),
                Field("founded", "date", _("Day it joined the network on Cocrea.")),
            ),
            selectors.labs_rows,
            ("labs", "innovation"),
        ),
        Dataset(
            "challenges",
            _("Challenges and events"),
            _(
                "Calls for proposals and events of the network that are published or archived: their eligibility "
                "rules, the dates of the call for proposals and their figures."
            ),
            (
                Field("slug", "string", _("Web address of the call on Cocrea.")),
                Field("title", "string", _("Title.")),
                Field("kind", "string", _("Kind of call or event."), tuple(ChallengeKind.values)),
                Field("lab", "string", _("Web address of the organizing lab, as in the labs dataset.")),
                Field("theme", "string", _("Theme.")),
                Field("status", "string", _("Published, or archived."), (Visibility.PUBLISHED, Visibility.ARCHIVED)),
                Field("scope", "string", _("Who may take part: national, regional or international."), Scope.values),
                Field("eligible_regions", "string", _("Regions whose residents may take part, separated by “; ”.")),
                Field("team_residence_required", "boolean", _("Every team member must live in an eligible region.")),
                Field("team_min", "integer", _("Smallest team allowed.")),
                Field("team_max", "integer", _("Largest team allowed.")),
                Field("proposals_per_person", "integer", _("Proposals one person may take part in.")),
                Field("selection_count", "integer", _("Proposals the call selects.")),
                Field("published_at", "datetime", _("When it was published.")),
                Field("proposals_open", "datetime", _("When the call for proposals opens.")),
                Field("proposals_close", "datetime", _("When the call for proposals closes.")),
                Field("proposals", "integer", _("Proposals sent to the call and still in it.")),
                Field("selected", "integer", _("Proposals selected.")),
                Field("built", "integer", _("Prototypes built, piloted, adopted or scaled.")),
            ),
            selectors.challenges_rows,
            ("calls", "citizen innovation"),
        ),
        Dataset(
            "phases",
            _("Phases of challenges"),
            _("The timeline of every published or archived call and event: each phase with its dates."),
            (
                CHALLENGE,
                Field("phase", "string", _("Phase."), tuple(PhaseKind.values)),
                Field("starts_at", "datetime", _("Start.")),
                Field("ends_at", "datetime", _("End.")),
            ),
            selectors.phases_rows,
            ("calls", "timeline"),
        ),
        Dataset(
            "proposals",
            _("Proposals of closed public calls"),
            _(
                "Proposals sent to public calls, once the call for proposals has closed: what their public page "
                "shows. Never drafts, hidden proposals, teams, answers to the call's questions or contact data."
            ),
            (
                _reference(_("Reference of the proposal in its call.")),
                CHALLENGE,
                Field("title", "string", _("Title.")),
                Field("summary", "string", _("Summary.")),
                Field("stage", "string", _("Stage: idea, prototype or pilot."), tuple(Stage.values)),
                COUNTRY,
                REGION,
                Field("status", "string", _("Where it stands in the call."), IN_THE_CALL_VALUES),
                Field("licence", "string", _("Licence the team chose for the outcome."), tuple(Licence.values)),
                Field("categories", "string", _("Categories, separated by “; ”.")),
                Field("submitted_at", "datetime", _("When it was sent.")),
            ),
            selectors.proposals_rows,
            ("proposals", "citizen innovation"),
        ),
        Dataset(
            "projects",
            _("Projects and their outcomes"),
            _(
                "What selected proposals of public calls became: the latest known outcome, the public body that "
                "adopted it, the repository and the licence the team chose."
            ),
            (
                _reference(_("Reference of its proposal.")),
                CHALLENGE,
                Field("title", "string", _("Title.")),
                Field("summary", "string", _("Summary.")),
                COUNTRY,
                REGION,
                Field("licence", "string", _("Licence the team chose for the outcome."), tuple(Licence.values)),
                Field("outcome", "string", _("Latest outcome."), tuple(Outcome.values)),
                Field("outcome_on", "date", _("Day of the latest outcome.")),
                Field("adopted_by", "string", _("Public body that adopted it.")),
                Field("adopted_url", "string", _("Link about the adoption.")),
                Field("repository_url", "string", _("Code or design repository.")),
                Field("started_on", "date", _("Day the project started in the lab.")),
            ),
            selectors.projects_rows,
            ("projects", "prototypes"),
        ),
        Dataset(
            "results",
            _("Published results"),
            _(
                "The ranking of every judging round whose results were published: reviews, mean totals (0–100), "
                "the total after per-juror normalisation, ranks and the selection decision."
            ),
            (
                CHALLENGE,
                Field("round", "string", _("Judging round.")),
                _reference(_("Reference of the proposal.")),
                Field("title", "string", _("Title of the proposal.")),
                COUNTRY,
                REGION,
                Field("reviews", "integer", _("Reviews counted.")),
                Field("raw_mean", "number", _("Mean of the reviews' weighted totals (0–100).")),
                Field("normalised", "number", _("Mean after normalising each juror's scores (z-scores).")),
                Field("raw_rank", "integer", _("Rank by the raw mean.")),
                Field("normalised_rank", "integer", _("Rank by the normalised mean: the ranking used.")),
                Field("tied", "boolean", _("Tied with another proposal before the tie-break.")),
                Field("decision", "string", _("Selection decision, if any.")),
            ),
            selectors.results_rows,
            ("judging", "results"),
        ),
        Dataset(
            "scores",
            _("Scores of published results"),
            _(
                "Every score behind the published rankings, per criterion, with jurors pseudonymised as in the "
                "round's public selection record (Juror A, Juror B…: the same letter throughout a round)."
            ),
            (
                CHALLENGE,
                Field("round", "string", _("Judging round.")),
                _reference(_("Reference of the proposal.")),
                Field("juror", "string", _("The juror's pseudonym in the round.")),
                Field("criterion", "string", _("Criterion.")),
                Field("value", "number", _("Score on the criterion's scale.")),
            ),
            selectors.scores_rows,
            ("judging", "scores"),
        ),
        Dataset(
            "innovators",
            _("Innovators in figures"),
            _(
                "How many people are in the register of innovators, by region, country, skill and interest. Counts "
                "only, never a row per person; groups of fewer than 3 people are merged into “other”."
            ),
            (
                Field("dimension", "string", _("What is counted."), DIMENSIONS),
                Field("value", "string", _("Code of the region or country, or the skill's or interest's slug.")),
                Field("label", "string", _("Its name.")),
                Field("count", "integer", _("People.")),
            ),
            selectors.innovators_rows,
            ("innovators", "statistics"),
        ),
        Dataset(
            "network",
            _("The network over time"),
            _(
                "The network's totals at the end of each month: labs, verified labs, innovators, published calls, "
                "proposals sent and projects."
            ),
            (
                Field("month", "yearmonth", _("Month.")),
                Field("labs", "integer", _("Labs.")),
                Field("verified_labs", "integer", _("Verified labs.")),
                Field("innovators", "integer", _("Innovators registered.")),
                Field("challenges", "integer", _("Calls and events published.")),
                Field("proposals", "integer", _("Proposals sent.")),
                Field("projects", "integer", _("Projects.")),
            ),
            selectors.network_rows,
            ("statistics", "network"),
        ),
    )
}


def dataset_or_404(slug: str) -> Dataset:
    try:
        return DATASETS[slug]
    except KeyError:
        raise Http404 from None


def format_or_404(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt
