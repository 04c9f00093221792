"""Genesys Cloud API simulator: several orgs and regions, deterministic WFM data, faults on demand."""
