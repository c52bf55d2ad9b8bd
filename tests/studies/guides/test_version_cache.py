"""A guide version is kept in the process once read (versions never change), per workspace: the same id in another
workspace's schema is another version."""

import secrets

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from studies.guides import selectors
from studies.models import GuideVersion
from tests.studies.factories import RoundFactory


def test_a_kept_guide_version_is_read_once_and_is_its_own_workspaces(world):
    pk = 10_000_000 + secrets.randbelow(1_000_000)  # the same id in both schemas, used by no other test
    try:
        for workspace in (world.acme, world.globex):
            with tenant_context(workspace):
                questions = [{"id": 1, "text": f"What does {workspace.name} ask?"}]
                GuideVersion.objects.create(pk=pk, round=RoundFactory(), number=1, questions=questions)
        for workspace in (world.acme, world.globex, world.acme):
            with tenant_context(workspace):
                selectors.guide_version(pk)  # read (first time) or kept
                with CaptureQueriesContext(connection) as queries:
                    version = selectors.guide_version(pk)
                assert version.questions[0]["text"] == f"What does {workspace.name} ask?"
                assert len(queries) == 0
    finally:
        selectors._VERSIONS.clear()  # the rows go with the test's transaction
