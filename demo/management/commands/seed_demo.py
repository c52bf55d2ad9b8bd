from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django_tenants.utils import schema_context

from demo.globex import seed_globex
from demo.interviews import seed_bookings, seed_interviews
from demo.programme import seed_programme
from demo.recruitment import seed_recruitment
from demo.roadmap import seed_roadmap
from demo.studies import seed_studies
from demo.synthesis import seed_summaries, seed_synthesis
from workspaces.models import Membership, Role, User, Workspace
from workspaces.portfolio.services import summary_recompute
from workspaces.services import public_workspace_ensure, workspace_create

PASSWORD = "parley-demo"
WORKSPACES = [("acme", "Acme Corp"), ("globex", "Globex")]
PEOPLE = [
    ("demo@parley.test", "Dana", "Demo", [("acme", Role.OWNER), ("globex", Role.OWNER)]),
    ("researcher@parley.test", "Rhea", "Researcher", [("acme", Role.RESEARCHER)]),
    ("pm@parley.test", "Pat", "Manager", [("acme", Role.PM)]),
    ("viewer@parley.test", "Vic", "Viewer", [("acme", Role.VIEWER)]),
]


class Command(BaseCommand):
    help = "Create the demo workspaces and people (idempotent: running it again changes nothing)."

    @transaction.atomic
    def handle(self, **options):
        public_workspace_ensure()
        for email, first, last, _ in PEOPLE:
            user, created = User.objects.get_or_create(email=email, defaults={"first_name": first, "last_name": last})
            if created or not user.has_usable_password():
                user.set_password(PASSWORD)
                user.is_staff = user.is_superuser = email == "demo@parley.test"
                user.save()
        for slug, name in WORKSPACES:
            if not Workspace.objects.filter(slug=slug).exists():
                workspace_create(slug=slug, name=name, owner_email=PEOPLE[0][0])
                self.stdout.write(f"Created workspace {slug}")
        for email, _, _, roles in PEOPLE:
            for slug, role in roles:
                Membership.objects.get_or_create(
                    user=User.objects.get(email=email), workspace=Workspace.objects.get(slug=slug),
                    defaults={"role": role},
                )  # fmt: skip
        demo_owner = User.objects.get(email=PEOPLE[0][0])
        # One schema for the whole block: set the search path once rather than before every one of ~30,000 queries.
        with (
            schema_context(Workspace.objects.get(slug="acme").schema_name),
            override_settings(TENANT_LIMIT_SET_CALLS=True),
        ):
            seed_studies(actor=demo_owner)
            seed_interviews(actor=demo_owner)
            seed_bookings(actor=demo_owner)
            seed_synthesis(actor=demo_owner)  # after the interviews: codes their transcripts
            seed_roadmap(actor=demo_owner)  # after the synthesis demo: links to its insights
            seed_programme(actor=demo_owner)  # the hosts' briefs and a validation round from the insights
            seed_recruitment(actor=demo_owner)  # after the interviews and calls: their incentives are owed
            seed_summaries()  # every interview, round and study with answers, once all are in
            summary_recompute()  # the portfolio shows numbers from the first page, before any worker runs
        # The second client: a small study of its own whose round has stalled (the portfolio flags it).
        with schema_context(Workspace.objects.get(slug="globex").schema_name):
            seed_globex(actor=demo_owner)
            seed_summaries()
            summary_recompute()
        self.stdout.write("Demo data ready.")
