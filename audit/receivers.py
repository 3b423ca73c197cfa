from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from directory.signals import marked_record_read, records_listed

from . import services
from .grants import protect_history_from_app_role


@receiver(user_logged_in)
def on_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(user=user, request=request)


@receiver(user_login_failed)
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    services.record_sign_in_failed(username=credentials.get("username", ""), request=request)


@receiver(user_logged_out)
def on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        services.record_sign_out(user=user, request=request)


@receiver(marked_record_read)
def on_marked_record_read(sender, user, obj, request, **kwargs):
    services.record_read(user=user, obj=obj, request=request)


@receiver(records_listed)
def on_records_listed(sender, user, rows, request, **kwargs):
    services.record_list_read(user=user, rows=rows, request=request)


@receiver(post_migrate)
def on_migrate(sender, using, **kwargs):
    if sender.name == "audit":
        protect_history_from_app_role(using=using)
