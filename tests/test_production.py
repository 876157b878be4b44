"""Production settings: a clean deploy check, HTTPS only, and a Content-Security-Policy."""

import os
import re
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from csp.utils import build_policy
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
CSP = "Content-Security-Policy"

pytestmark = pytest.mark.django_db


def production_env(**extra):
    """The environment of a deploy: DEBUG off, a real key, its host name."""
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for their own process only.
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="desk.example.org"
    )
    env.update(extra)
    return env


def _run(args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _setting(names, **env):
    code = (
        "from django.conf import settings as s; print(" + ", ".join(f"s.{n}" for n in names) + ")"
    )
    result = _run(
        ["-c", code], production_env(DJANGO_SETTINGS_MODULE="coverage_site.settings", **env)
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_deploy_check_is_clean_with_production_settings():
    """`check --deploy` with DEBUG off raises nothing, not even a warning (HSTS, SSL redirect)."""
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_settings_send_every_request_to_https_with_hsts_and_secure_cookies():
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    assert _setting(names) == "True 31536000 True True True"


def test_a_tls_terminating_proxy_is_configured_from_the_environment():
    """Behind a proxy the request is secure when the proxy says so, and the client's address
    is the one the outermost trusted proxy saw."""
    names = ["SECURE_PROXY_SSL_HEADER", "REST_FRAMEWORK['NUM_PROXIES']"]
    configured = _setting(
        names, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https", TRUSTED_PROXY_COUNT="1"
    )
    assert configured == "('HTTP_X_FORWARDED_PROTO', 'https') 1"
    # Without them, no header is believed: a client cannot pick its scheme or its address.
    assert _setting(names) == "None 0"


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_plain_http_is_redirected_to_https(client, article, https_only):
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].startswith("https://")


def test_a_request_the_proxy_marks_https_is_served_with_hsts(client, article, https_only):
    response = client.get(article.get_absolute_url(), headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == HTTPStatus.OK
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db(databases="__all__")  # it asks every database
def test_the_health_check_answers_over_plain_http(client, https_only):
    """Load balancers probe over plain HTTP, inside the network."""
    assert client.get("/healthz").status_code == HTTPStatus.OK


def _policy(response):
    header = response[CSP]
    return dict((part.split()[0], part.split()[1:]) for part in header.split(";") if part.strip())


def test_the_story_page_has_a_policy_that_runs_no_inline_script(client, article):
    response = client.get(article.get_absolute_url())
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no nonce: the page runs no script
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_the_story_pages_policy_is_the_same_on_every_request(client, article):
    """No per-request nonce on a reader's page, so a cache can store it with its header."""
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first[CSP] == second[CSP]
    assert "nonce-" not in first.content.decode()


def test_the_admin_has_the_policy(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == HTTPStatus.OK
    assert _policy(response)["script-src"] == ["'self'"]


def test_the_story_form_allows_only_the_body_editors_import_map_inline(admin_client, article):
    """The rich-text editor's import map is the page's one inline script: it carries the
    nonce of the header, and nothing else inline does."""
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == HTTPStatus.OK
    script_src = _policy(response)["script-src"]
    assert script_src[0] == "'self'"
    nonce = re.fullmatch(r"'nonce-(.+)'", script_src[1]).group(1)
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all(f'nonce="{nonce}"' in attrs or "json" in attrs for attrs in inline), inline


def test_the_api_docs_inline_script_carries_the_nonce_of_the_header(client):
    response = client.get("/api/docs/")
    assert response.status_code == HTTPStatus.OK
    script_src = _policy(response)["script-src"]
    assert script_src[0] == "'self'"
    nonce = re.fullmatch(r"'nonce-(.+)'", script_src[1]).group(1)
    html = response.content.decode()
    assert f'<script nonce="{nonce}">' in html
    # Every inline script on the page has it; the others are files of our own.
    assert html.count("<script>") == 0
    assert client.get("/api/docs/")[CSP] != response[CSP]  # a fresh nonce each time


def test_the_api_has_the_policy(client, article):
    assert _policy(client.get("/api/v1/articles/"))["default-src"] == ["'self'"]


def test_the_header_is_django_csps_policy_for_the_settings(client, article, settings):
    """Built once, not per response, but always what django-csp builds from the settings."""
    assert client.get(article.get_absolute_url())[CSP] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get(article.get_absolute_url())[CSP] == "default-src 'none'"
