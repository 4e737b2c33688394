"""Importing menus from other systems into servicekit catalogues."""
