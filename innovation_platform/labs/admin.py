from django.contrib import admin

from innovation_platform.labs.models import Lab, LabMembership


class LabMembershipInline(admin.TabularInline):
    model = LabMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "region", "city", "is_verified"]
    list_filter = ["is_verified", "kind", "region"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LabMembershipInline]
