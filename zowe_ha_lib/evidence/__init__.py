"""Captured operator displays: reading them (:mod:`.reader`) and one parser per display family."""

from .base import Display, Response
from .reader import Evidence, EvidenceProblem, read_evidence, scan_text

__all__ = ["Display", "Evidence", "EvidenceProblem", "Response", "read_evidence", "scan_text"]
