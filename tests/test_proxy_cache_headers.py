"""What the portal tells nginx's micro-cache: nothing personal is kept, the rest to the end of the second."""

import time

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/sq/abonohu/", "written"])
def test_a_page_with_a_csrf_token_is_private(client, written, page):
    path = written.get_absolute_url() if page == "written" else page
    response = client.get(path)
    assert b"csrfmiddlewaretoken" in response.content
    assert "private" in response["Cache-Control"]
    assert "X-Accel-Expires" not in response


@pytest.mark.django_db
def test_an_answer_that_sets_a_cookie_is_private(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    assert "django_language" in response.cookies
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_public_page_may_be_kept_to_the_end_of_the_second_and_so_may_its_304(client, hearing):
    before = int(time.time())
    response = client.get("/sq/konsultimet/")
    after = int(time.time())
    assert "private" not in response.get("Cache-Control", "")
    assert before <= int(response["X-Accel-Expires"].removeprefix("@")) <= after
    not_modified = client.get("/sq/konsultimet/", headers={"if-none-match": response["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["X-Accel-Expires"].startswith("@")


@pytest.mark.django_db
def test_admin_pages_are_not_offered_to_the_micro_cache(client):
    response = client.get("/sq/admin/login/")
    assert "X-Accel-Expires" not in response
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
