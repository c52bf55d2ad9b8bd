"""One place refuses input that no field could store: a NUL byte or text that is not valid Unicode, anywhere in the
path, the query string, a form body or a JSON body (keys and values). PostgreSQL cannot store either (a NUL in a
text column, a lone surrogate in UTF-8), so without this each view that passed one to the database answered 500.

The answer is 400 with a short message that never repeats the input: JSON under /api/, a page elsewhere. An htmx
request keeps its page as it is (the participant's draft stays in the box) and shows the message instead.
"""

import json
import re
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

MESSAGE = (
    "The request contains a character Parley cannot store (a NUL byte, or text that is not valid UTF-8)."
    " Remove it and try again."
)
REASONS = {
    "json-depth": "The JSON body is nested too deeply.",
    "multipart": "The multipart/form-data body cannot be read (its boundary is missing or broken).",
}
_SURROGATE = re.compile("[\ud800-\udfff]")
# Django keeps a path's bytes that are not UTF-8 as "%XX" (XX >= 80) in path_info; the raw path is gone by then.
_BROKEN_IN_PATH = re.compile(r"%[89a-fA-F][0-9a-fA-F]")
_FORM = "application/x-www-form-urlencoded"


class CleanInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = _refusal(request)
        if reason:
            return _refused(request, reason)
        return self.get_response(request)


def _refusal(request: HttpRequest) -> str:
    """Why the request cannot be accepted, or ""."""
    if "\x00" in request.path_info or _BROKEN_IN_PATH.search(request.path_info):
        return "path"
    if not _clean_bytes(_url_decoded(_raw(request.META.get("QUERY_STRING", "")))):
        return "query"
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return ""
    content_type = request.content_type or ""
    if content_type == _FORM:
        return "" if _clean_bytes(_url_decoded(request.body)) else "form"
    if content_type == "multipart/form-data":
        try:
            request.POST  # noqa: B018 - parsing it is the check
        except MultiPartParserError:
            return "multipart"  # no boundary, or a broken one: nothing in it can be read
        fields = [*request.POST.keys(), *request.POST.values(), *(f.name or "" for f in request.FILES.values())]
        return "" if all(_clean_text(value) for value in fields) else "form"
    if content_type == "application/json" or content_type.endswith("+json"):
        return _json_refusal(request.body)
    return ""


def _raw(value: str) -> bytes:
    # WSGI hands over the raw bytes of the path and query decoded as latin-1; anything else is already text.
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _url_decoded(raw: bytes) -> bytes:
    return unquote_to_bytes(raw.replace(b"+", b" "))


def _clean_bytes(raw: bytes) -> bool:
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _clean_text(text: str) -> bool:
    return "\x00" not in text and not _SURROGATE.search(text)


def _json_refusal(body: bytes) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "json"
    try:
        document = json.loads(text) if text.strip() else None
    except ValueError:
        return ""  # not JSON: the API's own parser says so
    except RecursionError:
        return "json-depth"
    pending = [document]
    while pending:  # no recursion: a deeply nested document cannot exhaust the stack here
        item = pending.pop()
        if isinstance(item, str):
            if not _clean_text(item):
                return "json"
        elif isinstance(item, dict):
            if not all(_clean_text(key) for key in item):
                return "json"
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return ""


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    message = REASONS.get(reason, MESSAGE)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    response = render(request, "400.html", {"reason": message}, status=400)
    if request.headers.get("HX-Request"):
        # Leave the page as it is (a refused answer stays in its box) and let parley.js show the message.
        response["HX-Reswap"] = "none"
        response["HX-Trigger"] = json.dumps({"parley:refused": {"message": message}})
    return response
