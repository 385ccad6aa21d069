"""The recommendation engine: plain Python and numpy, no database access.

`scoring` ranks cities for one city and explains each score; `assignment` pairs a
round's applicants with its hosts under their capacities. `partnerships.corpus` is the
layer that reads the database and hands the engine its vectors.
"""
