"""The organizers' judging console follows the round live, in a real browser over a real WebSocket: a juror submits a
review (or casts an expo vote) on their own page in another browser, and the organizer's progress page (or expo board)
shows the new figures without being reloaded.

The ASGI application is served as in test_live (`asgi_url`), and the world is test_judging's; the browsers ask for
English, so the pages are found by the texts in our code.
"""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from innovation_platform.labs.models import LabMembership, LabRole
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from judging.models import Assignment
from tests.browser.test_judging import english, judging_world, sign_in  # noqa: F401 (fixtures)
from tests.browser.test_live import asgi_url  # noqa: F401 (fixture)
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging.pairwise_world import make_projects, make_round
from tests.judging.results_world import make_juror

pytestmark = pytest.mark.browser

# The test acts only once the page says its socket is open, so what it checks arrives live rather than replayed.
# A subclass keeps WebSocket's constants and prototype. The mark is an attribute waited for as a selector: a string
# predicate (`wait_for_function`) is evaluated in the page, which the page's CSP (no 'unsafe-eval') refuses whenever
# the socket is not open at the first check.
MARK_OPEN_SOCKETS = """
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("open", () => { document.documentElement.dataset.liveSocket = "open"; });
  }
};
"""
# live.js spreads refreshes over up to 1.5 s; the rest is slack for a slow machine.
REFRESH_SPREAD_MS = 1500
LIVE_MS = 5000


def watch(context: BrowserContext, url: str) -> Page:
    """Open the organizer's page, wait for its live socket, and mark the window to tell a reload afterwards."""
    context.add_init_script(MARK_OPEN_SOCKETS)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("html[data-live-socket=open]", state="attached")
    page.evaluate("window.stillTheSamePage = true")
    return page


def done_cell(page: Page, table: str, row: str):
    """The first data cell of `row` in the table whose header names `table`."""
    found = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name=table, exact=True))
    return found.get_by_role("row", name=row).get_by_role("cell").first


def record_live_traffic(page: Page, path: str) -> tuple[list, list, list]:
    """From now on: the addresses of the page's sockets whose path contains `path`, the frames they receive, and
    the sections live.js fetches again."""
    sockets, frames, fetches = [], [], []

    def on_socket(socket):
        if path in socket.url:
            sockets.append(socket.url)
            socket.on("framereceived", lambda frame: frames.append(frame))

    def on_request(request):
        if request.headers.get("x-requested-with") == "fetch":
            fetches.append(request.url)

    page.on("websocket", on_socket)
    page.on("request", on_request)
    return sockets, frames, fetches


def test_the_progress_page_counts_a_review_as_the_juror_submits_it(english, asgi_url, judging_world):  # noqa: F811
    round_, (impact, feasibility) = judging_world["round"], judging_world["criteria"]
    jana = judging_world["jurors"][0]
    first, second = judging_world["proposals"][:2]
    assignment = Assignment.objects.create(round=round_, juror=jana, proposal=first)
    second_assignment = Assignment.objects.create(round=round_, juror=jana, proposal=second)
    organizer = english()
    sign_in(organizer, asgi_url, judging_world["organizer"])
    console = watch(organizer, f"{asgi_url}/judging/rounds/{round_.pk}/progress/")
    expect(done_cell(console, "Juror", "Jana Jurado")).to_have_text("0 of 2")
    expect(done_cell(console, "Proposal", "JUR26-0001")).to_have_text("0 of 2")

    juror = english()
    sign_in(juror, asgi_url, jana.user)
    review = juror.new_page()
    review.goto(f"{asgi_url}/judging/assignments/{assignment.pk}/")
    review.locator(f"#id_criterion_{impact.pk}").fill("4")
    review.locator(f"#id_criterion_{feasibility.pk}").fill("5")
    with review.expect_navigation():
        review.get_by_role("button", name="Submit review").click()
    expect(review.get_by_text("Review submitted. Thank you!")).to_be_visible()

    expect(done_cell(console, "Juror", "Jana Jurado")).to_have_text("1 of 2", timeout=LIVE_MS)
    expect(done_cell(console, "Proposal", "JUR26-0001")).to_have_text("1 of 2", timeout=LIVE_MS)
    expect(done_cell(console, "Proposal", "JUR26-0002")).to_have_text("0 of 2")
    assert console.evaluate("window.stillTheSamePage") is True

    # The organizer leaves the page in the same tab; the juror submits the other review meanwhile.
    console.goto(f"{asgi_url}/")
    review.goto(f"{asgi_url}/judging/assignments/{second_assignment.pk}/")
    review.locator(f"#id_criterion_{impact.pk}").fill("3")
    review.locator(f"#id_criterion_{feasibility.pk}").fill("3")
    with review.expect_navigation():
        review.get_by_role("button", name="Submit review").click()
    expect(review.get_by_text("Review submitted. Thank you!")).to_be_visible()

    # Back on the progress page, rendered with both reviews: its socket replays from the last event the page reflects,
    # so right after loading nothing arrives and no section is fetched again.
    sockets, frames, fetches = record_live_traffic(console, "/console/")
    console.goto(f"{asgi_url}/judging/rounds/{round_.pk}/progress/")
    expect(done_cell(console, "Juror", "Jana Jurado")).to_have_text("2 of 2")
    console.wait_for_timeout(REFRESH_SPREAD_MS + 500)
    last = LiveEvent.objects.filter(group=groups.round_console(round_.pk)).latest("pk").pk
    assert (sockets, frames, fetches) == (
        [f"{asgi_url.replace('http', 'ws')}/ws/judging/rounds/{round_.pk}/console/?last={last}"],
        [],
        [],
    )


def test_the_expo_board_counts_a_vote_as_the_juror_casts_it(english, asgi_url):  # noqa: F811
    organizer_user = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-expo")
    LabMembership.objects.create(lab=lab, user=organizer_user, role=LabRole.ORGANIZER)
    challenge = make_challenge(lab, "reto-expo", code="EXP26", visibility="published")
    round_ = make_round(challenge)
    make_projects(challenge, 3)
    ana = make_juror(round_, make_user("ana@example.org", full_name="Ana Jurado"))

    organizer = english()
    sign_in(organizer, asgi_url, organizer_user)
    board = watch(organizer, f"{asgi_url}/judging/rounds/{round_.pk}/expo/board/")
    ranking = board.locator("#expo-ranking tbody tr")
    anas_row = board.locator("#expo-jurors").get_by_role("row", name="Ana Jurado").get_by_role("cell")
    anas_votes, anas_project = anas_row.first, anas_row.last
    expect(anas_project).to_have_text("—")

    # The juror starts and walks past her first project, which has nothing to be compared with: no vote yet,
    # but the board follows her to the project in front of her.
    juror = english()
    sign_in(juror, asgi_url, ana.user)
    expo = juror.new_page()
    expo.goto(f"{asgi_url}/judging/rounds/{round_.pk}/expo/")
    for button in ("Start", "Seen: next project"):
        with expo.expect_navigation():
            expo.get_by_role("button", name=button).click()
    better = expo.locator("section.panel .lead strong").inner_text()
    expect(anas_project).to_contain_text(better, timeout=LIVE_MS)
    expect(anas_votes).to_have_text("0")
    expect(ranking.locator("td:last-child")).to_have_text(["0", "0", "0"])

    with expo.expect_navigation():
        expo.get_by_role("button", name="This one is better").click()
    expect(expo.get_by_text(f"Vote recorded: “{better}” was better.")).to_be_visible()

    expect(anas_votes).to_have_text("1", timeout=LIVE_MS)
    expect(board.locator("#expo-votes")).to_contain_text("1 vote", timeout=LIVE_MS)
    # The ranking was fetched again too: the project she preferred now leads, with its vote.
    expect(ranking.first).to_contain_text(better)
    expect(ranking.first.locator("td:last-child")).to_have_text("1")
    assert board.evaluate("window.stillTheSamePage") is True
