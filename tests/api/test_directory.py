def test_regions_come_from_the_reference_data(client):
    items = client.get("/api/v1/regions").get_json()["items"]
    codes = {r["code"]: r for r in items}
    assert codes["341200"]["name"] == "阜阳市" and codes["341221"]["parent_code"] == "341200"
    assert {r["role"] for r in items} >= {"home-city", "home", "partner", "yrd"}


def test_centres_have_windows_including_the_kstb_window(client):
    centres = client.get("/api/v1/centres").get_json()["items"]
    assert {c["level"] for c in centres} == {"city", "county", "town"}
    city = next(c for c in centres if c["level"] == "city")
    assert any(w["kind"] == "kstb" for w in city["windows"]) and city["demo"] is True


def test_filters_by_region(client):
    centres = client.get("/api/v1/centres?region=341221").get_json()["items"]
    assert centres and all(c["region_code"] == "341221" for c in centres)
    points = client.get("/api/v1/agency-points").get_json()["items"]
    assert {p["kind"] for p in points} <= {"village", "park"} and points
    assert client.get("/api/v1/departments?region=341200").get_json()["items"]


def test_loading_the_demo_data_again_changes_nothing(ctx):
    from tongban.catalogue import cache
    from tongban.demo import loader

    before = cache.generation()
    assert loader.load_all() == {"unchanged": 1}
    cache.clear()
    assert cache.generation() == before
