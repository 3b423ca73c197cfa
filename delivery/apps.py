from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """What the portal shows of its work over time: request volumes, responses against
    their deadlines and the NCA's lead, support and coordinate decisions, as charts."""

    name = "delivery"
