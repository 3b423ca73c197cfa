"""The home page is made of panels that each app contributes in `<app>/panels.py`:
a function `panels(request)` returning the `Panel`s that matter to the user's roles."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .discovery import app_modules
from .rules import highest_marking


@dataclass
class Panel:
    title: str
    template: str  # rendered with `panel` in its context
    context: dict = field(default_factory=dict)
    markings: Iterable[str] = ()  # the markings of the records it shows
    order: int = 100  # lower comes first


def home_panels(request) -> tuple[list[Panel], str]:
    """Every app's panels for this user, in order, and the marking of the page."""
    panels = [panel for _, module in app_modules("panels") for panel in module.panels(request)]
    panels.sort(key=lambda panel: panel.order)
    markings = [marking for panel in panels for marking in panel.markings]
    return panels, highest_marking(markings)
