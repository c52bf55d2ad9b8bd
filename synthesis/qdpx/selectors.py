"""A study as a REFI-QDA project: its transcripts (calls and async interviews) as text sources with their
highlights as coded selections, the workspace's codebook, and its participants as cases whose attributes are the
variables. Never an email: a participant without a name is "Participant <id>"."""

from django.db import connection
from django.db.models import Prefetch

from interviews.models import Transcript, Utterance
from studies.models import Participant, Study
from synthesis.codebook.refiqda import codes_element, tag_guid
from synthesis.codebook.services import codebook_tree
from synthesis.models import Highlight
from synthesis.qdpx.text import write_source
from synthesis.qdpx.writer import Case, Project, Selection, Source, Variable, guid, project_archive, variable_type


def case_name(participant: Participant) -> str:
    return participant.name.strip() or f"Participant {participant.pk}"


def case_guid(schema_name: str, participant_pk: int) -> str:
    return guid(schema_name, "participant", participant_pk)


def study_project(study: Study) -> Project:
    """The study's project, read in a fixed number of queries whatever its size."""
    schema = connection.schema_name
    tree = codebook_tree()
    tag_guids = {node.tag.pk: tag_guid(schema, node.tag) for node in tree.nodes}
    highlights = Highlight.objects.order_by("start", "end", "pk").prefetch_related("tags")
    transcripts = list(
        Transcript.objects.filter(round__study=study)
        .select_related("participant")
        .prefetch_related(
            Prefetch(
                "utterances",
                queryset=Utterance.objects.order_by("order").only(
                    "pk", "transcript_id", "order", "speaker_name", "speaker_role", "text"
                ),
            ),
            Prefetch("highlights", queryset=highlights),
        )
        .order_by("occurred_at", "pk")
    )
    sources, cases = [], {}
    for transcript in transcripts:
        utterances = list(transcript.utterances.all())
        text, offsets = write_source((u.pk, u.speaker_name, u.speaker_role, u.text) for u in utterances)
        source = Source(guid=guid(schema, "transcript", transcript.pk), name=transcript.title, text=text,
                        created=transcript.occurred_at)  # fmt: skip
        ordered = sorted(transcript.highlights.all(), key=lambda h: (offsets[h.utterance_id] + h.start, h.end, h.pk))
        for highlight in ordered:
            start = offsets[highlight.utterance_id] + highlight.start
            codes = sorted(tag_guids[tag.pk] for tag in highlight.tags.all())
            source.selections.append(Selection(
                guid=guid(schema, "highlight", highlight.pk), start=start, end=start + highlight.end - highlight.start,
                text=highlight.text, code_guids=codes, note=highlight.note,
            ))  # fmt: skip
        sources.append(source)
        participant = transcript.participant
        if participant is not None:
            case = cases.setdefault(participant.pk, Case(
                guid=case_guid(schema, participant.pk), name=case_name(participant),
                values=dict(sorted(participant.attributes.items())), source_guids=[],
            ))  # fmt: skip
            case.source_guids.append(source.guid)
    names = sorted({name for case in cases.values() for name in case.values})
    variables = [
        Variable(guid=guid(schema, "variable", name), name=name,
                 type=variable_type(c.values[name] for c in cases.values() if name in c.values))
        for name in names
    ]  # fmt: skip
    return Project(
        name=study.title, created=study.created_at, user_guid=guid(schema, "user", "parley"),
        codes=codes_element(tree.roots, schema_name=schema), variables=variables,
        cases=sorted(cases.values(), key=lambda c: (c.name.casefold(), c.guid)), sources=sources,
    )  # fmt: skip


def study_qdpx(study: Study) -> bytes:
    return project_archive(study_project(study))
