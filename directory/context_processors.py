from django.urls import reverse

from .choices import Marking
from .discovery import app_modules
from .two_factor import is_verified


def portal(request):
    """What every page needs: the navigation for the user and the default marking.

    Each app adds its own items in `<app>/navigation.py` (`items(user)`). A view that
    shows marked records sets `page_marking` to the highest of them.
    """
    user = getattr(request, "user", None)
    items = []
    # Someone who has given only their password reaches no page yet: no menu to offer.
    if user is not None and user.is_authenticated and is_verified(user):
        items = [("Home", reverse("home"))]
        for _, module in app_modules("navigation"):
            items += module.items(user)
        items.append(("API", reverse("api-docs")))
        if user.is_staff:
            items.append(("Administration", reverse("admin:index")))
    path = request.path
    navigation = [
        {
            "text": text,
            "href": href,
            "current": path == href,
            "active": href != "/" and path.startswith(href),
        }
        for text, href in items
    ]
    return {"navigation": navigation, "page_marking": Marking.OFFICIAL}
