"""Tell drf-spectacular how API keys authenticate, so the OpenAPI document and Swagger UI offer Bearer auth."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "workspaces.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A workspace API key (owners create them under Settings), valid on its workspace's host.",
        }
