"""Static analysis of the kit's contracts: Slither, gated by an allowlist of justified findings.

Run ``python -m compliance_kit.analysis.slither``; see :mod:`compliance_kit.analysis.slither`
and docs/security.md.
"""
