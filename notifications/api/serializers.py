from rest_framework import serializers

from notifications import rules
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    """A notification as its reader may see it: its text only if their clearance covers
    its marking (rules.message_for_reader)."""

    text = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "link", "created_at", "read_at"]
        read_only_fields = fields

    def get_text(self, notification) -> str:
        return rules.message_for_reader(
            reader=self.context["request"].user,
            text=notification.text,
            link=notification.link,
            marking=notification.marking,
            by_email=False,
        )
