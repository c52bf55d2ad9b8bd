import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def acme_schema(world):
    """Run the test body's ORM calls in acme's schema (requests still pick theirs from the host)."""
    with schema_context(world.acme.schema_name):
        yield world.acme
