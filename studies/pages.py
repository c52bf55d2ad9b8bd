"""What the staff pages of every app share: a 404 for what the workspace does not hold, and a service's errors
put back on the form."""

from django.core.exceptions import ValidationError
from django.http import Http404


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def or_404(obj):
    if obj is None:
        raise Http404
    return obj
