import pytest

from tests.yport.test_settings import run_django


def test_healthz_answers_ok_without_database(client):
    # No django_db mark: any database access here fails the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_with_database_answers_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_with_unreachable_database_answers_503():
    result = run_django(
        "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, r.content.decode())",
        DATABASE_URL="sqlite:////nonexistent-directory/yport.sqlite3",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 database unavailable"


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
