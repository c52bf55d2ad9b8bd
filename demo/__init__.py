"""The demo seed: `manage.py seed_demo` and one module per app. The only package that may import every app."""
