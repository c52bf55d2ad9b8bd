"""`/api/v1/studies/{id}/qdpx/`: a study as a REFI-QDA project (GET, members) and a project imported into it (POST,
owners and researchers)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.models import Round, Study
from synthesis.qdpx.reader import MAX_BYTES
from synthesis.qdpx.selectors import study_qdpx
from synthesis.qdpx.services import study_import_qdpx
from synthesis.qdpx.views import CONTENT_TYPE, download_name
from workspaces.api import as_drf_error


class ProjectUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A REFI-QDA project (.qdpx) from QualCoder, MAXQDA, NVivo, ATLAS.ti.")
    round = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="A round of this study for the transcripts; left out, a new sync round is added.",
    )  # fmt: skip

    def validate_file(self, upload):
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class ProjectImportedSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk", help_text="The round the transcripts joined.")
    transcripts = serializers.IntegerField()
    utterances = serializers.IntegerField()
    highlights = serializers.IntegerField()
    codes_created = serializers.IntegerField()
    codes_existing = serializers.IntegerField()
    participants_created = serializers.IntegerField(help_text="Cases new here: no email, do-not-contact.")
    participants_matched = serializers.IntegerField(help_text="Cases Parley exported, matched to their participant.")
    skipped_sources = serializers.IntegerField(help_text="Pictures, PDFs, audio and video, which are not imported.")
    dropped_selections = serializers.IntegerField(help_text="Selections covering only a speaker's label.")
    summary = serializers.CharField()


class StudyProjectView(APIView):
    """GET: the study as a .qdpx (transcripts as text sources with their highlights as coded selections, the
    codebook, participants as cases with their attributes as variables, no emails). POST (multipart `file`,
    optional `round`): import a .qdpx into the study; 201 with what was imported, 400 naming the problem with
    nothing saved."""

    parser_classes = [MultiPartParser]

    def _study(self, pk) -> Study:
        study = Study.objects.select_related("owner").filter(pk=pk).first()
        if study is None:
            raise NotFound("No such study in this workspace.")
        return study

    @extend_schema(responses={(200, CONTENT_TYPE): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        study = self._study(pk)
        disposition = content_disposition_header(True, download_name(study))
        return HttpResponse(study_qdpx(study), content_type=CONTENT_TYPE, headers={"Content-Disposition": disposition})

    @extend_schema(request={"multipart/form-data": ProjectUploadSerializer}, responses={201: ProjectImportedSerializer})
    def post(self, request, pk: int):
        study = self._study(pk)
        serializer = ProjectUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = None
        if data["round"] is not None:
            round_ = Round.objects.filter(pk=data["round"], study=study).first()
            if round_ is None:
                return Response({"round": ["No such round in this study."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            actor = request.user if getattr(request.user, "pk", None) else None
            result = study_import_qdpx(study=study, data=data["file"].read(), filename=data["file"].name,
                                       round=round_, actor=actor)  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(ProjectImportedSerializer(result).data, status=status.HTTP_201_CREATED)
