"""Login throttling: repeated wrong passwords lock an account, and an address, out for a
while, at the admin's login form and at the API's token endpoint."""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's password
LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
LIMIT = settings.AXES_FAILURE_LIMIT
NOW = dt.datetime(2025, 9, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def editor():
    return factories.UserFactory(username="editor")  # staff, with PASSWORD


def admin_login(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def token_login(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        TOKEN, {"username": username, "password": password}, content_type="application/json"
    )


def test_five_failures_are_allowed_the_limit():
    assert LIMIT == 5


def test_a_wrong_password_is_answered_with_the_form_again(editor):
    response = admin_login("editor", "wrong")
    assert response.status_code == HTTPStatus.OK
    assert "enter the correct username and password" in response.content.decode()


def test_the_admin_locks_the_account_out_after_repeated_failures(editor):
    """Twenty wrong passwords, then the right one: refused, with the time to wait."""
    answers = [admin_login("editor", f"guess-{n}").status_code for n in range(20)]
    assert answers[: LIMIT - 1] == [HTTPStatus.OK] * (LIMIT - 1)
    assert set(answers[LIMIT - 1 :]) == {HTTPStatus.TOO_MANY_REQUESTS}
    response = admin_login("editor", PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed logins" in response.content.decode()
    assert response["Retry-After"] == str(15 * 60)


def test_the_account_stays_locked_from_another_address(editor):
    for n in range(LIMIT):
        admin_login("editor", f"guess-{n}", address="10.0.0.1")
    assert admin_login("editor", PASSWORD, address="10.9.9.9").status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )


def test_an_address_is_locked_out_after_failures_on_many_accounts(editor):
    """Guessing across accounts from one address locks that address, not everyone."""
    for n in range(LIMIT):
        admin_login(f"someone-{n}", "guess", address="10.0.0.1")
    assert admin_login("editor", PASSWORD, address="10.0.0.1").status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    assert admin_login("editor", PASSWORD, address="10.0.0.2").status_code == HTTPStatus.FOUND


def test_the_lockout_ends_after_the_cool_off(editor):
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(LIMIT):
            admin_login("editor", f"guess-{n}")
        clock.shift(dt.timedelta(minutes=14))
        assert admin_login("editor", PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
        # That refused attempt started the cool-off again.
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert admin_login("editor", PASSWORD).status_code == HTTPStatus.FOUND


def test_a_successful_login_forgets_the_failures_before_it(editor):
    for n in range(LIMIT - 1):
        admin_login("editor", f"guess-{n}")
    assert admin_login("editor", PASSWORD).status_code == HTTPStatus.FOUND
    for n in range(LIMIT - 1):
        assert admin_login("editor", f"again-{n}").status_code == HTTPStatus.OK
    assert admin_login("editor", PASSWORD).status_code == HTTPStatus.FOUND


def test_the_token_endpoint_gives_the_users_token(editor):
    response = token_login("editor", PASSWORD)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"token": Token.objects.get(user=editor).key}


def test_the_token_endpoint_refuses_a_wrong_password(editor):
    response = token_login("editor", "wrong")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_the_token_endpoint_locks_the_account_out_after_repeated_failures(editor):
    answers = [token_login("editor", f"guess-{n}").status_code for n in range(20)]
    assert answers[: LIMIT - 1] == [HTTPStatus.BAD_REQUEST] * (LIMIT - 1)
    assert set(answers[LIMIT - 1 :]) == {HTTPStatus.TOO_MANY_REQUESTS}
    response = token_login("editor", PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Too many failed logins")
    assert response["Retry-After"] == str(15 * 60)
    assert not Token.objects.filter(user=editor).exists()


def test_failures_at_the_admin_and_the_api_count_together(editor):
    for n in range(LIMIT - 1):
        admin_login("editor", f"guess-{n}")
    assert token_login("editor", "guess").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert admin_login("editor", PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_behind_a_trusted_proxy_the_clients_own_address_is_locked_out(editor, settings):
    """The proxy's address is everyone's: the lockout goes by the address it forwards."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.254"
    for n in range(LIMIT):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").post(
            LOGIN, {"username": f"someone-{n}", "password": "guess"}
        )
    elsewhere = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9").post(
        LOGIN, {"username": "editor", "password": PASSWORD, "next": "/admin/"}
    )
    assert elsewhere.status_code == HTTPStatus.FOUND


def test_the_test_clients_login_still_works(editor):
    """A login with no request (the shell, the test client) has no client to throttle."""
    assert Client().login(username="editor", password=PASSWORD)
