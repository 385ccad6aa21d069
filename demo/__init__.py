"""TwinHub's demo content: data files in `demo/data/`, built into pages by one loader.

`manage.py load_demo` loads it. This app may import every other app; no app imports it.
"""
