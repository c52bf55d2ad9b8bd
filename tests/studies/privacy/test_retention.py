"""Retention: off by default; once an owner sets a period, beat's task deletes raw answers and transcripts older
than it in every workspace, keeping highlights' words under a pseudonym when the workspace chooses."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import Message, Session, Transcript, Utterance
from interviews.privacy import PSEUDONYMISED_TITLE
from studies.models import AuditEntry, Governance
from studies.privacy.tasks import apply_retention_all_workspaces
from synthesis.ask.services import question_ask
from synthesis.models import Highlight, Question, Summary
from synthesis.summaries.selectors import Scope
from synthesis.summaries.services import summary_generate
from tests.studies.privacy.people import NAME, participant_with_everything


def _age_zeldas_interviews(everything, days: int) -> None:
    """Zelda's interviews happened `days` ago; Bob's today."""
    then = timezone.now() - timedelta(days=days)
    zelda = everything.zelda
    Transcript.objects.filter(participant=zelda).update(occurred_at=then)
    Session.objects.filter(participant=zelda).update(last_activity_at=then)
    transcript = Transcript.objects.get(participant=zelda)
    Utterance.objects.create(transcript=transcript, order=2, speaker_role="participant", speaker_name=NAME,
                             text="Nobody highlighted this.")  # fmt: skip


def test_retention_is_off_by_default(world):
    with schema_context(world.acme.schema_name):
        everything = participant_with_everything(world)
        _age_zeldas_interviews(everything, days=4000)
        before = (Transcript.objects.count(), Session.objects.count(), Message.objects.count())
    apply_retention_all_workspaces()
    with schema_context(world.acme.schema_name):
        assert (Transcript.objects.count(), Session.objects.count(), Message.objects.count()) == before
        assert not AuditEntry.objects.filter(action="retention.applied").exists()


def test_owner_sets_retention_and_beat_deletes_old_keeping_pseudonymised_highlights(client_for, world):
    saved = client_for(world.owner).post("/participants/rules/", {
        "min_days_between_invitations": 30, "max_interviews_per_90_days": 3,
        "retention_days": 30, "retention_keep_highlights": "on",
    })  # fmt: skip
    assert saved.status_code == 302
    with schema_context(world.acme.schema_name):
        everything = participant_with_everything(world)
        _age_zeldas_interviews(everything, days=31)
        old_highlight = Highlight.objects.get(participant=everything.zelda)
        bob_messages = Message.objects.filter(session__participant=everything.bob).count()
    apply_retention_all_workspaces()
    with schema_context(world.acme.schema_name):
        assert not Session.objects.filter(participant=everything.zelda).exists()
        kept = Transcript.objects.get(pk=old_highlight.transcript_id)
        assert kept.title == PSEUDONYMISED_TITLE and kept.participant is None and kept.session is None
        assert list(kept.utterances.values_list("text", "speaker_name")) == [(old_highlight.text, "")]
        highlight = Highlight.objects.get(pk=old_highlight.pk)
        assert highlight.text == old_highlight.text and highlight.participant is None
        assert highlight.pseudonym.startswith("P-")
        assert everything.insight.highlights.filter(pk=highlight.pk).exists()  # the insight keeps its evidence
        # Bob's interview is new: untouched.
        assert Message.objects.filter(session__participant=everything.bob).count() == bob_messages == 2
        assert Highlight.objects.get(pk=everything.bob_highlight.pk).participant == everything.bob
        entry = AuditEntry.objects.get(action="retention.applied")
        assert entry.actor_label == "system" and entry.detail["sessions"] == 1 and entry.detail["utterances"] == 1
        assert entry.detail["highlights_pseudonymised"] == 1
    insight_page = client_for(world.researcher).get(f"/insights/{everything.insight.pk}/")
    assert insight_page.status_code == 200 and highlight.pseudonym in insight_page.content.decode()
    apply_retention_all_workspaces()  # nothing more to do: nothing more deleted, nothing more recorded
    with schema_context(world.acme.schema_name):
        assert AuditEntry.objects.filter(action="retention.applied").count() == 1
        assert Highlight.objects.get(pk=old_highlight.pk).pseudonym == highlight.pseudonym


def test_without_keeping_highlights_old_transcripts_go_whole(world):
    with schema_context(world.acme.schema_name):
        Governance.objects.create(pk=1, retention_days=30, retention_keep_highlights=False)
        everything = participant_with_everything(world)
        _age_zeldas_interviews(everything, days=31)
        old_highlight = Highlight.objects.get(participant=everything.zelda)
    apply_retention_all_workspaces()
    with schema_context(world.acme.schema_name):
        assert not Highlight.objects.filter(pk=old_highlight.pk).exists()
        assert not Transcript.objects.filter(pk=old_highlight.transcript_id).exists()
        assert Highlight.objects.filter(pk=everything.bob_highlight.pk).exists()
        entry = AuditEntry.objects.get(action="retention.applied")
        assert entry.detail["transcripts"] == 1
        # Her interview's, round's and study's summaries and the question quoting her went with her words.
        assert entry.detail["summaries"] == 3 and entry.detail["questions_asked"] == 1
        assert not Summary.objects.exists() and not Question.objects.exists()


def _cites(*, summary: Summary | None = None, question: Question | None = None) -> set[tuple[str, int]]:
    if question is not None:
        return {(c["kind"], c["id"]) for c in question.citations}
    points = [c for point in summary.content["points"] for c in point["citations"]]
    return {(c["kind"], c["id"]) for c in points + summary.content["quotes"]}


def test_retention_removes_summaries_and_questions_quoting_deleted_answers(world):
    """Kept highlights: copies quoting her unhighlighted (deleted) answer go; those quoting Bob's recent answer, or
    only her highlight kept under a pseudonym, stay. The audit entry counts what went."""
    with schema_context(world.acme.schema_name):
        Governance.objects.create(pk=1, retention_days=30, retention_keep_highlights=True)
        everything = participant_with_everything(world)
        _age_zeldas_interviews(everything, days=31)
        raw = Utterance.objects.get(text="Nobody highlighted this.")
        zelda_summary = summary_generate(scope=Scope(transcript=raw.transcript))
        bob_summary = summary_generate(scope=Scope(transcript=Transcript.objects.get(participant=everything.bob)))
        round_summary = Summary.objects.get(round=raw.transcript.round)  # made before the raw answer existed
        old_question = question_ask(text="What did nobody highlight?", study=None, actor=world.pm)
        recent_question = question_ask(text="Why was it slow?", study=None, actor=world.pm)
        kept_question = Question.objects.get(text="How long did the import take?")
        zelda_highlight = Highlight.objects.get(participant=everything.zelda)
        # The copies cite what the test says they do, so the assertions below can fail.
        assert ("utterance", raw.pk) in _cites(summary=zelda_summary) & _cites(question=old_question)
        assert ("highlight", everything.bob_highlight.pk) in _cites(question=recent_question)
        assert ("highlight", zelda_highlight.pk) in _cites(question=kept_question)
        for copy in (_cites(summary=bob_summary), _cites(question=recent_question), _cites(summary=round_summary)):
            assert ("utterance", raw.pk) not in copy
    apply_retention_all_workspaces()
    with schema_context(world.acme.schema_name):
        assert not Utterance.objects.filter(pk=raw.pk).exists()
        assert not Summary.objects.filter(pk=zelda_summary.pk).exists()
        assert not Question.objects.filter(pk=old_question.pk).exists()
        assert Summary.objects.filter(pk__in=[bob_summary.pk, round_summary.pk]).count() == 2
        assert Question.objects.filter(pk__in=[recent_question.pk, kept_question.pk]).count() == 2
        assert "Nobody highlighted" not in str(list(Summary.objects.values_list("content", flat=True)))
        assert "Nobody highlighted" not in str(list(Question.objects.values_list("citations", "answer", "prompt")))
        detail = AuditEntry.objects.get(action="retention.applied").detail
        assert detail["summaries"] == 1 and detail["questions_asked"] == 1 and detail["utterances"] == 1
    apply_retention_all_workspaces()  # nothing left to remove: no second entry
    with schema_context(world.acme.schema_name):
        assert AuditEntry.objects.filter(action="retention.applied").count() == 1


def test_retention_settings_are_validated_and_owner_only(client_for, world):
    bad = client_for(world.owner).post("/participants/rules/", {
        "min_days_between_invitations": 30, "max_interviews_per_90_days": 3, "retention_days": 0,
    })  # fmt: skip
    assert bad.status_code == 400
    refused = client_for(world.researcher).post("/participants/rules/", {
        "min_days_between_invitations": 30, "max_interviews_per_90_days": 3, "retention_days": 30,
    })  # fmt: skip
    assert refused.status_code == 403
    assert client_for(world.outsider).get("/participants/rules/").status_code == 404
    with schema_context(world.acme.schema_name):
        assert Governance.current().retention_days is None
