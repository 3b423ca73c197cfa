from directory.api.base import RestrictedReadOnlyViewSet

from ..filtersets import PriorityFilterSet
from ..models import Priority
from .serializers import PrioritySerializer


class PriorityViewSet(RestrictedReadOnlyViewSet):
    """The NCA's strategic and operational priorities (PCC Annex A): those in force today,
    or on the day `on` names (YYYY-MM-DD). A priority keeps its `code` across versions."""

    queryset = Priority.objects.all()
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilterSet
