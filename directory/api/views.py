from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from directory.filtersets import OrganisationFilterSet
from directory.models import ContactPoint, Organisation, Region

from .authentication import issue_token
from .base import RestrictedReadOnlyViewSet
from .serializers import (
    ContactPointSerializer,
    MeSerializer,
    OrganisationSerializer,
    RegionSerializer,
)


class OrganisationViewSet(RestrictedReadOnlyViewSet):
    """The partner directory: forces, agencies, ROCUs, PCC bodies and the NCA."""

    queryset = (
        Organisation.objects.with_governing_body()
        .select_related("region")
        .prefetch_related("member_forces")
    )
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet


class RegionViewSet(RestrictedReadOnlyViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    lookup_field = "code"


class ContactPointViewSet(RestrictedReadOnlyViewSet):
    """How to reach an organisation's desks; each route is marked."""

    queryset = ContactPoint.objects.all()
    serializer_class = ContactPointSerializer
    filterset_fields = ["organisation"]


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """Who you are signed in as: your organisation, roles and clearance."""
    return Response(MeSerializer(request.user).data)


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password for an API token."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token = issue_token(user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response({"token": token.key})
