"""Personal notifications: stored and pushed by `notify`, listed on /notifications/, marked read without JavaScript."""

import pytest
from django.urls import reverse

from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent, Notification, NotificationKind
from innovation_platform.live.notifications import notify, notify_many
from innovation_platform.live.views import PAGE_SIZE
from tests.conftest import make_user

URL = "/notifications/"


def make_notifications(user, count: int, **fields) -> list[Notification]:
    return Notification.objects.bulk_create(
        [
            Notification(
                **{"user": user, "kind": NotificationKind.JURY, "title": f"Item {i}", "url": f"/item/{i}/", **fields}
            )
            for i in range(1, count + 1)
        ]
    )


@pytest.fixture
def other(db):
    return make_user("other@example.org", full_name="Otro Usuario")


@pytest.fixture
def signed_in(english_client, citizen):
    english_client.force_login(citizen)
    return english_client


def test_the_url_is_mounted_under_notifications():
    assert reverse("live:notifications") == URL


class TestNotify:
    def test_notify_stores_and_pushes_the_item_with_the_unread_count(self, citizen, django_capture_on_commit_callbacks):
        make_notifications(citizen, 2)
        with django_capture_on_commit_callbacks(execute=True):
            notification = notify(citizen, NotificationKind.JURY, "You are a juror", "/judging/mine/", body="Welcome")

        event = LiveEvent.objects.get()
        assert (event.group, event.type) == (groups.user(citizen.pk), "notification")
        assert event.payload == {
            "notification": {
                "id": notification.pk,
                "kind": "jury",
                "title": "You are a juror",
                "body": "Welcome",
                "url": "/judging/mine/",
                "created_at": notification.created_at.isoformat(),
            },
            "unread": 3,
        }

    def test_long_titles_are_shortened_to_fit(self, citizen):
        assert len(notify(citizen, NotificationKind.JURY, "x" * 500, "/").title) == 200

    def test_notify_many_costs_two_queries_whatever_the_number_of_people(
        self, citizen, other, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        make_notifications(other, 1)
        with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(2):
            notify_many(
                [
                    Notification(user=user, kind=NotificationKind.ANNOUNCEMENT, title="News", url="/")
                    for user in (citizen, other)
                ]
            )

        with django_capture_on_commit_callbacks(execute=True):
            notify_many([Notification(user=citizen, kind=NotificationKind.ANNOUNCEMENT, title="More", url="/")])
        assert [(event.group, event.payload["unread"]) for event in LiveEvent.objects.all()] == [
            (groups.user(citizen.pk), 2)
        ]


class TestPage:
    def test_anonymous_visitors_are_sent_to_log_in(self, english_client, db):
        response = english_client.get(URL)
        assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")

    def test_newest_first_unread_highlighted_each_linking_to_its_page(self, signed_in, citizen):
        read, unread = make_notifications(citizen, 2)
        Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)

        response = signed_in.get(URL)

        assert [n.title for n in response.context["page"].object_list] == ["Item 2", "Item 1"]
        html = response.content.decode()
        assert '<a href="/item/2/"><strong>Item 2</strong></a>' in html
        assert '<a href="/item/1/">Item 1</a>' in html
        assert html.count("Mark as read</button>") == 1
        assert "1 unread notification." in html

    def test_another_persons_notifications_are_never_listed(self, signed_in, other):
        make_notifications(other, 1, title="Secret")

        response = signed_in.get(URL)

        assert list(response.context["page"].object_list) == []
        assert "Secret" not in response.content.decode()
        assert "No notifications yet" in response.content.decode()

    def test_pages_of_thirty(self, signed_in, citizen):
        make_notifications(citizen, PAGE_SIZE + 1)

        first, second = signed_in.get(URL), signed_in.get(URL, {"page": 2})

        assert len(first.context["page"].object_list) == PAGE_SIZE
        assert [n.title for n in second.context["page"].object_list] == ["Item 1"]
        assert "Page 2 of 2" in second.content.decode()

    @pytest.mark.parametrize("count", [1, 3])
    def test_the_page_costs_the_same_queries_for_one_or_three_items(
        self, signed_in, citizen, count, django_assert_num_queries
    ):
        make_notifications(citizen, count)
        # session, user, count and page of the list, unread count
        with django_assert_num_queries(5):
            signed_in.get(URL)


class TestMarkRead:
    def test_marking_one_read_goes_back_to_the_same_page_and_tells_other_tabs(
        self, signed_in, citizen, django_capture_on_commit_callbacks
    ):
        first, second = make_notifications(citizen, 2)

        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reverse("live:notification_read", args=[first.pk]), {"page": "1"})

        assert response.url == f"{URL}?page=1"
        assert list(Notification.objects.filter(read_at=None)) == [second]
        event = LiveEvent.objects.get()
        assert (event.group, event.type, event.payload) == (
            groups.user(citizen.pk),
            "notifications.read",
            {"unread": 1},
        )

    def test_marking_all_read(self, signed_in, citizen, other):
        make_notifications(citizen, 3)
        make_notifications(other, 1)

        response = signed_in.post(reverse("live:notification_read_all"))

        assert response.url == URL
        assert Notification.objects.filter(read_at=None).get().user == other

    def test_another_persons_notification_cannot_be_marked_read(self, signed_in, other):
        (theirs,) = make_notifications(other, 1)

        signed_in.post(reverse("live:notification_read", args=[theirs.pk]))

        theirs.refresh_from_db()
        assert theirs.read_at is None
        assert LiveEvent.objects.count() == 0

    def test_marking_read_needs_a_post(self, signed_in, citizen):
        (mine,) = make_notifications(citizen, 1)
        assert signed_in.get(reverse("live:notification_read", args=[mine.pk])).status_code == 405
