"""The API and its OpenAPI document agree: schemathesis sends generated requests, valid and invalid, to every
operation under /api/v1/ of a live server, authenticated by an owner's API key, and checks each answer: never a
server error, only documented status codes and content types, every body valid against its documented schema, and
data outside the schema refused.

The live server commits what it is sent, so the run has a workspace of its own ("contract"), seeded with the demo's
studies so that detail views, nested lists and actions meet real objects, not only 404s (the whole demo takes
minutes to seed on a 2-core machine: more than the run itself). Path ids are drawn from that
data half of the time; the other half stay as generated (unknown ids must be a documented 404). Operations come
from the document, so an endpoint added anywhere is in the run without a change here.
"""

import pytest
import requests
import schemathesis
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, Phase, settings

from tests.processes import free_port, process_env, start, stop, wait_for_port
from workspaces.management.commands.api_docs import openapi_schema
from workspaces.models import Role, User
from workspaces.services import api_key_create, workspace_create

pytestmark = pytest.mark.django_db

HOST = "contract.localhost"
# Generated examples per operation (valid and invalid mixed), bounded so that the run fits in `make test`: 128
# operations took 5.5 min with 5 and with 4 on the shared 2-core machine at load 4-5 (~6,600 requests, ~20/s).
MAX_EXAMPLES = 4

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
]


@pytest.fixture(scope="session")
def contract_server(django_db_setup, django_db_blocker, celery_queue):
    """A Parley web server on the test database with the "contract" workspace, its demo data and an owner's key."""
    from demo.studies import seed_studies

    with django_db_blocker.unblock():
        owner = User.objects.create_user(email="owner@contract.test", first_name="Cora", last_name="Contract")
        workspace = workspace_create(slug="contract", name="Contract Co", owner_email=owner.email)
        with schema_context(workspace.schema_name):
            seed_studies(actor=owner)  # studies, rounds, guides and participants, in well under a second
        _, secret = api_key_create(workspace=workspace, name="contract", role=Role.OWNER, actor=None)
    port = free_port()
    # runserver starts a thread per request: persistent connections would pile up to PostgreSQL's limit.
    env = process_env(CELERY_QUEUE=celery_queue, DEBUG="0", SECURE_SSL_REDIRECT="0", DATABASE_CONN_MAX_AGE="0",
                      PARLEY_URL_TEMPLATE=f"http://{{host}}:{port}",
                      PARLEY_RATE_LIMIT_PER_ADDRESS="1000000", PARLEY_RATE_LIMIT_PER_LINK="1000000")  # fmt: skip
    proc = start(["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env, "test-api-contract-web")
    try:
        wait_for_port(port, proc)
        base_url = f"http://127.0.0.1:{port}"
        headers = {"Host": HOST, "Authorization": f"Bearer {secret}"}
        yield base_url, headers, _real_ids(base_url, headers)
    finally:
        stop(proc)


def _real_ids(base_url: str, headers: dict) -> dict[str, int]:
    """An existing object's id for each collection (the first segment after /api/v1/), read through the API."""
    session = requests.Session()

    def first(path: str):
        response = session.get(base_url + path, headers=headers, timeout=30)
        body = response.json() if response.ok else None
        rows = body.get("results", []) if isinstance(body, dict) else body or []
        return rows[0]["id"] if rows else None

    ids = {}
    for segment in openapi_schema()["paths"]:
        name = segment.removeprefix("/api/v1/").split("/")[0]
        if name not in ids and "{" not in name:
            ids[name] = first(f"/api/v1/{name}/")
    if ids.get("rounds"):
        ids["questions"] = first(f"/api/v1/rounds/{ids['rounds']}/questions/")
    if ids.get("roadmap-items"):
        ids["link_id"] = first(f"/api/v1/roadmap-items/{ids['roadmap-items']}/evidence/")
    return {name: pk for name, pk in ids.items() if pk is not None}


schema = schemathesis.openapi.from_dict(openapi_schema())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is reproducible, not luck
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_matches_its_openapi_document(case, contract_server):
    base_url, headers, ids = contract_server
    path_id = case.path_parameters.get("id") if case.path_parameters else None
    if isinstance(path_id, int) and path_id % 2 == 0:
        name = case.path.removeprefix("/api/v1/").split("/")[0]
        case.path_parameters["id"] = ids.get(name, path_id)
        if "link_id" in case.path_parameters and "link_id" in ids:
            case.path_parameters["link_id"] = ids["link_id"]
    case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)
