"""`/api/v1/workspace/`, `/api/v1/members/` and `/api/v1/member-invitations/`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from workspaces import selectors, services
from workspaces.access import MANAGE_WORKSPACE
from workspaces.models import Invitation, Membership, Role
from workspaces.permissions import api_role


class ReadBackMixin:
    """Create and update answer with the object as the list and detail read it, annotated counts included: the
    instance the serializer saved has no annotations, so its counts would answer null against the document."""

    def create(self, request, *args, **kwargs):
        return self._read_back(super().create(request, *args, **kwargs))

    def update(self, request, *args, **kwargs):
        return self._read_back(super().update(request, *args, **kwargs))

    def _read_back(self, response: Response) -> Response:
        pk = response.data.get("id") if isinstance(response.data, dict) else None
        saved = self.get_queryset().filter(pk=pk).first() if pk is not None else None
        if saved is not None:
            response.data = self.get_serializer(saved).data
        return response


def as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


class WorkspaceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices, help_text="The caller's role in this workspace.")


class WorkspaceView(APIView):
    @extend_schema(responses=WorkspaceSerializer, summary="The current workspace and the caller's role")
    def get(self, request):
        workspace = request._request.tenant
        data = {"slug": workspace.slug, "name": workspace.name, "url": workspace.url, "role": api_role(request)}
        return Response(WorkspaceSerializer(data).data)


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)
    joined = serializers.SerializerMethodField(help_text="Whether they have set a password and can sign in.")

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "joined", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_joined(self, membership) -> bool:
        return membership.user.has_usable_password()


class MemberInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)


class MemberInvitationSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Invitation.Status.choices, read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "created_at", "expires_at"]
        read_only_fields = fields


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class MemberViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Members of this workspace. Owners invite (the person joins when they accept), change roles and remove."""

    serializer_class = MemberSerializer
    queryset = Membership.objects.none()  # typed path parameter for the schema; get_queryset scopes it
    write_roles = MANAGE_WORKSPACE

    def get_queryset(self):
        return selectors.workspace_members(self.request._request.tenant)

    @extend_schema(
        request=MemberInviteSerializer,
        responses={202: MemberInvitationSerializer},
        summary="Invite someone: they become a member when they accept the emailed invitation",
        description="The answer is the same whether or not the address has a Parley account: the invitation says "
        "nothing about it. Inviting an address again renews its open invitation.",
    )
    def create(self, request):
        serializer = MemberInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            invitation = services.member_invite(
                workspace=request._request.tenant,
                email=serializer.validated_data["email"],
                role=serializer.validated_data["role"],
                actor=_actor(request),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(MemberInvitationSerializer(invitation).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=MemberRoleSerializer, responses=MemberSerializer)
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        serializer = MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            membership = services.member_change_role(
                membership=membership, role=serializer.validated_data["role"], actor=_actor(request)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(MemberSerializer(membership).data)

    def perform_destroy(self, membership):
        try:
            services.member_remove(membership=membership, actor=_actor(self.request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None


class InvitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Invitations waiting for an answer (pending, or expired until renewed). Owners withdraw them (DELETE): the
    link stops working. `POST /api/v1/members/` invites."""

    serializer_class = MemberInvitationSerializer
    queryset = Invitation.objects.none()
    write_roles = MANAGE_WORKSPACE

    def get_queryset(self):
        return selectors.workspace_invitations(self.request._request.tenant)

    def perform_destroy(self, invitation):
        services.invitation_revoke(invitation=invitation, actor=_actor(self.request))
