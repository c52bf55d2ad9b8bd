"""The study page's .qdpx buttons, the import page and `/api/v1/studies/{id}/qdpx/`: who may export and import,
outsiders get 404, refused files save nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context

from interviews.models import Transcript
from synthesis.models import Highlight
from tests.studies.factories import RoundFactory, StudyFactory
from tests.synthesis.qdpx.projects import coded_study, read
from tests.synthesis.qdpx.test_projects import qualcoder


def in_acme(world, make):
    with schema_context(world.acme.schema_name):
        return make()


def counts(world) -> tuple[int, int]:
    return in_acme(world, lambda: (Transcript.objects.count(), Highlight.objects.count()))


def upload(data: bytes, name: str = "thesis.qdpx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def test_study_page_offers_export_to_members_and_import_to_writers(client_for, world):
    study = in_acme(world, StudyFactory)
    detail = reverse("studies:detail", args=[study.pk])
    html = client_for(world.researcher).get(detail).content.decode()
    assert reverse("qdpx:export", args=[study.pk]) in html and reverse("qdpx:import", args=[study.pk]) in html
    html = client_for(world.viewer).get(detail).content.decode()
    assert reverse("qdpx:export", args=[study.pk]) in html and reverse("qdpx:import", args=[study.pk]) not in html


def test_any_member_downloads_the_studys_project(client_for, world):
    study = in_acme(world, coded_study)
    response = client_for(world.viewer).get(reverse("qdpx:export", args=[study.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="churn-deep-dives-{study.pk}.qdpx"'
    assert [name for name, *_ in read(response.content)["sources"]] == ["Call with Priya", "Async interview"]


def test_researcher_imports_a_project_on_the_page(client_for, world):
    study = in_acme(world, StudyFactory)
    round_ = in_acme(world, lambda: RoundFactory(study=study, kind="sync", purpose="Calls"))
    client = client_for(world.researcher)
    page = client.get(reverse("qdpx:import", args=[study.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in html and '<label for="id_file">' in html
    assert f'<option value="{round_.pk}">Round {round_.order}: Calls (Sync)</option>' in html
    response = client.post(reverse("qdpx:import", args=[study.pk]), {"file": upload(qualcoder(0, 4))})
    assert response.status_code == 302 and response["Location"] == reverse("studies:detail", args=[study.pk])
    html = client.get(response["Location"]).content.decode()
    assert re.search(r"Imported 1 transcript into round \d+ \(4 utterances, 1 highlight\); codes: 2 new", html)
    assert in_acme(world, lambda: Transcript.objects.filter(round__study=study).count()) == 1


def test_a_bad_file_on_the_page_says_why_and_saves_nothing(client_for, world):
    study = in_acme(world, StudyFactory)
    before = counts(world)
    client = client_for(world.owner)
    response = client.post(reverse("qdpx:import", args=[study.pk]), {"file": upload(b"not a zip")})
    html = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported." in html and "is not a .qdpx file" in html
    missing = client.post(reverse("qdpx:import", args=[study.pk]), {})
    assert missing.status_code == 400 and "Choose the .qdpx file to import." in missing.content.decode()
    assert counts(world) == before


@pytest.mark.parametrize("role", ["pm", "viewer"])
def test_read_only_members_cannot_import(client_for, world, role):
    study = in_acme(world, StudyFactory)
    before = counts(world)
    client = client_for(getattr(world, role))
    assert client.get(reverse("qdpx:import", args=[study.pk])).status_code == 403
    assert client.post(reverse("qdpx:import", args=[study.pk]), {"file": upload(qualcoder(0, 4))}).status_code == 403
    assert counts(world) == before


def test_outsider_gets_404_on_both_pages(client_for, world):
    study = in_acme(world, coded_study)
    before = counts(world)
    client = client_for(world.outsider)
    assert client.get(reverse("qdpx:export", args=[study.pk])).status_code == 404
    assert client.get(reverse("qdpx:import", args=[study.pk])).status_code == 404
    assert client.post(reverse("qdpx:import", args=[study.pk]), {"file": upload(qualcoder(0, 4))}).status_code == 404
    assert client_for(world.owner).get(reverse("qdpx:export", args=[study.pk + 999])).status_code == 404
    assert counts(world) == before


# --- API -----------------------------------------------------------------------------------------------------------


def api_url(study) -> str:
    return f"/api/v1/studies/{study.pk}/qdpx/"


def test_api_exports_and_imports(api_for, world):
    study = in_acme(world, coded_study)
    exported = api_for(role="viewer").get(api_url(study))
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    target = in_acme(world, StudyFactory)
    response = api_for(role="researcher").post(api_url(target), {"file": upload(exported.content)}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["transcripts"], body["highlights"], body["participants_matched"]) == (2, 4, 2)
    assert read(api_for(role="viewer").get(api_url(target)).content) == read(exported.content)


def test_api_refuses_bad_files_and_foreign_rounds_with_400(api_for, world):
    study = in_acme(world, StudyFactory)
    other_round = in_acme(world, RoundFactory)
    before = counts(world)
    api = api_for(role="owner")
    bad = api.post(api_url(study), {"file": upload(b"PK\x03\x04 broken")}, format="multipart")
    assert bad.status_code == 400 and bad.json()["file"][0].startswith("The .qdpx archive is damaged")
    foreign = api.post(api_url(study), {"file": upload(qualcoder(0, 4)), "round": other_round.pk}, format="multipart")
    assert foreign.status_code == 400 and foreign.json() == {"round": ["No such round in this study."]}
    assert counts(world) == before


@pytest.mark.parametrize("role", ["pm", "viewer"])
def test_api_read_only_roles_cannot_import(api_for, world, role):
    study = in_acme(world, StudyFactory)
    before = counts(world)
    assert (
        api_for(role=role).post(api_url(study), {"file": upload(qualcoder(0, 4))}, format="multipart").status_code
        == 403
    )
    assert counts(world) == before


def test_api_outsiders_get_404(api_for, world):
    study = in_acme(world, coded_study)
    before = counts(world)
    assert api_for(user=world.outsider).get(api_url(study)).status_code == 404
    assert api_for(role="owner", workspace=world.globex).get(api_url(study)).status_code == 404
    posted = api_for(role="owner", workspace=world.globex).post(api_url(study), {"file": upload(qualcoder(0, 4))},
                                                                 format="multipart")  # fmt: skip
    assert posted.status_code == 404
    assert api_for(role="owner").get(f"/api/v1/studies/{study.pk + 999}/qdpx/").status_code == 404
    assert counts(world) == before
