"""`/api/v1/audit-log/`: the audit log, read-only and for owners (keys with the owner role) only."""

from rest_framework import exceptions, serializers, viewsets

from studies.audit.selectors import audit_entries
from studies.models import AuditEntry
from workspaces.access import MANAGE_WORKSPACE
from workspaces.permissions import api_role


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor_label", "action", "object_type", "object_id", "object_repr", "detail"]


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Staff actions on participant data and settings, newest first; `?action=participant.erased` filters."""

    serializer_class = AuditEntrySerializer
    queryset = AuditEntry.objects.none()

    def get_queryset(self):
        if api_role(self.request) not in MANAGE_WORKSPACE:
            raise exceptions.PermissionDenied("The audit log is for the workspace's owners.")
        return audit_entries(action=self.request.query_params.get("action", ""))
