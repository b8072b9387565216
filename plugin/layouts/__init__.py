"""Print layouts and atlases of Vigie outputs (QGIS-facing).

``page``, ``labels`` and ``figures`` are plain Python (no qgis import) so they can be
tested and reused anywhere; ``builder`` and ``export`` talk to QGIS.
"""
