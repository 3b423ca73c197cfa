"""What the governance pages share."""

from django.views.decorators.http import require_http_methods

from directory.access import get_visible_or_404

from .. import selectors

GET_OR_POST = require_http_methods(["GET", "POST"])


def visible_meeting(request, pk):
    """The meeting, if the reader may see it; 404 otherwise, as if it did not exist."""
    return get_visible_or_404(request, selectors.meeting_detail(user=request.user), pk=pk)
