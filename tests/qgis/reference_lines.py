"""The reference line reader of the tests (it was qgis_bridge.read_lines before the WKB reader replaced it)."""

import numpy as np
from qgis.core import QgsFeatureRequest, QgsWkbTypes


def read_lines_reference(source, target_crs, context, attributes=None):
    """Line parts of a layer in ``target_crs``, one QgsPointXY at a time: the plain reading that
    ``qgis_bridge.read_lines`` (WKB decoded by numpy) must match.

    Returns (part coordinate arrays, index of the feature row of each part, attribute rows,
    skipped count). Multi-lines give one part each; Z and M are dropped.
    """
    parts, part_rows, rows, skipped = [], [], [], 0
    request = QgsFeatureRequest().setDestinationCrs(target_crs, context.transformContext())
    if attributes is not None:
        request.setSubsetOfAttributes(attributes, source.fields())
    for feature in source.getFeatures(request):
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty() or geometry.type() != QgsWkbTypes.LineGeometry:
            skipped += 1
            continue
        polylines = geometry.asMultiPolyline() if geometry.isMultipart() else [geometry.asPolyline()]
        row_index = len(rows)
        kept = 0
        for polyline in polylines:
            if len(polyline) < 2:
                continue
            coords = np.array([(p.x(), p.y()) for p in polyline], dtype=float)
            if not np.isfinite(coords).all():
                continue
            parts.append(coords)
            part_rows.append(row_index)
            kept += 1
        if kept == 0:
            skipped += 1
            continue
        rows.append(feature.attributes() if attributes is None else [feature[name] for name in attributes])
    return parts, np.asarray(part_rows, dtype=np.int64), rows, skipped
