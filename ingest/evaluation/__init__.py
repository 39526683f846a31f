"""Evaluation against gold: loading gold (reference JSON, PolNeAR brat) and the scoring rules."""
