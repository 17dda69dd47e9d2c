"""What several features share: filters, keyboards, cross-feature callbacks, pickers."""
