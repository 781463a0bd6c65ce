"""Results in the domain's words: text, tables (CSV, Markdown, LaTeX), JSON documents,
manifests, and results folders that never lose a user's files."""

from negotiation.report.documents import analysis_document, analysis_tables
from negotiation.report.folder import write_folder
from negotiation.report.results import (
    display_path,
    dumps,
    manifest,
    model_info,
    package_versions,
    write_results,
)
from negotiation.report.tables import Table, rounded
from negotiation.report.text import VERDICT_MEANINGS, VERDICT_TITLES, appendix_summary, explain

__all__ = ["VERDICT_MEANINGS", "VERDICT_TITLES", "Table", "analysis_document",
           "analysis_tables", "appendix_summary", "display_path", "dumps", "explain",
           "manifest", "model_info", "package_versions", "rounded", "write_folder",
           "write_results"]
