"""How people and keys prove who they are: passwords (throttled), and `Authorization: Bearer <key>` for the API.
A key works only on the host of its own workspace."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from workspaces.models import API_KEY_PREFIX, ApiKey, hash_api_key
from workspaces.services import api_key_touch
from workspaces.throttle import signin_failed, signin_locked


class ThrottledModelBackend(ModelBackend):
    """Django's password check, paused for an account or a client address after too many failures (every sign-in
    form goes through it, the admin's too). While paused even the right password is refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:  # a password checked outside a request (tests, shell) is nobody's guess
            return super().authenticate(request, username, password, **kwargs)
        email = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if signin_locked(request, email):
            raise PermissionDenied  # stops every backend: the sign-in fails without checking the password
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            signin_failed(request, email)
        return user


class ApiKeyUser(AnonymousUser):
    """The principal of a request made with an API key: authenticated, but not a person."""

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key

    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def __str__(self):
        return f"API key {self.api_key.prefix}…"


class ApiKeyAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the key as `Authorization: Bearer <key>`.")
        key = parts[1].decode("latin-1")
        if not key.startswith(f"{API_KEY_PREFIX}_"):
            raise exceptions.AuthenticationFailed("Malformed API key.")
        api_key = ApiKey.objects.select_related("workspace").filter(key_hash=hash_api_key(key)).first()
        if api_key is None or not api_key.is_active:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        if api_key.workspace_id != getattr(request._request.tenant, "pk", None):
            # Valid elsewhere: this workspace does not exist for that key.
            raise exceptions.NotFound()
        api_key_touch(api_key)
        return ApiKeyUser(api_key), api_key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
