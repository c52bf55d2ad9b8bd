from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError

from outbox.services import email_queue
from workspaces import throttle
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


class InvitationAcceptForm(forms.Form):
    """A new member's account, made as they accept an invitation (the email address is the invitation's)."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name", required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not only digits, not a common password.",
    )
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), label="Password again"
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ApiKeyCreateForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses this key, e.g. “Product events”.")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.RESEARCHER)


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, saying so when sign-in is paused (the same words whether or not the account exists)."""

    def clean(self):
        if throttle.signin_locked(self.request, self.cleaned_data.get("username")):
            raise ValidationError(throttle.SIGNIN_LOCKED, code="locked")
        return super().clean()


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, with the email going through the outbox like every other email. Requests past the
    throttle send nothing and show the same "check your email" page, so it never tells whether an account exists."""

    def save(self, *args, request=None, **kwargs):
        if throttle.reset_allowed(request, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        context = {**context, "user": context["user"].email}
        email_queue(template="password-reset", to=to_email, context=context)
