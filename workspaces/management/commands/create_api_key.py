from django.core.management.base import BaseCommand, CommandError

from workspaces.models import Role, Workspace
from workspaces.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for a workspace. The key is printed once, as the last line."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--role", choices=Role.values, default=Role.RESEARCHER)
        parser.add_argument("--name", default="Command line")

    def handle(self, slug, role, name, **options):
        workspace = Workspace.objects.filter(slug=slug).exclude(schema_name="public").first()
        if workspace is None:
            raise CommandError(f"No workspace with the slug {slug!r}.")
        api_key, secret = api_key_create(workspace=workspace, name=name, role=role, actor=None)
        self.stdout.write(f"Created {role} key {api_key.prefix}… for {workspace.name}. It is shown only now:")
        self.stdout.write(secret)
