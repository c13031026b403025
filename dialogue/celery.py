import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue.settings")

app = Celery("dialogue")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_pool_process(**_kwargs) -> None:
    """Each prefork pool process loads fonts and signing keys before its first task."""
    from .warmup import warm_up

    warm_up()


@worker_ready.connect
def _warm_up_worker(sender=None, **_kwargs) -> None:
    """The solo and thread pools run tasks in the worker's own process: it loads them itself."""
    from celery.concurrency.prefork import TaskPool

    pool = getattr(getattr(sender, "controller", None), "pool_cls", None)
    if isinstance(pool, type) and issubclass(pool, TaskPool):
        return  # its pool processes did (above)
    from .warmup import warm_up

    warm_up()
