# Load the Celery app with Django, so @shared_task uses it and tasks queue through its broker.
from .celery import app as celery_app

__all__ = ("celery_app",)
