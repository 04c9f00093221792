"""The contract tests' fixtures (defined in ``common`` beside the helpers they use)."""

from tests.contract.common import sdk, unit  # noqa: F401  (pytest fixtures)
