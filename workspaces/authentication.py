"""`Authorization: Bearer <key>` for the API. A key works only on the host of its own workspace."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from workspaces.models import API_KEY_PREFIX, ApiKey, hash_api_key
from workspaces.services import api_key_touch


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
