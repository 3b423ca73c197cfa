from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from directory import services
from directory.filtersets import OrganisationFilterSet
from directory.models import ApiToken, ContactPoint, Organisation, Region

from .base import RestrictedReadOnlyViewSet
from .serializers import (
    ContactPointSerializer,
    MeSerializer,
    OrganisationSerializer,
    RegionSerializer,
    TokenObtainSerializer,
    TokenSerializer,
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


class TokenView(APIView):
    """POST: exchange a username, password and one-time code for an API token for one
    client. DELETE: revoke the token the request is made with (issue 9 §3)."""

    throttle_scope = "sign_in"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        description=(
            "Exchange a username, password and one-time code (`otp`: the authenticator "
            "app's current code or a recovery code) for a token for one client. The key is "
            "shown only in this answer. A new token for the same client ends the old one."
        ),
        auth=[],
        request=TokenObtainSerializer,
        responses={
            201: TokenSerializer,
            400: OpenApiResponse(description="A field is missing, or a credential is wrong."),
        },
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_obtain(request=request, **serializer.validated_data)
        return Response(
            TokenSerializer(token, context={"key": key}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        description="Revoke the token sent with this request: it answers 401 from then on.",
        auth=[{"tokenAuth": []}],
        request=None,
        responses={204: None},
    )
    def delete(self, request):
        token = request.auth
        if not isinstance(token, ApiToken):  # a browser session is not a token
            raise exceptions.NotAuthenticated("Send the token to revoke as the Authorization.")
        services.api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
