"""Every event a workspace's webhook endpoints can receive, with the words shown to owners choosing them."""

PING = "ping"

EVENTS: dict[str, str] = {
    "interview.started": "A participant started an interview.",
    "interview.completed": "A participant finished an interview.",
    "booking.created": "A participant booked a call.",
    "booking.rescheduled": "A booked call moved to another time.",
    "booking.cancelled": "A booked call was cancelled.",
    "roadmap_item.status_changed": "A roadmap item moved to another status.",
    # Sent only by "Send test" to the one endpoint being tested; no endpoint subscribes to it.
    PING: "A test delivery from the webhook settings.",
}

SUBSCRIBABLE_EVENTS: tuple[str, ...] = tuple(name for name in EVENTS if name != PING)
