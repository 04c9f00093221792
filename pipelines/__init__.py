"""wfm-hub extraction: dlt sources and the run entry point."""
