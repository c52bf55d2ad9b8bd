"""Roadmap items in the workspace's search (synthesis.search): registered from `RoadmapConfig.ready()`, because
synthesis cannot know the roadmap (dependencies point one way)."""

from synthesis.search.kinds import Kind, register

register(
    Kind(
        name="roadmap_item",
        label="Roadmap items",
        order=60,
        vector="ri.search_vector",
        source="""
            SELECT ri.id, ri.title AS title, ri.title || ' ' || ri.description AS body, '' AS link,
                   ri.search_vector AS vector
            FROM roadmap_roadmapitem ri WHERE {where}""",
        conditions={},
        url=lambda pk, link: f"/roadmap/{pk}/",
    )
)
