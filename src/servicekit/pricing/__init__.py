"""Pricing: a booking, the catalogue's rules, and an exact, explainable quote."""
