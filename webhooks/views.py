"""Settings > Webhooks (owners only): endpoints, their secrets, a test button and the delivery log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from webhooks import selectors, services
from webhooks.forms import EndpointForm
from webhooks.models import WebhookEndpoint
from workspaces.access import MANAGE_WORKSPACE, require_role


def _endpoint_for_owner(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint of this workspace, for an owner: outsiders get 404 (middleware), other members 403."""
    require_role(request, MANAGE_WORKSPACE)
    endpoint = selectors.endpoint_get(endpoint_id)
    if endpoint is None:
        raise Http404
    return endpoint


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def endpoint_list(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Endpoint added. Copy its signing secret below, then send a test.")
            return redirect("webhooks:detail", endpoint.pk)
    context = {"endpoints": selectors.endpoints_list(), "form": form}
    return render(request, "webhooks/list.html", context, status=400 if form.errors else 200)


def endpoint_detail(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_for_owner(request, endpoint_id)
    if request.method == "POST":
        form = EndpointForm(request.POST)
        if form.is_valid():
            try:
                services.endpoint_update(endpoint=endpoint, **form.cleaned_data, actor=request.user)
            except ValidationError as error:
                _add_errors(form, error)
                endpoint.refresh_from_db()
            else:
                messages.success(request, "Saved.")
                return redirect("webhooks:detail", endpoint.pk)
    else:
        form = EndpointForm(initial={f: getattr(endpoint, f) for f in ("url", "description", "events", "active")})
    context = {
        "endpoint": endpoint,
        "form": form,
        "deliveries": selectors.endpoint_deliveries(endpoint)[: selectors.DELIVERY_LOG_SIZE],
    }
    template = "webhooks/detail.html#deliveries" if request.htmx else "webhooks/detail.html"
    return render(request, template, context, status=400 if form.errors else 200)


@require_POST
def endpoint_test(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_for_owner(request, endpoint_id)
    services.webhook_send_test(endpoint=endpoint)
    if request.htmx:
        deliveries = selectors.endpoint_deliveries(endpoint)[: selectors.DELIVERY_LOG_SIZE]
        return render(request, "webhooks/detail.html#deliveries", {"endpoint": endpoint, "deliveries": deliveries})
    messages.success(request, "Test event queued: it appears in the log below within seconds.")
    return redirect("webhooks:detail", endpoint.pk)


@require_POST
def endpoint_rotate_secret(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_for_owner(request, endpoint_id)
    services.endpoint_rotate_secret(endpoint=endpoint, actor=request.user)
    messages.success(request, "New secret in place. Deliveries from now on are signed with it.")
    return redirect("webhooks:detail", endpoint.pk)


@require_POST
def endpoint_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_for_owner(request, endpoint_id)
    services.endpoint_delete(endpoint=endpoint, actor=request.user)
    messages.success(request, f"Deleted the endpoint {endpoint.url} and its delivery log.")
    return redirect("webhooks:list")
