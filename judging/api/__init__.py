"""The judging API (mounted under /api/v1/): one module per area, same services and rules as the pages."""
