"""Load the bundled corpus's tables into pandas and draw two plots (run as a script or cell by cell).

    .venv/bin/python docs/notebook_example.py [--tei corpus/tei] [--out plots/]

Writes ``mentions_per_person.png`` and ``network.png`` into ``--out``. Each block below marked
``# %%`` is a notebook cell (Jupyter, VS Code and Spyder run them one by one).
"""

# %% Set-up: where the TEI is and where the plots go
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; in a notebook, drop this line to see the plots inline
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import networkx as nx  # noqa: E402

from tei_toolkit.export import ExportOptions, tables  # noqa: E402
from tei_toolkit.resources import corpus_root  # noqa: E402

parser = argparse.ArgumentParser(description="Plots from the tei-toolkit tables.")
parser.add_argument("--tei", nargs="+", default=[str(corpus_root() / "tei")], help="TEI files or folders")
parser.add_argument("--out", default="plots", help="folder for the PNG files")
args = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
out = Path(args.out)
out.mkdir(parents=True, exist_ok=True)

# %% The four tables as typed DataFrames (same columns as the CSV files; see docs/tables.md)
data = tables(args.tei, ExportOptions(context_words=5))
documents, mentions = data["documents"], data["mentions"]
entities, pairs = data["entities"], data["cooccurrence"]
print(documents[["id", "title", "date", "words", "mentions"]].to_string(index=False))

# %% Plot 1: mentions per person, most mentioned first
persons = (mentions[mentions["type"] == "person"]
           .assign(name=lambda frame: frame["label"].fillna(frame["text"]))
           .groupby("name").size().sort_values(ascending=True).tail(20))
figure, axes = plt.subplots(figsize=(7, max(2.5, 0.35 * len(persons) + 1)))
axes.barh(persons.index, persons.to_numpy(), color="#4b6c9c")
axes.set_xlabel("mentions")
axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
axes.set_title("Mentions per person")
figure.tight_layout()
figure.savefig(out / "mentions_per_person.png", dpi=120)
plt.close(figure)

# %% Plot 2: who is mentioned with whom (entities in the same paragraph)
graph = nx.Graph()
labels = dict(zip(entities["id"], entities["label"].fillna(entities["id"])))
kinds = dict(zip(entities["id"], entities["type"]))
for row in pairs.itertuples():
    graph.add_edge(row.source, row.target, weight=int(row.count))
colours = {"person": "#4b6c9c", "place": "#6c9c4b", "org": "#9c4b6c"}
figure, axes = plt.subplots(figsize=(8, 6))
if graph.number_of_nodes():
    layout = nx.spring_layout(graph, seed=1, weight="weight")
    widths = [0.5 + graph[a][b]["weight"] for a, b in graph.edges]
    nx.draw_networkx_edges(graph, layout, ax=axes, width=widths, alpha=0.4)
    nx.draw_networkx_nodes(graph, layout, ax=axes, node_size=300,
                           node_color=[colours.get(kinds.get(node), "#999999") for node in graph])
    nx.draw_networkx_labels(graph, layout, ax=axes, font_size=8,
                            labels={node: labels.get(node, node) for node in graph})
axes.set_title("Co-occurrence in paragraphs")
axes.axis("off")
figure.tight_layout()
figure.savefig(out / "network.png", dpi=120)
plt.close(figure)
print(f"wrote {out / 'mentions_per_person.png'} and {out / 'network.png'}")
