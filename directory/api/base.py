"""Base classes every API view of the portal builds on."""

from rest_framework import viewsets

from directory.access import get_visible_or_404

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


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
