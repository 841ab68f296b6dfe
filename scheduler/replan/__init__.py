"""Re-planning a round in progress (the format's `replan` addition).

`remaining.py` turns a re-plan instance into the round that is left from `now` on, an
ordinary instance whose policies carry the delivered time as constants; `kept.py`
says which baseline blocks a revision keeps; `engine.py` solves a re-plan through the
engine's one code path; `changes.py` explains what changed and why.
"""
