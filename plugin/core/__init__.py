"""Vigie's QGIS-free core: road routing, transit, indicators and open-data fetchers.

Nothing under this package imports ``qgis`` (a test enforces it), so the same method runs in
QGIS, in plain Python, on the command line and on a Dask cluster. Everything QGIS-facing
(algorithms, bridge, styles, layouts, provenance) lives above it and imports from it.
"""
