"""Privacy (GDPR): erase one person on request, and retention rules the nightly applies.

``erase`` (``wfm-hub erase-person``) removes or pseudonymizes a person in every table and
file of the installation; ``retention`` pseudonymizes people long gone and drops old raw detail.
Both record what they did in ``wfm_hub_ops.erasure_audit`` without personal data. docs/privacy.md.
"""

from .erase import ErasureReport, erase
from .person import SELECTOR_KINDS, Person, Selector

__all__ = ["SELECTOR_KINDS", "ErasureReport", "Person", "Selector", "erase"]
