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
    caller may not see answers 404, exactly like one that does not exist."""

    def get_queryset(self):
        action = ACTION_FOR_METHOD.get(self.request.method, "view")
        return super().get_queryset().restrict(self.request.user, action)

    def get_object(self):
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        action = ACTION_FOR_METHOD.get(self.request.method, "view")
        queryset = self.filter_queryset(super().get_queryset())
        obj = get_visible_or_404(
            self.request,
            queryset,
            action=action,
            **{self.lookup_field: self.kwargs[lookup_url_kwarg]},
        )
        self.check_object_permissions(self.request, obj)
        return obj


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
