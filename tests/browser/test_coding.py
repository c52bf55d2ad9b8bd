"""A researcher codes a transcript in Chromium: selects a sentence that follows an emoji from the keyboard, highlights
it, tags it with a new tag, scores its pain, and after a reload finds it marking exactly that sentence; then selects
across the first highlight's edge, as a mouse drag would, for an overlapping one; a drag that stops inside words
snaps to whole words, on the page and in what is stored."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import Transcript, Utterance
from studies.models import Study
from synthesis.models import Highlight, Tag
from tests.conftest import PASSWORD
from tests.processes import committed
from tests.studies.factories import RoundFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Browser: coding Ana's interview"
TAG = "Browser: export breaks"
# The emoji is one code point but two UTF-16 units: the browser's offsets and Python's differ after it.
TEXT = "Das Menü ist 🙂 zu langsam. Der Export bricht jeden Freitag ab, dann warte ich."
SENTENCE = "Der Export bricht jeden Freitag ab"

# Select `quote` in an utterance's text however highlights cut it into text nodes, as a mouse drag would.
SELECT = """([utteranceId, quote]) => {
  const text = document.querySelector(`p[data-utterance="${utteranceId}"]`);
  const from = text.textContent.indexOf(quote), to = from + quote.length;  // UTF-16 units, as the DOM counts
  const range = document.createRange();
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let seen = 0, started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!started && from < seen + node.data.length) { range.setStart(node, from - seen); started = true; }
    if (to <= seen + node.data.length) { range.setEnd(node, to - seen); break; }
    seen += node.data.length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  text.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""
ACROSS = """([fromId, toId]) => {
  const range = document.createRange();
  range.setStart(document.querySelector(`p[data-utterance="${fromId}"] .seg`).firstChild, 4);
  range.setEnd(document.querySelector(`p[data-utterance="${toId}"] .seg`).firstChild, 3);
  window.getSelection().removeAllRanges();
  window.getSelection().addRange(range);
}"""


@pytest.fixture
def transcript(world):
    def create():
        with schema_context(world.acme.schema_name):
            round_ = RoundFactory(study=StudyFactory(title=TITLE), kind="sync", purpose="Deep dives")
            transcript = Transcript.objects.create(kind="sync", round=round_, title=TITLE, occurred_at=timezone.now())
            said = {"transcript": transcript, "speaker_role": "interviewer", "speaker_name": "Sam"}
            question = Utterance.objects.create(**said, order=1, text="Wie läuft der Export?", start_ms=0)
            said.update(speaker_role="participant", speaker_name="Ana")
            answer = Utterance.objects.create(**said, order=2, text=TEXT, start_ms=65_000)
            return transcript.pk, question.pk, answer.pk

    yield committed(create)

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title=TITLE).delete()
            Tag.objects.filter(name=TAG).delete()

    committed(remove)


# Resolves once htmx has attached its listeners to the form (it does so just after a swap settles).
HTMX_WIRED = """form => new Promise(done => (function ready() {
  form["htmx-internal-data"]?.listenerInfos?.length ? done() : setTimeout(ready, 20);
})())"""


def test_select_highlight_tag_and_score_a_sentence(live_parley, page, world, transcript):
    transcript_id, question_id, answer_id = transcript
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/transcripts/{transcript_id}/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    answer = page.locator(f"#u-{answer_id}")
    expect(answer.locator("time")).to_have_text("01:05")
    page.wait_for_load_state("load")  # coding.js (deferred) listens for selections from then on

    form = page.locator("#selection-form")
    page.evaluate(ACROSS, [question_id, answer_id])
    expect(form).to_contain_text("A highlight stays within one utterance.")
    expect(form.get_by_role("button", name="Highlight")).to_be_disabled()

    # From the keyboard: Tab to the answer's text, walk to the sentence, select it with Shift + arrows, Tab, Enter.
    page.evaluate("window.getSelection().removeAllRanges()")
    answer.locator("p.utterance-text").focus()
    for _ in range(TEXT.index(SENTENCE)):  # the emoji is one step, as it is one character
        page.keyboard.press("ArrowRight")
    for _ in range(len(SENTENCE)):
        page.keyboard.press("Shift+ArrowRight")
    expect(form).to_contain_text(f"“{SENTENCE}”")
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Highlight")).to_be_focused()
    page.keyboard.press("Enter")
    mark = answer.locator("p.utterance-text mark")
    expect(mark).to_have_text(SENTENCE)

    # The new highlight's tag picker has the keyboard: type a tag that does not exist yet, and Enter.
    tag_input = answer.get_by_label("Add a tag")
    expect(tag_input).to_be_focused()
    page.keyboard.type(TAG)
    page.keyboard.press("Enter")
    expect(answer.locator(".tag-list")).to_contain_text(TAG)
    expect(page.locator(f'#tag-options option[value="{TAG}"]')).to_have_count(1)

    # The tag's swap just brought new forms in: wait until htmx has wired the pain form before changing it.
    pain_form = answer.locator("form", has=page.get_by_label("Pain intensity"))
    pain_form.evaluate(HTMX_WIRED)
    with page.expect_response(lambda response: "/pain/" in response.url):
        answer.get_by_label("Pain intensity").select_option("4")
    expect(answer.get_by_label("Pain intensity")).to_have_value("4")

    page.reload()
    answer = page.locator(f"#u-{answer_id}")
    expect(answer.locator("p.utterance-text mark")).to_have_text(SENTENCE)
    expect(answer.locator("p.utterance-text")).to_have_text(TEXT)
    expect(answer.get_by_label("Pain intensity")).to_have_value("4")
    expect(answer.locator(".tag-list")).to_contain_text(TAG)

    # A second, overlapping highlight: the selection starts in plain text and ends inside the first mark.
    page.evaluate(SELECT, [answer_id, "zu langsam. Der Export"])
    page.locator("#selection-form").get_by_role("button", name="Highlight").click()
    expect(answer.locator("p.utterance-text mark")).to_have_count(3)
    expect(answer.locator("p.utterance-text")).to_have_text(TEXT)

    def stored():
        with schema_context(world.acme.schema_name):
            highlights = Highlight.objects.prefetch_related("tags").filter(utterance_id=answer_id).order_by("pk")
            return [(h.start, h.end, h.text, h.pain, [t.name for t in h.tags.all()]) for h in highlights]

    start = TEXT.index(SENTENCE)  # code points: one less than the browser's UTF-16 index
    second = TEXT.index("zu langsam")
    assert committed(stored) == [
        (start, start + len(SENTENCE), SENTENCE, 4, [TAG]),
        (second, second + len("zu langsam. Der Export"), "zu langsam. Der Export", None, []),
    ]


def test_a_drag_that_cuts_words_snaps_to_whole_words(live_parley, page, world, transcript):
    transcript_id, _, answer_id = transcript
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/transcripts/{transcript_id}/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")

    # "u langsam. Der Expo": the drag began inside "zu" (after the emoji) and stopped inside "Export".
    page.evaluate(SELECT, [answer_id, "u langsam. Der Expo"])
    form = page.locator("#selection-form")
    expect(form).to_contain_text("“zu langsam. Der Export”")
    assert page.evaluate("window.getSelection().toString()") == "zu langsam. Der Export"  # the coder sees it
    form.get_by_role("button", name="Highlight").click()
    answer = page.locator(f"#u-{answer_id}")
    expect(answer.locator("p.utterance-text mark")).to_have_text("zu langsam. Der Export")

    def stored():
        with schema_context(world.acme.schema_name):
            return list(Highlight.objects.filter(utterance_id=answer_id).values_list("start", "end", "text"))

    start = TEXT.index("zu langsam")
    assert committed(stored) == [(start, start + len("zu langsam. Der Export"), "zu langsam. Der Export")]
