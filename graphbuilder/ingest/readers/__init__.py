"""One reader per input format; each returns `RawReports` for validation."""
