from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django_otp import match_token, user_has_device
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


# One answer for every wrong credential, whichever it was: an attacker guessing
# passwords must not learn that one was right from an answer about the code.
WRONG_CREDENTIALS = (
    "Unable to sign in with that username, password and one-time code (otp). The code is "
    "the one your authenticator app shows now, or one of your recovery codes. No second "
    "factor yet? Sign in to the portal in a browser to set one up first."
)


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
        data = serializer.validated_data
        credentials = {"username": data["username"], "password": data["password"]}
        # django-axes counts failures and refuses a locked-out name and address here.
        user = authenticate(request, **credentials)
        # The code is checked only once the password is right, so that nobody without the
        # password can use up the person's codes or trip their device's throttle.
        if user is None or not user_has_device(user) or match_token(user, data["otp"]) is None:
            if user is not None:
                user_login_failed.send(
                    sender=__name__, credentials={"username": data["username"]}, request=request
                )
            raise exceptions.ValidationError({"otp": [WRONG_CREDENTIALS]})
        token, key = services.api_token_issue(actor=user, name=data["client"])
        user_logged_in.send(sender=user.__class__, request=request, user=user)
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
