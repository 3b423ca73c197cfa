"""Base classes every API view of the portal builds on."""

from rest_framework import viewsets

from audit.services import record_list_read
from directory.access import get_visible_or_404, is_marked

ACTION_FOR_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "view",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RestrictedViewSetMixin:
    """Reads go through the one permission entry point (`restrict`): a record the
    caller may not see answers 404, exactly like one that does not exist; a record they
    may see but not change or delete answers 403."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def get_object(self):
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        queryset = self.filter_queryset(self.get_queryset())
        obj = get_visible_or_404(
            self.request,
            queryset,
            action=ACTION_FOR_METHOD.get(self.request.method, "view"),
            **{self.lookup_field: self.kwargs[lookup_url_kwarg]},
        )
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer(self, *args, **kwargs):
        """Every list and search answers through here with `many=True`: the marked
        records it returns are written to the access log, in one entry per response
        (issue 9 §5), from the same rows the serializer is given."""
        if kwargs.get("many") and args and is_marked(self.get_queryset().model):
            rows = list(args[0])
            record_list_read(user=self.request.user, rows=rows, request=self.request)
            args = (rows, *args[1:])
        return super().get_serializer(*args, **kwargs)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
