from celery import shared_task

from .services import credentials_purge_expired


@shared_task
def purge_expired_credentials() -> dict[str, int]:
    return credentials_purge_expired()
