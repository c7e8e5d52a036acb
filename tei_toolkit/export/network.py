"""The co-occurrence network as GraphML or GEXF (for Gephi, networkx, Cytoscape), built with lxml."""

from __future__ import annotations

from lxml import etree

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"


def _nodes(entities: list[dict], pairs: list[dict]) -> list[dict]:
    used = {pair["source"] for pair in pairs} | {pair["target"] for pair in pairs}
    known = {row["id"]: row for row in entities}
    return [known.get(node) or {"id": node, "label": node, "type": None, "mentions": 0}
            for node in sorted(used)]


def graphml(entities: list[dict], pairs: list[dict]) -> bytes:
    """An undirected GraphML graph: nodes = entities (label, type, mentions), edges weighted by count."""
    root = etree.Element(f"{{{GRAPHML_NS}}}graphml", nsmap={None: GRAPHML_NS})
    keys = [("label", "node", "string"), ("type", "node", "string"), ("mentions", "node", "int"),
            ("weight", "edge", "double"), ("documents", "edge", "int")]
    for name, domain, kind in keys:
        etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id=name, attrib={
            "for": domain, "attr.name": name, "attr.type": kind})
    graph = etree.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="cooccurrence", edgedefault="undirected")
    for node in _nodes(entities, pairs):
        element = etree.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=node["id"])
        for name in ("label", "type", "mentions"):
            if node.get(name) is not None:
                etree.SubElement(element, f"{{{GRAPHML_NS}}}data", key=name).text = str(node[name])
    for number, pair in enumerate(pairs, 1):
        edge = etree.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=f"e{number}",
                                source=pair["source"], target=pair["target"])
        etree.SubElement(edge, f"{{{GRAPHML_NS}}}data", key="weight").text = str(float(pair["count"]))
        etree.SubElement(edge, f"{{{GRAPHML_NS}}}data", key="documents").text = str(pair["documents"])
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def gexf(entities: list[dict], pairs: list[dict]) -> bytes:
    """The same network as GEXF 1.3 (Gephi's own format)."""
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS}, version="1.3")
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", defaultedgetype="undirected")
    attributes = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes", attrib={"class": "node"})
    etree.SubElement(attributes, f"{{{GEXF_NS}}}attribute", id="type", title="type", type="string")
    etree.SubElement(attributes, f"{{{GEXF_NS}}}attribute", id="mentions", title="mentions", type="integer")
    nodes = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for node in _nodes(entities, pairs):
        element = etree.SubElement(nodes, f"{{{GEXF_NS}}}node", id=node["id"],
                                   label=str(node.get("label") or node["id"]))
        values = etree.SubElement(element, f"{{{GEXF_NS}}}attvalues")
        etree.SubElement(values, f"{{{GEXF_NS}}}attvalue", attrib={"for": "type", "value": str(node.get("type") or "")})
        etree.SubElement(values, f"{{{GEXF_NS}}}attvalue",
                         attrib={"for": "mentions", "value": str(node.get("mentions") or 0)})
    edges = etree.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for number, pair in enumerate(pairs, 1):
        etree.SubElement(edges, f"{{{GEXF_NS}}}edge", id=f"e{number}", source=pair["source"],
                         target=pair["target"], weight=str(float(pair["count"])))
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


WRITERS = {"graphml": graphml, "gexf": gexf}
