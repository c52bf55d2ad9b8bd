"""`make bench`: how long a workspace takes to create, and how many requests a second the API serves."""
