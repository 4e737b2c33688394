"""Service menus people read: the terminal, a website, a printed page."""
