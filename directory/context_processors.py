from django.urls import reverse

from .choices import Marking


def portal(request):
    """What every page needs: the navigation for the user and the default marking.

    A view that shows marked records sets `page_marking` to the highest of them.
    """
    items = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items = [
            ("Home", reverse("home")),
            ("Directory", reverse("directory:organisations")),
            ("API", reverse("api-docs")),
        ]
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
