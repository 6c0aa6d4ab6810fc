"""Reusable test behaviour and the shared ComplianceStablecoin test world (not collected)."""
