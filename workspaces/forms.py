from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm

from outbox.services import email_queue
from workspaces.models import Role


class WorkspaceCreateForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="The client's name, as your team says it.")
    slug = forms.CharField(
        max_length=40,
        label="Address",
        help_text="Lowercase letters, digits and hyphens: the workspace lives at <slug>.<your Parley host>.",
    )
    owner_email = forms.EmailField(label="Owner's email", help_text="They get an email with a link to sign in.")


class MemberInviteForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.RESEARCHER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ApiKeyCreateForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses this key, e.g. “Product events”.")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.RESEARCHER)


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, with the email going through the outbox like every other email."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        context = {**context, "user": context["user"].email}
        email_queue(template="password-reset", to=to_email, context=context)
