"""New York City practice before Local Law 62 of 2011, the hold decision, written by hand.

No statute: the city honored every detainer it received.
"""

from __future__ import annotations

from generated.nyc.before_local_law_62 import Case, Hold

HONORED = Hold.MAY_BE_HONORED


def hold(case: Case) -> Hold:
    """May the agency hold the person on the civil immigration detainer? Always."""
    return HONORED
