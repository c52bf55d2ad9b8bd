"""JSON values keep their type on the way in. DRF turns a number sent for a text field into text (`"statement": 0`
became the insight "0") and a number sent for a yes/no field into a boolean; the OpenAPI document says string and
boolean, so the API refuses the others with the field's message instead. Decimals are answered as exact strings and
taken as a string or a number, as clients send money (the document says both: config/openapi.py). One place for
every serializer, declared fields and model fields alike: query strings and form fields are always text."""

from rest_framework import fields


def keep_json_types() -> None:
    char_to_internal = fields.CharField.to_internal_value
    boolean_to_internal = fields.BooleanField.to_internal_value

    def text_only(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return char_to_internal(self, data)

    def true_or_false_only(self, data):
        if not isinstance(data, (bool, str)):
            self.fail("invalid")
        return boolean_to_internal(self, data)

    if not getattr(fields.CharField.to_internal_value, "keeps_json_types", False):
        text_only.keeps_json_types = True
        fields.CharField.to_internal_value = text_only
        fields.BooleanField.to_internal_value = true_or_false_only
