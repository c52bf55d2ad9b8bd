from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workspaces.services import public_workspace_ensure, workspace_create


class Command(BaseCommand):
    help = "Create a client workspace (its schema, host and owner). The owner gets an invitation email."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="lowercase letters, digits and hyphens; the workspace's host name")
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner", required=True, help="the owner's email address")

    def handle(self, slug, name, owner, **options):
        public_workspace_ensure()
        try:
            workspace = workspace_create(slug=slug, name=name, owner_email=owner)
        except ValidationError as error:
            messages = (
                [f"{field}: {'; '.join(errs)}" for field, errs in error.message_dict.items()]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CommandError(" ".join(messages)) from None
        self.stdout.write(f"Created {workspace.name} at {workspace.url}")
