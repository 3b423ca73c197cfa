"""The commitments, live, for the caller (issue 13 §3)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from .serializers import CommitmentQuerySerializer, CommitmentSerializer


class CommitmentListView(APIView):
    """Every time-bound commitment of the two documents that concerns the caller, with its
    status on the day (met, due soon, missed, or no cadence set), the date it falls due
    and the records that show it, of those the caller may see."""

    @extend_schema(
        parameters=[CommitmentQuerySerializer], responses=CommitmentSerializer(many=True)
    )
    def get(self, request):
        query = CommitmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        entries = selectors.commitments_for(
            user=request.user,
            on=query.validated_data.get("on"),
            status=query.validated_data.get("status", ""),
            scope=query.validated_data.get("scope", ""),
        )
        return Response(CommitmentSerializer(entries, many=True).data)
