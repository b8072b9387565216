"""Publishing a Vigie diagnostic as open data, QGIS-free.

What a neighbour, a citizen or a data portal reads: CSV tables in French and international
variants (:mod:`.tables`), GeoJSON in WGS84 that follows RFC 7946 (:mod:`.geojson`), a uMap map
file (:mod:`.umap`), DCAT-AP metadata (:mod:`.dcat`) and its French reading guide
(:mod:`.lisezmoi`), the licence the inputs impose (:mod:`.licences`), INSEE's confidentiality
practice for the 200 m grid (:mod:`.confidentiality`) and an all-or-nothing writer for the
package folder or zip (:mod:`.package`). The QGIS side (``vigie:publish``) reads layers and
their provenance, then hands plain values to these functions.
"""
