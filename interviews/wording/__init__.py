"""Email wording: each workspace's own subject and opening paragraph for the emails participants receive."""
