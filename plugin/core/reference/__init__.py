"""Reference definitions that are data, each read from a file in ``data/`` with its source.

BPE code tables and ranges per edition, INSEE's basket of everyday services, official access
thresholds, DREES age weights: shipped as CSV/JSON beside this package (see data/SOURCES.md),
never as constants scattered in algorithms. Loaders here import no ``qgis``.
"""
