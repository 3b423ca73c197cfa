from rest_framework import serializers

from directory.models import ContactPoint, Organisation, Region, User


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "nation"]


class OrganisationSerializer(serializers.ModelSerializer):
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
        ]


class ContactPointSerializer(serializers.ModelSerializer):
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


class MeSerializer(serializers.ModelSerializer):
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
