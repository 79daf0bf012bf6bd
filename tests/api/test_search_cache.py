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


def test_workers_share_answers_through_redis(database_url):
    """With TONGBAN_REDIS_URL a second worker (an empty local cache) gets the first worker's answer."""
    import os

    import pytest
    import redis
    from tongban import create_app
    from tongban.catalogue import cache

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Redis not running on 127.0.0.1:6379")
    app = create_app({"env": "test", "database_url": database_url, "redis_url": url})
    with app.app_context():
        key = cache.key({"q": "共享缓存", "page": 1})
        cache.put(key, b'{"shared": true}')
        cache.clear()  # another worker: nothing local
        assert cache.get(cache.key({"q": "共享缓存", "page": 1})) == b'{"shared": true}'
        cache.clear()
        redis.Redis.from_url(url).flushdb()


def test_the_fast_path_never_answers_an_invalid_request(client):
    assert client.get("/api/v1/matters?q=户口&per_page=5").status_code == 200
    assert client.get("/api/v1/matters?q=户口&per_page=5").status_code == 200  # from the cache
    assert client.get("/api/v1/matters?q=户口&per_page=500").status_code == 400
    assert client.get("/api/v1/matters?q=户口&per_page=5&scope=moon").status_code == 400
