"""The charts page: patterns across coded interviews.

`selectors` computes the numbers (tag frequency by segment, pain distribution, saturation) in a fixed number of
queries; `layout` turns them into SVG geometry for the templates in `templates/synthesis/charts/`.
"""
