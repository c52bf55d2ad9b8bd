"""The transcript pages: spans that survive re-rendering, htmx and plain forms, inline tags, pain, roles, budgets."""

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.utils.html import escape
from django_tenants.utils import schema_context

from synthesis.coding import services as coding
from synthesis.models import PAIN_RUBRIC, Highlight, Tag
from tests.conftest import GLOBEX_HOST
from tests.queries import reads
from tests.synthesis.coding.test_services import MENU, first_utterance, make_transcript

HTMX = {"HX-Request": "true"}


class Pieces(HTMLParser):
    """The pieces of utterance text on a page, as a browser reads them: (utterance id, data-offset, ids, text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.pieces, self.utterance, self.current = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and "data-utterance" in attrs:
            self.utterance = int(attrs["data-utterance"])
        elif self.utterance and "data-offset" in attrs:
            ids = tuple(int(pk) for pk in (attrs.get("data-highlights") or "").split())
            self.current = [self.utterance, int(attrs["data-offset"]), ids, ""]

    def handle_endtag(self, tag):
        if self.current and tag in ("mark", "span"):
            self.pieces.append(tuple(self.current))
            self.current = None
        elif tag == "p":
            self.utterance = None

    def handle_data(self, data):
        if self.current:
            self.current[3] += data
        elif self.utterance:
            raise AssertionError(f"text outside a piece would shift the offsets: {data!r}")

    def text_of(self, utterance_id: int) -> str:
        return "".join(text for u, _, _, text in self.pieces if u == utterance_id)

    def marked(self, highlight_id: int) -> str:
        return "".join(text for _, _, ids, text in self.pieces if highlight_id in ids)


@pytest.fixture
def coded(world):
    """A sync transcript: MENU with two overlapping highlights, then a second utterance with a carriage return."""
    with schema_context(world.acme.schema_name):
        transcript = make_transcript(MENU, "Ich exportiere\r\njeden Tag.")
        menu = first_utterance(transcript)
        a = coding.highlight_create(utterance=menu, start=4, end=12, actor=world.owner, tags=["Navigation"])
        b = coding.highlight_create(utterance=menu, start=9, end=17, actor=world.owner, pain=4)
        Highlight.objects.filter(pk=b.pk).update(pain_ai=3, pain_ai_reason="Slowness costs time daily.")
    return SimpleNamespace(transcript=transcript, menu=menu, a=a, b=b)


def test_page_renders_each_highlight_exactly_and_overlaps_flat(client_for, world, coded):
    page = client_for(world.viewer).get(f"/transcripts/{coded.transcript.pk}/")
    assert page.status_code == 200
    pieces = Pieces(page.text)
    assert [(offset, ids, text) for u, offset, ids, text in pieces.pieces if u == coded.menu.pk] == [
        (0, (), "Das "),
        (4, (coded.a.pk,), "Menü "),
        (9, (coded.a.pk, coded.b.pk), "ist"),
        (12, (coded.b.pk,), " 🙂 zu"),
        (17, (), " langsam"),
    ]
    # What the browser reads back is the stored text, and each highlight is exactly its stored slice.
    with schema_context(world.acme.schema_name):
        for utterance in coded.transcript.utterances.all():
            assert pieces.text_of(utterance.pk) == utterance.text
        for highlight in Highlight.objects.all():
            assert (
                pieces.marked(highlight.pk)
                == highlight.text
                == highlight.utterance.text[highlight.start : highlight.end]
            )
    assert "01:01" in page.text and "02:02" in page.text  # sync: the time into the interview
    for level, text in PAIN_RUBRIC.items():
        assert escape(text) in page.text, level
    assert "AI suggests <strong>3</strong>: Slowness costs time daily." in page.text
    assert "Add a tag" not in page.text and 'id="selection-form"' not in page.text  # a viewer reads only


def test_selection_posts_code_point_offsets_and_htmx_gets_the_utterance(client_for, world, coded):
    response = client_for(world.researcher).post(
        f"/transcripts/{coded.transcript.pk}/highlights/",
        {"utterance": coded.menu.pk, "start": 15, "end": 25},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(
        f'<article class="utterance utterance--participant" id="u-{coded.menu.pk}"'
    )
    with schema_context(world.acme.schema_name):
        created = Highlight.objects.latest("pk")
    assert (created.text, created.author_id) == ("zu langsam", world.researcher.pk)
    assert Pieces(response.text).marked(created.pk) == "zu langsam"
    assert f'id="tag-{created.pk}"' in response.text and "autofocus" in response.text  # tag it next


def test_without_javascript_a_quote_is_highlighted_and_the_page_reloads(client_for, world, coded):
    client = client_for(world.owner)
    response = client.post(
        f"/transcripts/{coded.transcript.pk}/highlights/", {"utterance": coded.menu.pk, "quote": "🙂 zu"}
    )
    assert response.status_code == 302 and response.url == f"/transcripts/{coded.transcript.pk}/#u-{coded.menu.pk}"
    with schema_context(world.acme.schema_name):
        created = Highlight.objects.latest("pk")
    assert (created.start, created.end, created.text) == (13, 17, "🙂 zu")
    assert Pieces(client.get(response.url).text).marked(created.pk) == "🙂 zu"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": 3, "end": 99}, "The end is beyond the utterance: it has 25 characters."),
        ({"start": 7, "end": 7}, "The end must come after the start"),
        ({"quote": "zu schnell"}, "These words are not in the utterance"),
        ({}, "Type the words to highlight"),
    ],
)
def test_bad_selections_come_back_with_the_reason(client_for, world, coded, data, message):
    client = client_for(world.researcher)
    url = f"/transcripts/{coded.transcript.pk}/highlights/"
    partial = client.post(url, {"utterance": coded.menu.pk, **data}, headers=HTMX)
    assert partial.status_code == 400 and message in partial.text and "<html" not in partial.text
    page = client.post(url, {"utterance": coded.menu.pk, **data})
    assert page.status_code == 400 and message in page.text and "<html" in page.text
    with schema_context(world.acme.schema_name):
        assert Highlight.objects.count() == 2


def test_an_utterance_of_another_transcript_is_not_found(client_for, world, coded):
    with schema_context(world.acme.schema_name):
        elsewhere = first_utterance(make_transcript("Somewhere else."))
    response = client_for(world.researcher).post(
        f"/transcripts/{coded.transcript.pk}/highlights/", {"utterance": elsewhere.pk, "start": 0, "end": 4}
    )
    assert response.status_code == 404


def test_picker_creates_a_tag_inline_and_reuses_it(client_for, world, coded):
    client = client_for(world.researcher)
    response = client.post(f"/highlights/{coded.b.pk}/tags/", {"tag": "Slow  export"}, headers=HTMX)
    assert response.status_code == 200
    assert "Slow export" in response.text
    assert '<datalist id="tag-options" hx-swap-oob="true">' in response.text  # every picker now proposes it
    client.post(f"/highlights/{coded.a.pk}/tags/", {"tag": "slow export"}, headers=HTMX)
    with schema_context(world.acme.schema_name):
        tag = Tag.objects.get(name="Slow export")
        assert Tag.objects.filter(name__iexact="slow export").count() == 1
        assert set(tag.highlights.values_list("pk", flat=True)) == {coded.a.pk, coded.b.pk}
    empty = client.post(f"/highlights/{coded.a.pk}/tags/", {"tag": "  "}, headers=HTMX)
    assert empty.status_code == 400 and "Give the tag a name." in empty.text
    removed = client.post(f"/highlights/{coded.a.pk}/tags/{tag.pk}/remove/")
    assert removed.status_code == 302
    with schema_context(world.acme.schema_name):
        assert list(tag.highlights.values_list("pk", flat=True)) == [coded.b.pk]


def test_the_tag_editor_is_one_row_of_chips_and_one_input_that_works_without_javascript(client_for, world, coded):
    client = client_for(world.researcher)
    page = client.get(f"/transcripts/{coded.transcript.pk}/").text
    editor = page[page.index(f'<li class="highlight" id="h-{coded.a.pk}"') :]
    editor = editor[editor.index('<ul class="tag-list tag-editor"') : editor.index("</ul>")]
    # The tag as a chip with its remove button, then one input proposing the codebook, inside the same list.
    assert "Navigation" in editor and 'aria-label="Remove tag Navigation"' in editor
    assert editor.count("<input id=") == 1 and f'id="tag-{coded.a.pk}" name="tag" list="tag-options"' in editor
    assert f'<label for="tag-{coded.a.pk}" class="visually-hidden">Add a tag</label>' in editor
    assert page.count('name="tag"') == 2  # one per highlight, nowhere else
    # Without JavaScript: a plain post adds the tag and comes back to the utterance.
    added = client.post(f"/highlights/{coded.b.pk}/tags/", {"tag": "Speed"})
    assert added.status_code == 302 and added.url == f"/transcripts/{coded.transcript.pk}/#u-{coded.menu.pk}"
    with schema_context(world.acme.schema_name):
        assert list(Highlight.objects.get(pk=coded.b.pk).tags.values_list("name", flat=True)) == ["Speed"]


def test_a_selection_cutting_words_is_highlighted_as_whole_words(client_for, world, coded):
    response = client_for(world.researcher).post(
        f"/transcripts/{coded.transcript.pk}/highlights/", {"utterance": coded.menu.pk, "start": 16, "end": 20},
        headers=HTMX,
    )  # fmt: skip
    with schema_context(world.acme.schema_name):
        created = Highlight.objects.latest("pk")
    assert (created.start, created.end, created.text) == (15, 25, "zu langsam")  # "u la" was selected
    assert Pieces(response.text).marked(created.pk) == "zu langsam"


def test_pain_is_set_cleared_and_checked(client_for, world, coded):
    client = client_for(world.researcher)
    response = client.post(f"/highlights/{coded.a.pk}/pain/", {"pain": "4"}, headers=HTMX)
    assert response.status_code == 200 and '<option value="4" selected>4 · Severe</option>' in response.text
    bad = client.post(f"/highlights/{coded.a.pk}/pain/", {"pain": "9"}, headers=HTMX)
    assert bad.status_code == 400 and "Score pain from 1 to 5." in bad.text
    client.post(f"/highlights/{coded.a.pk}/pain/", {"pain": ""})
    with schema_context(world.acme.schema_name):
        assert Highlight.objects.get(pk=coded.a.pk).pain is None


def test_delete_a_highlight(client_for, world, coded):
    response = client_for(world.owner).post(f"/highlights/{coded.a.pk}/delete/", follow=True)
    assert "Deleted the highlight" in response.text
    pieces = Pieces(response.text)
    assert pieces.marked(coded.a.pk) == "" and pieces.marked(coded.b.pk) == "ist 🙂 zu"


def test_agreement_is_shown_for_the_round(client_for, world, coded):
    client = client_for(world.viewer)
    # One highlight scored by both: nothing to measure yet.
    assert "not enough variety yet" in client.get(f"/transcripts/{coded.transcript.pk}/").text
    with schema_context(world.acme.schema_name):
        Highlight.objects.filter(pk=coded.a.pk).update(pain=1, pain_ai=2)
    page = client.get(f"/transcripts/{coded.transcript.pk}/").text
    # Pairs (1, 2) and (4, 3), squared distances: observed (1 + 1) / 2 = 1; by chance, person {1, 4} x AI {2, 3}:
    # (1 + 4 + 4 + 1) / 4 = 2.5. kappa = 1 - 1 / 2.5 = 0.6.
    assert "<strong>kappa 0.60</strong>" in page and "over 2 highlights scored by both" in page
    listing = client.get("/transcripts/").text
    assert "Pain: people and the AI" in listing and "<td>0.60</td>" in listing


@pytest.mark.parametrize("role", ["viewer", "pm"])
def test_read_only_members_read_but_cannot_code(client_for, world, coded, role):
    client = client_for(getattr(world, role))
    assert client.get("/transcripts/").status_code == 200
    assert client.get(f"/transcripts/{coded.transcript.pk}/").status_code == 200
    writes = [
        (f"/transcripts/{coded.transcript.pk}/highlights/", {"utterance": coded.menu.pk, "start": 0, "end": 3}),
        (f"/highlights/{coded.a.pk}/tags/", {"tag": "Nope"}),
        (f"/highlights/{coded.a.pk}/tags/1/remove/", {}),
        (f"/highlights/{coded.a.pk}/pain/", {"pain": 2}),
        (f"/highlights/{coded.a.pk}/delete/", {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    with schema_context(world.acme.schema_name):
        assert Highlight.objects.count() == 2 and not Tag.objects.filter(name="Nope").exists()


def test_outsiders_get_404_and_workspaces_stay_apart(client_for, world, coded):
    outsider = client_for(world.outsider)
    for url in ("/transcripts/", f"/transcripts/{coded.transcript.pk}/"):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/highlights/{coded.a.pk}/pain/", {"pain": 2}).status_code == 404
    # Globex's own owner, on globex: acme's transcript is not there, and their list is empty.
    at_globex = client_for(world.outsider, host=GLOBEX_HOST)
    assert at_globex.get(f"/transcripts/{coded.transcript.pk}/").status_code == 404
    assert at_globex.post(f"/highlights/{coded.a.pk}/delete/").status_code == 404
    assert "No transcripts yet." in at_globex.get("/transcripts/").text


def test_list_filters_and_fixed_query_budget(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        first = make_transcript("Hello there.", kind="async", title="Async with Kim")
    client = client_for(world.viewer)
    with django_assert_max_num_queries(30) as one:
        page = client.get("/transcripts/")
    assert "Async with Kim" in page.text
    with schema_context(world.acme.schema_name):
        for i in range(49):
            transcript = make_transcript("Hi.", "The export is slow.", kind="sync", title=f"Sync {i}")
            coding.highlight_create(utterance=first_utterance(transcript), start=0, end=2, actor=None, pain=2)
    with django_assert_max_num_queries(30) as fifty:
        page = client.get("/transcripts/")
    assert len(reads(one)) == len(reads(fifty))
    assert "50 transcripts" in page.text
    only_async = client.get("/transcripts/?kind=async", headers=HTMX).text
    assert "Async with Kim" in only_async and "Sync 3" not in only_async and "<html" not in only_async
    by_round = client.get(f"/transcripts/?round={first.round_id}").text
    assert "1 transcript" in by_round and "Async with Kim" in by_round


def test_coding_page_has_a_fixed_query_budget(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        short = make_transcript("Just one.")
        coding.highlight_create(utterance=first_utterance(short), start=0, end=4, actor=None, tags=["A"])
        long = make_transcript(*[f"Sentence number {i} is here." for i in range(40)])
        for utterance in long.utterances.all():
            coding.highlight_create(utterance=utterance, start=0, end=15, actor=None, tags=["A", "B"], pain=3)
            coding.highlight_create(utterance=utterance, start=9, end=len(utterance.text), actor=None, tags=["C"])
    client = client_for(world.researcher)
    with django_assert_max_num_queries(30) as few:
        client.get(f"/transcripts/{short.pk}/")
    with django_assert_max_num_queries(30) as many:
        page = client.get(f"/transcripts/{long.pk}/")
    assert len(reads(few)) == len(reads(many))
    assert page.text.count("<mark") == 40 * 3  # "Sentence ", "number" (in both), " N is here."
