"""Report formats: one module each, all views of the same list of FileReports."""
