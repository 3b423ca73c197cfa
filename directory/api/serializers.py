from rest_framework import serializers

from directory.models import ApiToken, ContactPoint, Organisation, Region, User

from .base import ModelSerializer


class RegionSerializer(ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "nation"]


class OrganisationSerializer(ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    governing_body = serializers.IntegerField(
        source="governing_body_id",
        read_only=True,
        allow_null=True,
        help_text="For a force: the id of the body governing it today.",
    )
    member_forces = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "region",
            "parent",
            "rocu",
            "governing_body",
            "member_forces",
            "former_names",
            "valid_from",
            "valid_to",
        ]


class ContactPointSerializer(ModelSerializer):
    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "organisation",
            "name",
            "purpose",
            "telephone",
            "email",
            "hours",
            "audience",
            "marking",
        ]


class MeSerializer(ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "roles",
            "clearance",
        ]


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=64,
        help_text="The code your authenticator app shows now, or one of your recovery codes.",
    )
    client = serializers.CharField(
        max_length=100,
        default="API client",
        help_text="What the token is for. A new token for the same client ends the old one.",
    )
    hours = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="How long the token lasts, if shorter than the portal's limit (8 hours).",
    )


class TokenSerializer(ModelSerializer):
    """A new token: its key is shown this once and never kept."""

    token = serializers.SerializerMethodField()
    client = serializers.CharField(source="name")

    class Meta:
        model = ApiToken
        fields = ["token", "client", "created_at", "expires_at"]

    def get_token(self, obj) -> str:
        return self.context["key"]
