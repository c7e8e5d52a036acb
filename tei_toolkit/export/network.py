"""The co-occurrence network as GraphML or GEXF (for Gephi, networkx, Cytoscape), written with lxml.

Both stream: edges are written as the co-occurrence rows come, so a corpus with millions of pairs
never holds a tree of them (``lxml.etree.xmlfile``). One node or edge per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
G, X = f"{{{GRAPHML_NS}}}", f"{{{GEXF_NS}}}"


def network_nodes(entities: list[dict], pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """The entities that are in a pair (``(source, target)`` ids), by id; an id without an entry
    gets itself as label."""
    used = {node for pair in pairs for node in pair}
    known = {row["id"]: row for row in entities}
    return [known.get(node) or {"id": node, "label": node, "type": None, "mentions": 0}
            for node in sorted(used)]


def write_graphml(handle: BinaryIO, nodes: list[dict], pairs: Iterable[dict]) -> None:
    """An undirected GraphML graph: nodes = entities (label, type, mentions), edges weighted by count."""
    keys = [("label", "node", "string"), ("type", "node", "string"), ("mentions", "node", "int"),
            ("weight", "edge", "double"), ("documents", "edge", "int")]
    with etree.xmlfile(handle, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(G + "graphml", nsmap={None: GRAPHML_NS}):
            for name, domain, kind in keys:
                xf.write("\n  ")
                with xf.element(G + "key", attrib={"id": name, "for": domain, "attr.name": name,
                                                    "attr.type": kind}):
                    pass
            xf.write("\n  ")
            with xf.element(G + "graph", id="cooccurrence", edgedefault="undirected"):
                for node in nodes:
                    xf.write("\n    ")
                    with xf.element(G + "node", id=node["id"]):
                        for name in ("label", "type", "mentions"):
                            if node.get(name) is not None:
                                with xf.element(G + "data", key=name):
                                    xf.write(str(node[name]))
                for number, pair in enumerate(pairs, 1):
                    xf.write("\n    ")
                    with xf.element(G + "edge", id=f"e{number}", source=pair["source"], target=pair["target"]):
                        with xf.element(G + "data", key="weight"):
                            xf.write(str(float(pair["count"])))
                        with xf.element(G + "data", key="documents"):
                            xf.write(str(pair["documents"]))
                xf.write("\n  ")
            xf.write("\n")
    handle.write(b"\n")


def write_gexf(handle: BinaryIO, nodes: list[dict], pairs: Iterable[dict]) -> None:
    """The same network as GEXF 1.3 (Gephi's own format)."""
    with etree.xmlfile(handle, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(X + "gexf", nsmap={None: GEXF_NS}, version="1.3"):
            xf.write("\n  ")
            with xf.element(X + "graph", defaultedgetype="undirected"):
                xf.write("\n    ")
                with xf.element(X + "attributes", attrib={"class": "node"}):
                    for name, kind in (("type", "string"), ("mentions", "integer")):
                        xf.write("\n      ")
                        with xf.element(X + "attribute", id=name, title=name, type=kind):
                            pass
                    xf.write("\n    ")
                xf.write("\n    ")
                with xf.element(X + "nodes"):
                    for node in nodes:
                        xf.write("\n      ")
                        with xf.element(X + "node", id=node["id"], label=str(node.get("label") or node["id"])):
                            with xf.element(X + "attvalues"):
                                with xf.element(X + "attvalue", attrib={"for": "type",
                                                                        "value": str(node.get("type") or "")}):
                                    pass
                                with xf.element(X + "attvalue", attrib={"for": "mentions",
                                                                        "value": str(node.get("mentions") or 0)}):
                                    pass
                    xf.write("\n    ")
                xf.write("\n    ")
                with xf.element(X + "edges"):
                    for number, pair in enumerate(pairs, 1):
                        xf.write("\n      ")
                        with xf.element(X + "edge", id=f"e{number}", source=pair["source"], target=pair["target"],
                                        weight=str(float(pair["count"]))):
                            pass
                    xf.write("\n    ")
                xf.write("\n  ")
            xf.write("\n")
    handle.write(b"\n")


WRITERS = {"graphml": write_graphml, "gexf": write_gexf}
