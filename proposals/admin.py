from django.contrib import admin

from proposals.models import Answer, Attachment, GalleryImage, Proposal, ProposalMember, ProposalVersion


class MemberInline(admin.TabularInline):
    model = ProposalMember
    raw_id_fields = ["user"]
    extra = 0


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "number", "status", "country", "region", "submitted_at"]
    list_filter = ["status", "stage", "challenge"]
    search_fields = ["title", "summary"]
    list_select_related = ["challenge"]
    inlines = [MemberInline, AnswerInline]


admin.site.register([Attachment, GalleryImage, ProposalVersion])
