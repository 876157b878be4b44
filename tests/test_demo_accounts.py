"""Development-only demo accounts: printed by `make run`, never created without DEBUG."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_no_demo_account_is_created_when_debug_is_off(settings, capsys):
    """With DEBUG off the command creates nobody and says so."""
    settings.DEBUG = False
    call_command("demo_accounts")
    assert not get_user_model().objects.exists()
    assert "no demo accounts" in capsys.readouterr().out


def test_demo_accounts_sign_in_to_the_admin_in_their_roles(settings, capsys):
    """With DEBUG on, editor and reporter sign in with the printed passwords, in their groups."""
    settings.DEBUG = True
    call_command("demo_accounts", port="8123")
    assert "http://127.0.0.1:8123/admin/" in capsys.readouterr().out
    users = get_user_model().objects
    assert list(users.get(username="editor").groups.values_list("name", flat=True)) == ["Editor"]
    assert list(users.get(username="reporter").groups.values_list("name", flat=True)) == [
        "Reporter"
    ]
    assert users.get(username="admin").is_superuser
    client = Client()
    assert client.login(username="reporter", password="reporter")
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_running_again_adds_no_account_and_keeps_changed_passwords(settings):
    """A second `make run` neither duplicates the accounts nor resets a changed password."""
    settings.DEBUG = True
    call_command("demo_accounts")
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("a-better-password")
    editor.save()

    call_command("demo_accounts")

    assert get_user_model().objects.count() == 3
    assert Client().login(username="editor", password="a-better-password")
