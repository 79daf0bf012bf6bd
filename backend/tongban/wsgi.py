"""WSGI entry for gunicorn: `gunicorn tongban.wsgi:app`."""

from tongban import create_app

app = create_app()
