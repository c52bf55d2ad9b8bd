"""What every operation of the API can answer besides its own success, added to the OpenAPI document in one place
(drf-spectacular postprocessing), so the document and the server agree (tests/test_api_contract.py).

400: the request was refused, with the reasons by field (`{"field": ["message"]}`) or overall (`{"detail": ...}`).
401: no credentials or an unknown key. 403: the key's or member's role may not do this. 404: nothing there, or not in
this workspace (also a page number past the end of a list). An operation that documents its own answer for one of
these codes keeps it.
"""

ERROR = {
    "type": "object",
    "description": "Why the request failed.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Why the request was refused: messages by field name, or `detail` for the request as a whole.",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}
ANSWERS = {
    "400": ("The request was refused; nothing was changed.", "ValidationError"),
    "401": ("No credentials, or an unknown, malformed or revoked key.", "Error"),
    "403": ("This role may not do that.", "Error"),
    "404": ("Not found, or not in this workspace.", "Error"),
}
METHODS = ("get", "put", "post", "patch", "delete")


def _decimals_take_numbers(schema) -> None:
    """A writable decimal is answered as an exact string and taken as a string or a JSON number (json_types)."""
    if isinstance(schema, dict):
        for name, prop in list(schema.get("properties", {}).items()):
            if prop.get("format") == "decimal" and prop.get("type") == "string" and not prop.get("readOnly"):
                number = {"type": "number", **{k: prop[k] for k in ("minimum", "maximum") if k in prop}}
                text = {k: v for k, v in prop.items() if k not in ("description", "nullable")}
                kept = {k: prop[k] for k in ("description", "nullable") if k in prop}
                schema["properties"][name] = {"oneOf": [text, number], **kept}


def document_error_answers(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for schema in components.values():
        _decimals_take_numbers(schema)
    components.setdefault("Error", ERROR)
    components.setdefault("ValidationError", VALIDATION_ERROR)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, (description, name) in ANSWERS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    },
                )
    return result
