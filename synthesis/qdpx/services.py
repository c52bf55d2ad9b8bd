"""Importing a REFI-QDA project into a study, all or nothing: its text sources become transcripts of one round (the
one chosen, or a new one), their lines utterances (a "Speaker: " label gives the speaker, whose role is proposed as
for an imported call), coded selections highlights tagged with the codes, the codebook merges into the workspace's
(matched by GUID, then name), and cases become participants with their variables as attributes."""

import bisect
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from interviews.models import Transcript, Utterance
from interviews.transcripts.speakers import Person, Turn, identify_speakers
from studies.models import Participant, Round, RoundKind, Study
from studies.programme.services import round_add
from synthesis.codebook.services import CodeSpec, codebook_import_specs
from synthesis.models import Highlight
from synthesis.qdpx.reader import CaseSpec, ProjectSpec, read_project
from synthesis.qdpx.selectors import case_guid
from synthesis.qdpx.text import read_source
from synthesis.qdpx.writer import GUID_NAMESPACE
from workspaces.models import User

IMPORTED_EMAIL_DOMAIN = "qdpx.invalid"  # reserved: never delivered; imported cases are also do-not-contact


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class ProjectImport:
    round: Round
    transcripts: int
    utterances: int
    highlights: int
    codes_created: int
    codes_existing: int
    participants_created: int
    participants_matched: int
    skipped_sources: int
    dropped_selections: int

    @property
    def summary(self) -> str:
        parts = [
            f"Imported {_plural(self.transcripts, 'transcript')} into round {self.round.order} "
            f"({_plural(self.utterances, 'utterance')}, {_plural(self.highlights, 'highlight')})",
            f"codes: {self.codes_created} new, {self.codes_existing} already there",
            f"participants: {self.participants_created} new, {self.participants_matched} already here",
        ]
        if self.skipped_sources:
            parts.append(f"{self.skipped_sources} picture, PDF or media source(s) skipped")
        if self.dropped_selections:
            parts.append(f"{self.dropped_selections} selection(s) covering only a speaker's label skipped")
        return "; ".join(parts) + "."


def _tag_ids(codes: list[CodeSpec], matched: dict[int, int]) -> dict[str, int]:
    """The file's code identifiers (lower case) -> tag ids."""
    found, pending = {}, list(codes)
    while pending:
        code = pending.pop()
        found[code.ref.lower()] = matched[id(code)]
        pending.extend(code.children)
    return found


def _imported_email(case_ref: str) -> str:
    return f"case-{uuid.uuid5(GUID_NAMESPACE, case_ref)}@{IMPORTED_EMAIL_DOMAIN}"


def _clean_values(values: dict) -> dict:
    return {str(k)[:100]: v for k, v in values.items() if isinstance(v, str | int | float | bool)}


def _participants(cases: list[CaseSpec], wanted: set[str]) -> tuple[dict[str, Participant], int, int]:
    """A participant for each case of an imported source: the one Parley exported it from (by GUID), the one an
    earlier import of the same case made, or a new one (no email: a reserved address, do-not-contact)."""
    ours = {case_guid(connection.schema_name, pk): pk for pk in Participant.objects.values_list("pk", flat=True)}
    cases = [case for case in cases if case.ref in wanted]
    emails = {case.ref: _imported_email(case.ref) for case in cases}
    known = {p.pk: p for p in Participant.objects.filter(pk__in=[ours[c.ref] for c in cases if c.ref in ours])}
    known_emails = {p.email: p for p in Participant.objects.filter(email__in=emails.values())}
    found, created, matched = {}, 0, 0
    for case in cases:
        participant = known.get(ours.get(case.ref)) or known_emails.get(emails[case.ref])
        if participant is None:
            participant = Participant(name=case.name[:200], email=emails[case.ref], do_not_contact=True,
                                      consent_to_contact=False, attributes=_clean_values(case.values))  # fmt: skip
            participant.full_clean()
            participant.save()
            known_emails[participant.email] = participant
            created += 1
        else:
            matched += 1
        found[case.ref] = participant
    return found, created, matched


@transaction.atomic
def study_import_qdpx(*, study: Study, data: bytes, filename: str, round: Round | None = None,
                      actor: User | None) -> ProjectImport:  # fmt: skip
    """Import a .qdpx into `study`. The whole file is read and checked before anything is written; any problem
    raises ValidationError naming it and nothing is saved."""
    project: ProjectSpec = read_project(data)
    if round is not None and round.study_id != study.pk:
        raise ValidationError({"round": "Choose a round of this study."})
    codes = codebook_import_specs(codes=project.codes, actor=actor)
    tag_ids = _tag_ids(project.codes, codes.tag_ids)
    if round is None:
        origin = project.origin or "a QDA tool"
        round = round_add(study=study, kind=RoundKind.SYNC, purpose=f"Imported from {origin} ({filename})"[:200],
                          target_participants=max(1, len(project.sources)), actor=actor)  # fmt: skip
    source_refs = {source.ref for source in project.sources}
    case_of = {}
    for case in project.cases:
        for ref in case.source_refs:
            if ref in source_refs:
                case_of.setdefault(ref, case.ref)
    participants, created, matched = _participants(project.cases, set(case_of.values()))
    hosts = [Person(full_name=study.owner.get_full_name(), email=study.owner.email)] if study.owner else []
    totals = {"utterances": 0, "highlights": 0, "dropped": 0}
    for source in project.sources:
        participant = participants.get(case_of.get(source.ref))
        _import_source(source, round=round, study=study, participant=participant, hosts=hosts, tag_ids=tag_ids,
                       actor=actor, totals=totals)  # fmt: skip
    return ProjectImport(
        round=round, transcripts=len(project.sources), utterances=totals["utterances"],
        highlights=totals["highlights"], codes_created=codes.created, codes_existing=codes.existing,
        participants_created=created, participants_matched=matched, skipped_sources=project.skipped_sources,
        dropped_selections=totals["dropped"],
    )  # fmt: skip


def _import_source(source, *, round, study, participant, hosts, tag_ids, actor, totals) -> Transcript:
    lines = read_source(source.text)
    transcript = Transcript(kind=round.kind, round=round, participant=participant, title=source.name[:200],
                            occurred_at=source.created or timezone.now())  # fmt: skip
    transcript.full_clean()
    transcript.save()
    person = Person(full_name=participant.name) if participant and participant.name else None
    guesses = identify_speakers(
        turns=[Turn(line.speaker, line.text) for line in lines], hosts=hosts, participant=person
    )
    roles = {guess.name: guess.role for guess in guesses}
    utterances = Utterance.objects.bulk_create(
        Utterance(transcript=transcript, order=order, speaker_name=line.speaker[:120], text=line.text,
                  speaker_role=roles.get(line.speaker, "other"))
        for order, line in enumerate(lines, start=1)
    )  # fmt: skip
    starts = [line.start for line in lines]
    highlights, codes = [], []
    for selection in source.selections:
        made = 0
        index = max(0, bisect.bisect_right(starts, selection.start) - 1)
        while index < len(lines) and lines[index].start < selection.end:
            line = lines[index]
            start, end = max(selection.start, line.start) - line.start, min(selection.end, line.end) - line.start
            if end > start:
                highlights.append(Highlight(
                    utterance=utterances[index], start=start, end=end, text=line.text[start:end],
                    transcript=transcript, participant=participant, round=round, study=study, note=selection.note,
                    author=actor,
                ))  # fmt: skip
                codes.append(selection.code_refs)
                made += 1
            index += 1
        totals["dropped"] += not made
    Highlight.objects.bulk_create(highlights, batch_size=1000)
    Highlight.tags.through.objects.bulk_create(
        {(h.pk, tag_ids[ref]): Highlight.tags.through(highlight_id=h.pk, tag_id=tag_ids[ref])
         for h, refs in zip(highlights, codes, strict=True) for ref in refs}.values(),
        batch_size=1000,
    )  # fmt: skip
    totals["utterances"] += len(utterances)
    totals["highlights"] += len(highlights)
    return transcript
