"""`/api/v1/tags/`: the codebook. Members read and export; owners and researchers create, change, merge, delete."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from synthesis.codebook import services as codebook
from synthesis.codebook.refiqda import MAX_BYTES
from synthesis.codebook.services import EXPORT_FORMATS, NAME_MAX_LENGTH, Codebook, codebook_tree
from synthesis.models import Tag
from workspaces.api import as_drf_error


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class TagSerializer(serializers.Serializer):
    """A tag as the tree knows it (a `TagNode`): with its path and highlight count."""

    id = serializers.IntegerField(source="tag.pk", read_only=True)
    name = serializers.CharField(source="tag.name")
    parent = serializers.IntegerField(source="tag.parent_id", allow_null=True)
    path = serializers.CharField(help_text='From the top, levels separated by " > ".')
    description = serializers.CharField(source="tag.description")
    colour = serializers.CharField(source="tag.colour")
    guid = serializers.UUIDField(source="tag.guid", allow_null=True, help_text="Its GUID in the QDA tool it came from.")
    is_codable = serializers.BooleanField(
        source="tag.is_codable", help_text="False for a grouping code from a QDA tool (a category, a folder)."
    )
    highlight_count = serializers.IntegerField(help_text="Highlights carrying this tag (not counting sub-tags).")
    created_at = serializers.DateTimeField(source="tag.created_at")


class TagWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Tag.objects.all(), allow_null=True, required=False, help_text="Changing it moves the tag."
    )
    description = serializers.CharField(required=False, allow_blank=True)
    colour = serializers.CharField(required=False, max_length=7, help_text="Like #3452c7.")


class MergeSerializer(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(queryset=Tag.objects.all(), help_text="The tag that remains.")


class CodebookImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A REFI-QDA codebook (.qdc) or a CSV with path, description, colour.")

    def validate_file(self, upload):
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class CodebookImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    total = serializers.IntegerField()
    summary = serializers.CharField()


class _FileRenderer(renderers.BaseRenderer):
    """Lets `?format=qdc|csv` through content negotiation; the export answers with the file itself."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else renderers.JSONRenderer().render(data)


class QdcRenderer(_FileRenderer):
    media_type, format = EXPORT_FORMATS["qdc"], "qdc"


class CsvRenderer(_FileRenderer):
    media_type, format = EXPORT_FORMATS["csv"], "csv"


class TagViewSet(viewsets.GenericViewSet):
    """The codebook's tags, parents before children; `?parent=<id>` lists one tag's sub-tags, `?parent=none` the
    top level. Deleting a tag in use answers 409 unless `?reassign_to=<id>` names where its highlights and sub-tags
    go."""

    serializer_class = TagSerializer
    queryset = Tag.objects.none()  # typed path parameter for the schema; lookups go through the tree
    lookup_value_regex = r"\d+"

    def _tree_node(self, tree: Codebook | None = None, pk=None):
        tree = tree or codebook_tree()
        node = tree.by_id.get(int(pk if pk is not None else self.kwargs["pk"]))
        if node is None:
            raise NotFound("No such tag in this workspace.")
        return node

    def _tag(self) -> Tag:
        tag = Tag.objects.filter(pk=self.kwargs["pk"]).first()
        if tag is None:
            raise NotFound("No such tag in this workspace.")
        return tag

    @extend_schema(
        parameters=[OpenApiParameter("parent", OpenApiTypes.STR, description="A tag id, or `none` for the top level.")]
    )
    def list(self, request):
        nodes = codebook_tree().nodes
        parent = request.query_params.get("parent")
        if parent == "none":
            nodes = [node for node in nodes if node.tag.parent_id is None]
        elif parent:
            nodes = [node for node in nodes if str(node.tag.parent_id) == parent]
        page = self.paginate_queryset(nodes)
        return self.get_paginated_response(TagSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(TagSerializer(self._tree_node()).data)

    @extend_schema(request=TagWriteSerializer, responses={201: TagSerializer})
    def create(self, request):
        serializer = TagWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            tag = codebook.tag_create(actor=_actor(request), **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(TagSerializer(self._tree_node(pk=tag.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TagWriteSerializer, responses=TagSerializer)
    def update(self, request, pk=None, partial=False):
        """Rename, describe, recolour; a different `parent` moves the tag (null: to the top level; left out: it
        stays). A refused move undoes the rename of the same request."""
        tag = self._tag()
        serializer = TagWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent = data.pop("parent", tag.parent)
        try:
            with transaction.atomic():
                if data:
                    tag = codebook.tag_update(tag=tag, actor=_actor(request), **data)
                if (parent.pk if parent else None) != tag.parent_id:
                    tag = codebook.tag_move(tag=tag, parent=parent, actor=_actor(request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(TagSerializer(self._tree_node(pk=tag.pk)).data)

    @extend_schema(request=TagWriteSerializer, responses=TagSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(
        parameters=[OpenApiParameter("reassign_to", OpenApiTypes.INT, description="Where highlights and sub-tags go.")],
        responses={204: None, 400: dict, 409: dict},
    )
    def destroy(self, request, pk=None):
        tag = self._tag()
        reassign = request.query_params.get("reassign_to", "")
        target = Tag.objects.filter(pk=reassign).first() if reassign.isdigit() else None
        if reassign and target is None:
            return Response({"reassign_to": [f"No tag {reassign} in this workspace."]}, status=400)
        try:
            codebook.tag_delete(tag=tag, reassign_to=target, actor=_actor(request))
        except DjangoValidationError as error:
            # Without a destination the tag is refused because it is in use: a conflict, not a bad request.
            body = as_drf_error(error).detail
            return Response(body, status=status.HTTP_409_CONFLICT if target is None else status.HTTP_400_BAD_REQUEST)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=MergeSerializer, responses=TagSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this tag into `into`: its highlights and sub-tags go there, and this tag is deleted."""
        source = self._tag()
        serializer = MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            target = codebook.tag_merge(source=source, target=serializer.validated_data["into"], actor=_actor(request))
        except DjangoValidationError as error:
            detail = as_drf_error(error).detail
            return Response({"into" if key == "target" else key: value for key, value in detail.items()}, status=400)
        return Response(TagSerializer(self._tree_node(pk=target.pk)).data)

    @extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["qdc", "csv"], description="Default qdc.")],
        responses={(200, "application/xml"): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY},
    )
    # JSON first: errors (an unknown `?format=` is a 404 from content negotiation) are JSON, as documented.
    @action(detail=False, methods=["get"], renderer_classes=[renderers.JSONRenderer, QdcRenderer, CsvRenderer])
    def export(self, request):
        """The whole codebook as a REFI-QDA codebook (.qdc) or CSV file."""
        kind = request.accepted_renderer.format if request.query_params.get("format") else "qdc"
        filename = f"{request.tenant.slug}-codebook.{kind}"
        return HttpResponse(
            codebook.codebook_export(kind=kind),
            content_type=f"{EXPORT_FORMATS[kind]}; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )

    @extend_schema(
        request={"multipart/form-data": CodebookImportSerializer}, responses={201: CodebookImportResultSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Add a .qdc or CSV codebook: missing tags are created, existing ones (same parent and name) kept. A bad
        file is refused as a whole with the reason and line."""
        serializer = CodebookImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            result = codebook.codebook_import(data=upload.read(), filename=upload.name, actor=_actor(request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(CodebookImportResultSerializer(result).data, status=status.HTTP_201_CREATED)
