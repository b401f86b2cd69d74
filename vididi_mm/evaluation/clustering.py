"""How well the features separate classes: Table 7 and Fig. 4 of the paper."""
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from .knn_search import knn_search

#: The class counts of Table 7.
TABLE7_COUNTS = (3, 5, 10, 15, 20, 'all')


def best_retrieved_classes(features: np.ndarray, labels: np.ndarray,
                           splits: np.ndarray) -> List[int]:
    """Classes ordered by their queries' top-1 retrieval accuracy, best first.

    Nearest neighbours by cosine similarity; ties are broken by the smaller
    class id.
    """
    gallery, query = splits == 'gallery', splits == 'query'
    unit = torch.nn.functional.normalize(torch.from_numpy(features).float(), dim=1)
    nearest = knn_search(unit[query], unit[gallery], 1)[:, 0].numpy()
    hit = labels[gallery][nearest] == labels[query]
    classes = np.unique(labels[query])
    accuracy = {c: hit[labels[query] == c].mean() for c in classes}
    return sorted(classes.tolist(), key=lambda c: (-accuracy[c], c))


def silhouette_table(features: np.ndarray, labels: np.ndarray,
                     ranked_classes: Sequence[int],
                     counts: Sequence = TABLE7_COUNTS) -> Dict[str, float]:
    """Cosine silhouette score of the features of the top-n classes, per n."""
    from sklearn.metrics import silhouette_score

    table = {}
    for n in counts:
        chosen = list(ranked_classes) if n == 'all' else list(ranked_classes)[:n]
        if n != 'all' and len(chosen) < n:
            continue
        mask = np.isin(labels, chosen)
        if len(chosen) < 2 or mask.sum() <= len(chosen):
            continue
        table[str(n)] = float(silhouette_score(features[mask], labels[mask],
                                               metric='cosine'))
    return table


def plot_tsne(features: np.ndarray, labels: np.ndarray, classes: Sequence[int],
              path: str, class_names: Optional[Sequence[str]] = None,
              title: str = '', seed: int = 0) -> None:
    """A t-SNE scatter of the given classes' features, one colour each (Fig. 4)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from sklearn.manifold import TSNE

    mask = np.isin(labels, classes)
    points = TSNE(n_components=2, init='pca', random_state=seed, metric='cosine',
                  perplexity=min(30.0, max(2.0, (mask.sum() - 1) / 3))
                  ).fit_transform(features[mask])
    fig, ax = plt.subplots(figsize=(5, 5))
    for c in classes:
        sel = labels[mask] == c
        name = class_names[c] if class_names is not None else str(c)
        ax.scatter(points[sel, 0], points[sel, 1], s=12, label=name)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.legend(fontsize=7, loc='best')
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
