"""A cached search answer is dropped as soon as the catalogue changes."""

from tongban.catalogue import schemas, service
from tongban.extensions import db


def test_a_new_matter_is_found_right_after_a_cached_miss(client, ctx):
    name = "缓存校验专用事项"
    assert client.get("/api/v1/matters", query_string={"q": name}).get_json()["total"] == 0
    assert client.get("/api/v1/matters", query_string={"q": name}).get_json()["total"] == 0  # now cached
    service.upsert_matter(schemas.MatterInput().load({
        "code": "T-CACHE-1", "name": name, "department": "341200-GA", "audience": ["person"], "modes": ["online"],
        "time_limit_days": 1}))
    db.session.commit()
    assert [m["code"] for m in client.get("/api/v1/matters", query_string={"q": name}).get_json()["items"]] == [
        "T-CACHE-1"]
