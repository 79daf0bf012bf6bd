"""The yardstick: a bare Flask app with one endpoint returning a small constant JSON.

Run under the same gunicorn settings as the real app, it shows what Flask + gunicorn + the client
cost on this machine, so the catalogue search can be judged relative to it (bench/run.py).
"""

from flask import Flask

app = Flask(__name__)
PAYLOAD = {"status": "ok", "items": [], "page": 1, "per_page": 20, "total": 0, "pages": 0}


@app.get("/bare")
def bare() -> dict[str, object]:
    """A constant small JSON answer."""
    return PAYLOAD
