"""Booking pages: the participant's (public, by token) in `participant`, the staff's in `staff`."""
