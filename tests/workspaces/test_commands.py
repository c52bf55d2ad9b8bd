from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from workspaces.models import ApiKey, Membership, Role


def test_create_workspace_command(world):
    out = StringIO()
    call_command("create_workspace", "stark", "--name", "Stark Industries", "--owner", "tony@stark.test", stdout=out)
    assert "Created Stark Industries at http://stark.localhost:8000/" in out.getvalue()
    assert Membership.objects.get(workspace__slug="stark").role == Role.OWNER


def test_create_workspace_command_explains_a_bad_slug(world):
    with pytest.raises(CommandError, match="reserved"):
        call_command("create_workspace", "www", "--name", "W", "--owner", "w@w.test", stdout=StringIO())


def test_create_api_key_prints_a_working_key_last(world):
    out = StringIO()
    call_command("create_api_key", "acme", "--role", "pm", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert ApiKey.objects.get(prefix=key[:12]).role == Role.PM
    response = APIClient(HTTP_HOST="acme.localhost", HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/workspace/")
    assert response.json()["role"] == "pm"


def test_create_api_key_for_an_unknown_workspace_fails_clearly(world):
    with pytest.raises(CommandError, match="No workspace"):
        call_command("create_api_key", "nope", stdout=StringIO())
