from django import template

from delivery.navigation import pages

register = template.Library()


@register.inclusion_tag("delivery/_pages.html", takes_context=True)
def figures_pages(context):
    """`{% figures_pages %}`: the pages of figures the reader may open, the one they are
    on marked as current, so that one entry in the header serves them all."""
    request = context["request"]
    return {
        "pages": [(label, url, request.path.startswith(url)) for label, url in pages(request.user)]
    }
