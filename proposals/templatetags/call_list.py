"""The rows of the organizers' list of a call's proposals (templates/proposals/console/list.html).

Fifty rows of a dozen cells made ~850 template variables and ~400 conditions a page, about 4 ms of the page's
CPU; written here, the same HTML costs a fraction of that. The values come worked out by
`proposals.selectors.console.with_cells`. Every text passes through `escape`: the standard library's, which
Django's own escaping calls behind a check for lazy strings that cost more than the escaping itself (and
`format_html` runs that check for each argument). Numbers are written plainly, as ids in attributes and small
counts need no locale formatting.
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from proposals.models import Eligibility, Proposal
from proposals.selectors.console import DRAFTS, SentRow

register = template.Library()

ELIGIBILITY_BADGES = {Eligibility.INELIGIBLE: "badge badge-danger", Eligibility.PENDING: "badge badge-muted"}


@register.simple_tag
def call_list_rows(rows: list[Proposal] | list[SentRow], tab: str, list_url: str) -> SafeString:
    """The `<tr>`s of one page of the list: drafts with their completeness, or proposals sent with every column."""
    url = escape(list_url)
    if tab == DRAFTS:
        return mark_safe("".join(_draft_row(proposal, url) for proposal in rows))  # every text escaped
    badges = {  # the rows' badges, translated once per page
        "hidden": f' <span class="badge badge-muted">{escape(gettext("Hidden"))}</span>',
        "below_minimum": f' <span class="badge badge-warning">{escape(gettext("below the minimum"))}</span>',
        "appealed": f' <span class="badge badge-warning">{escape(gettext("appealed"))}</span>',
    }
    return mark_safe("".join(_sent_row(proposal, url, badges) for proposal in rows))  # every text escaped


def _chosen_and_title(proposal: Proposal | SentRow, url: str) -> tuple[str, str]:
    """The cell that chooses the row for a bulk action, named by the title; the title, a link to the organizer's
    view of the proposal."""
    pk = int(proposal.pk)
    return (
        f'<td><input type="checkbox" name="proposal" value="{pk}" aria-labelledby="title-{pk}"></td>',
        f'<a href="{url}{pk}/" id="title-{pk}">{escape(proposal.title)}</a>',
    )


def _sent_row(proposal: SentRow, url: str, badges: dict[str, str]) -> str:
    chosen, title = _chosen_and_title(proposal, url)
    labels = proposal.labels
    tags = "".join(f'<span class="tag">{escape(name)}</span> ' for name in proposal.categories)
    cells = "".join(f'<td class="number">{conditional_escape(cell)}</td>' for cell in proposal.cells)
    submitted = f"<time>{escape(proposal.submitted)}</time>" if proposal.submitted else ""
    below_minimum = badges["below_minimum"] if proposal.below_minimum else ""
    return (
        f"<tr>{chosen}"
        f'<td class="reference">{escape(proposal.reference)}</td>'
        f"<td>{title}{badges['hidden'] if proposal.hidden_at else ''}</td>"
        f"<td>{escape(proposal.lead_name or '—')}</td>"
        f'<td class="number">{int(proposal.team_size)}{below_minimum}</td>'
        f"<td>{escape(proposal.origin)}</td>"
        f"<td>{tags}</td>"
        f"<td>{escape(labels['stage'])}</td>"
        f"<td>{escape(labels['status'])}</td>"
        f'<td><span class="{ELIGIBILITY_BADGES.get(proposal.eligibility, "badge")}">{escape(labels["eligibility"])}'
        f"</span>{badges['appealed'] if proposal.appealed else ''}</td>"
        f"<td>{submitted}</td>"
        f'<td class="number">{int(proposal.support_count)}</td>'
        f"{cells}</tr>\n"
    )


def _draft_row(proposal: Proposal, url: str) -> str:
    chosen, title = _chosen_and_title(proposal, url)
    if proposal.missing:
        count = len(proposal.missing)
        completeness = ngettext("%(count)s item missing", "%(count)s items missing", count) % {"count": count}
    else:
        completeness = gettext("Ready to submit")
    return (
        f"<tr>{chosen}"
        f"<td>{title}</td>"
        f"<td>{escape(proposal.lead_name or '—')}</td>"
        f'<td class="number">{int(proposal.team_size)}</td>'
        f"<td>{escape(proposal.origin)}</td>"
        f"<td>{escape(completeness)}</td>"
        f'<td><time datetime="{escape(proposal.updated_iso)}">{escape(proposal.updated)}</time></td>'
        "</tr>\n"
    )
