from django.contrib import admin

from challenges.models import Announcement, Challenge, ChallengeRole, FAQItem, Phase, Question, Quota, Session


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class RoleInline(admin.TabularInline):
    model = ChallengeRole
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "kind", "visibility", "published_at"]
    list_filter = ["visibility", "kind", "scope"]
    search_fields = ["title", "theme", "lab__name"]
    list_select_related = ["lab"]
    inlines = [PhaseInline, QuestionInline, RoleInline]


admin.site.register([Session, Announcement, FAQItem, Quota])
