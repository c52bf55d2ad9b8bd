"""Every point of a summary cites stored words: each citation names an utterance or highlight of the summary's
material and quotes words that are in it. `verify` keeps the citations that hold (their quotes made exact), drops
a point left without one, and counts the dropped points. Both backends go through it: the extractive one passes by
construction (unless the words changed meanwhile), the model's only when it copied the words it cites."""

from interviews.models import Utterance
from synthesis.briefs.citations import exact_quote
from synthesis.models import Highlight


def _texts(content: dict) -> dict[tuple[str, int], tuple[str, int]]:
    """(kind, id) -> (stored text, transcript id) for everything the content cites: two queries."""
    wanted = {"utterance": set(), "highlight": set()}
    for item in [*content.get("points", []), *content.get("quotes", [])]:
        for cite in item.get("citations", [item]):
            if cite.get("kind") in wanted and isinstance(cite.get("id"), int) and not isinstance(cite["id"], bool):
                wanted[cite["kind"]].add(cite["id"])
    texts = {}
    for pk, text, transcript in Utterance.objects.filter(pk__in=wanted["utterance"]).values_list(
        "pk", "text", "transcript_id"
    ):
        texts["utterance", pk] = (text, transcript)
    for pk, text, transcript in Highlight.objects.filter(pk__in=wanted["highlight"]).values_list(
        "pk", "text", "transcript_id"
    ):
        texts["highlight", pk] = (text, transcript)
    return texts


def _held(cite, texts, allowed) -> dict | None:
    if not isinstance(cite, dict):
        return None
    key = (cite.get("kind"), cite.get("id"))
    if key not in texts or (allowed is not None and key not in allowed):
        return None
    text, transcript = texts[key]
    quote = exact_quote(text, cite.get("quote"))
    return None if quote is None else {"kind": key[0], "id": key[1], "quote": quote, "transcript_id": transcript}


def verify(content: dict, allowed: set[tuple[str, int]] | None = None) -> int:
    """Drop (in place) citations that do not hold, points left without one, and quotes that do not hold; `allowed`
    limits citations to the summary's own material. Returns how many points were dropped."""
    texts = _texts(content)
    points, dropped = [], 0
    for point in content.get("points", []):
        text = " ".join(str(point.get("text") or "").split()) if isinstance(point, dict) else ""
        cites = (
            [held for cite in (point.get("citations") or []) if (held := _held(cite, texts, allowed))] if text else []
        )
        if cites:
            points.append({**point, "text": text, "citations": cites})
        else:
            dropped += 1
    content["points"] = points
    content["quotes"] = [{**q, **held} for q in content.get("quotes", []) if (held := _held(q, texts, allowed))]
    return dropped


def url(cite: dict) -> str:
    anchor = "h" if cite["kind"] == "highlight" else "u"
    return f"/transcripts/{cite['transcript_id']}/#{anchor}-{cite['id']}"
