"""Signing out on any host signs the person out on every host."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from workspaces.handoff.services import sign_out_everywhere


@receiver(user_logged_out, dispatch_uid="workspaces.sign_out_everywhere")
def _sign_out_everywhere(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        sign_out_everywhere(user=user)
