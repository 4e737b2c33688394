"""The loading edge: TOML text to checked attrs objects, and problems located in the text.

`catalogue` puts the pieces together: `load()` reads a file, builds it and locates every
problem on its line.
"""
