from django.contrib import admin

from innovation_platform.messaging.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read only: a message is a record of what was sent."""

    list_display = ["subject", "about_title", "segment", "author", "created_at", "recipient_count", "delivered_count"]
    list_filter = ["status"]
    search_fields = ["subject", "about_title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
