"""Pages of async interviews: the participant's (public, by token) and the staff's."""
