"""Validation at scale: an async round whose guide asks one neutral question per insight, a fresh sample invited
under the contact rules, and each answer classified as confirming or contradicting its insight."""
